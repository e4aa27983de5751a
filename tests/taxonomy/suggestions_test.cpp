#include "taxonomy/suggestions.h"

#include "taxonomy/suggestion_score.h"

#include <gtest/gtest.h>

#include "taxonomy/import.h"
#include "taxonomy/scheme_store.h"
#include "tests/taxonomy/fixture.h"

using namespace km::taxonomy;

class SuggestionsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    km::testing::load_test_taxonomy(db_);
    graph_ = ConceptGraph::load(db_);
  }
  SQLite::Database db_ = km::core::open_database(":memory:");
  ConceptGraph graph_;
};

TEST_F(SuggestionsTest, AConceptsOwnMappingIsNeverItsEvidence) {
  // partner:ticket is mapped to shared:support-case; it must still be suggested from its
  // labels ("Ticket" is an alternative label of the shared concept), not from that mapping.
  auto s = suggest_mappings(graph_, {"partner:ticket"}, {});
  ASSERT_EQ(s.size(), 1u);
  ASSERT_FALSE(s[0].candidates.empty());
  EXPECT_EQ(s[0].candidates[0].target, "shared:support-case");
  EXPECT_DOUBLE_EQ(s[0].candidates[0].confidence, 0.75);  // labels only: 0.75 x the same label
  EXPECT_EQ(s[0].candidates[0].evidence[0], "label \"Ticket\" ~ alternative label \"ticket\" of shared \"Support case\" (same label)");
}

TEST_F(SuggestionsTest, APairAKmLeadRejectedIsNeverSuggestedAgain) {
  auto before = suggest_mappings(graph_, {"partner:ticket"}, {}, 5);
  ASSERT_FALSE(before[0].candidates.empty());
  const std::string best = before[0].candidates[0].target;
  Mapping rejected;
  rejected.source = "partner:ticket";
  rejected.target = best;
  rejected.relation = Relation::closeMatch;
  rejected.status = MappingStatus::rejected;
  rejected.updated_by = "p.lead";
  MappingStore(db_).put(rejected);
  graph_ = ConceptGraph::load(db_);
  auto after = suggest_mappings(graph_, {"partner:ticket"}, {}, 5);
  for (const Candidate& c : after[0].candidates) EXPECT_NE(c.target, best);
  // The other candidates stay.
  ASSERT_EQ(before[0].candidates.size() > 1, !after[0].candidates.empty());
}

TEST_F(SuggestionsTest, StructureAndUsageAddToTheLabels) {
  // client:refund's parent client:billing maps to shared:billing, the parent of shared:refunds;
  // and half the refund items also carry bill shock, which reaches shared:unexpected-charges.
  std::vector<ItemConcepts> items = {{"client", {"client:refund", "client:bill-shock"}}, {"client", {"client:refund"}}};
  auto s = suggest_mappings(graph_, {"client:refund"}, items, 5);
  ASSERT_FALSE(s[0].candidates.empty());
  const Candidate& best = s[0].candidates[0];
  EXPECT_EQ(best.target, "shared:refunds");
  EXPECT_DOUBLE_EQ(best.confidence, 0.75 * 1.0 + 0.2);  // "refund" is an alt label; parent structure
  bool usage_seen = false;
  for (const auto& c : s[0].candidates) {
    if (c.target == "shared:unexpected-charges") {
      usage_seen = true;
      EXPECT_DOUBLE_EQ(c.confidence, 0.2 + 0.1 * 0.5);  // sibling of shared:refunds under billing; 50% usage
    }
  }
  EXPECT_TRUE(usage_seen);
}

TEST(SuggestionScore, IsPrecisionRecallAndF1AtAFixedThresholdWithTopKRecall) {
  // Two shared concepts, three local ones; l:a and l:b match by label (confidence 0.75 each),
  // l:c matches nothing. The reference says l:a -> s:a (found) and l:c -> s:b (missed), so
  // at 0.75: 2 suggested, 1 correct: precision 1/2, recall 1/2, F1 1/2; above 0.75 nothing.
  auto concept_of = [](std::string id, std::string scheme, std::string label) {
    return Concept{std::move(id), std::move(scheme), std::move(label), {}, {}, "", ConceptStatus::active};
  };
  ConceptGraph graph({concept_of("s:a", "s", "Alpha line"), concept_of("s:b", "s", "Beta box"),
                      concept_of("l:a", "l", "Alpha line"), concept_of("l:b", "l", "Beta box"),
                      concept_of("l:c", "l", "Gamma")},
                     {}, {{"s", ""}, {"l", "client"}});
  SuggestionScore score = score_suggestions(graph, {{"l:a", "s:a"}, {"l:c", "s:b"}}, {}, 0.75);
  EXPECT_EQ(score.reference, 2u);
  EXPECT_EQ(score.predicted, 2u);
  EXPECT_EQ(score.correct, 1u);
  EXPECT_DOUBLE_EQ(score.precision, 0.5);
  EXPECT_DOUBLE_EQ(score.recall, 0.5);
  EXPECT_DOUBLE_EQ(score.f1, 0.5);
  EXPECT_DOUBLE_EQ(score.threshold, 0.75);
  EXPECT_DOUBLE_EQ(score.top1_recall, 0.5);
  EXPECT_DOUBLE_EQ(score.top5_recall, 0.5);
  EXPECT_DOUBLE_EQ(score.best_threshold, 0.75);
  EXPECT_DOUBLE_EQ(score.best_f1, 0.5);
  SuggestionScore strict = score_suggestions(graph, {{"l:a", "s:a"}, {"l:c", "s:b"}}, {}, 0.76);
  EXPECT_EQ(strict.predicted, 0u);
  EXPECT_DOUBLE_EQ(strict.f1, 0);
  EXPECT_DOUBLE_EQ(strict.top1_recall, 0.5);  // ranks do not depend on the threshold
}
