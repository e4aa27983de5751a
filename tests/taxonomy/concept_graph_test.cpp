#include "taxonomy/concept_graph.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "taxonomy/query_expansion.h"
#include "taxonomy/scheme_store.h"
#include "tests/taxonomy/fixture.h"

using namespace km::taxonomy;
using ::testing::ElementsAre;
using ::testing::Contains;
using ::testing::IsSupersetOf;
using ::testing::Not;
using ::testing::UnorderedElementsAre;

class ConceptGraphTest : public ::testing::Test {
 protected:
  void SetUp() override {
    km::testing::load_test_taxonomy(db_);
    graph_ = ConceptGraph::load(db_);
  }
  void map(const std::string& source, Relation relation, const std::string& target) {
    MappingStore(db_).put({source, target, relation, MappingStatus::approved, 1, "", "", "", ""});
    graph_ = ConceptGraph::load(db_);
  }
  SQLite::Database db_ = km::core::open_database(":memory:");
  ConceptGraph graph_;
};

TEST_F(ConceptGraphTest, LabelsOwnersAndHierarchy) {
  EXPECT_EQ(graph_.label("partner:ticket"), "Ticket");
  EXPECT_EQ(graph_.label("nope:x"), "nope:x");
  EXPECT_EQ(graph_.owner("partner:ticket"), "partner");
  EXPECT_EQ(graph_.owner("shared:billing"), "shared");
  EXPECT_THAT(graph_.ancestors("client:case"), UnorderedElementsAre("client:service"));
  EXPECT_THAT(graph_.descendants("shared:billing"),
              UnorderedElementsAre("shared:unexpected-charges", "shared:refunds", "shared:old-pricing"));
  EXPECT_THAT(graph_.concepts_with_key(label_key("Tickets")), UnorderedElementsAre("partner:ticket", "shared:support-case"));
}

TEST_F(ConceptGraphTest, ItemsReachSharedConceptsAsTheRelationSays) {
  // exact: the target and its ancestors.
  EXPECT_THAT(graph_.index_concepts({"client:case"}),
              UnorderedElementsAre("client:case", "client:service", "shared:support-case", "shared:service-management"));
  // related: nothing; proposed: nothing.
  EXPECT_THAT(graph_.index_concepts({"partner:wifi"}), UnorderedElementsAre("partner:wifi"));
  EXPECT_THAT(graph_.index_concepts({"partner:home-gateway"}), UnorderedElementsAre("partner:home-gateway"));
  // narrow: the target is narrower than the item's concept, so only what lies above it.
  map("client:pricing", Relation::narrowMatch, "shared:old-pricing");
  EXPECT_THAT(graph_.index_concepts({"client:pricing"}), IsSupersetOf({"shared:billing"}));
  EXPECT_THAT(graph_.index_concepts({"client:pricing"}), Not(Contains("shared:old-pricing")));
  // broad: the target (broader than the concept) and its ancestors.
  map("client:retention", Relation::broadMatch, "shared:service-management");
  EXPECT_THAT(graph_.index_concepts({"client:retention"}), Contains("shared:service-management"));
}

TEST_F(ConceptGraphTest, CyclesDoNotHang) {
  SchemeStore store(db_);
  Scheme s{"loop", "Loop", "client", {{"loop:a", "loop", "A", {}, {"loop:b"}, "", ConceptStatus::active},
                                      {"loop:b", "loop", "B", {}, {"loop:a"}, "", ConceptStatus::active}}};
  store.replace_scheme(s);
  ConceptGraph g = ConceptGraph::load(db_);
  EXPECT_THAT(g.ancestors("loop:a"), UnorderedElementsAre("loop:b"));
  EXPECT_THAT(g.descendants("loop:a"), UnorderedElementsAre("loop:b"));
}

TEST_F(ConceptGraphTest, QueryWordsExpandToTheOtherOrgsWords) {
  auto spans = expand_query(graph_, "Case escalation");
  ASSERT_EQ(spans.size(), 2u);
  std::vector<std::string> labels;
  for (const auto& span : spans) {
    for (const auto& e : span.expansions) labels.push_back(e.label);
  }
  EXPECT_THAT(labels, IsSupersetOf({"Ticket", "incident ticket", "Referral", "refer", "Support case"}));
  const Expansion& first = spans[0].expansions[0];
  EXPECT_EQ(first.relation, Relation::exactMatch);
  EXPECT_EQ(first.weight, 1.0);
  bool has_ticket = false;
  for (const auto& e : spans[0].expansions) {
    if (e.label == "Ticket") {
      has_ticket = true;
      EXPECT_EQ(e.reason(), "\"case\" \u2248 partner \"Ticket\" (exactMatch)");
    }
  }
  EXPECT_TRUE(has_ticket);
}

TEST_F(ConceptGraphTest, RelatedMatchesExpandOnlyWhenAsked) {
  auto labels_of = [](const std::vector<QuerySpan>& spans) {
    std::vector<std::string> out;
    for (const auto& s : spans) {
      for (const auto& e : s.expansions) out.push_back(e.label);
    }
    return out;
  };
  EXPECT_THAT(labels_of(expand_query(graph_, "wireless problems")), Not(Contains("Home gateway")));
  auto related = expand_query(graph_, "wireless problems", true);
  EXPECT_THAT(labels_of(related), Contains("Home gateway"));
  EXPECT_EQ(related[0].expansions[0].weight, 0.25);
}

TEST(LabelKey, IsSafeToCallFromManyThreadsAtOnce) {
  // Every search thread builds label keys; a stemmer shared between threads corrupts its state.
  const std::vector<std::string> labels = {"Escalating tickets quickly", "Service interruptions", "Referrals of repeated faults",
                                           "Cancellation risks", "Engineering visits booked"};
  std::vector<std::string> expected;
  for (const auto& l : labels) expected.push_back(km::taxonomy::label_key(l));
  std::atomic<int> wrong{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 20000; ++i) {
        const std::size_t k = static_cast<std::size_t>(i + t) % labels.size();
        if (km::taxonomy::label_key(labels[k]) != expected[k]) ++wrong;
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(wrong, 0);
}

// Issue 13: a concept is named by its preferred labels in every language, not only the shown one.
TEST(ConceptGraphLabels, EveryLanguageNamesTheConcept) {
  km::taxonomy::Concept c{"s:bronze", "s", "", {}, {}, "", km::taxonomy::ConceptStatus::active};
  km::taxonomy::normalise_labels(c, {{km::taxonomy::LabelKind::pref, "de", "Bronzezeit"},
                                     {km::taxonomy::LabelKind::pref, "en", "Bronze age"}});
  EXPECT_EQ(c.pref_label, "Bronze age");
  km::taxonomy::ConceptGraph graph({c}, {}, {{"s", ""}});
  EXPECT_THAT(graph.concepts_with_key(label_key("bronzezeit")), ElementsAre("s:bronze"));
  EXPECT_THAT(graph.concepts_with_key(label_key("Bronze ages")), ElementsAre("s:bronze"));
}
