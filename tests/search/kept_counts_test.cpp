// The counting pass without the matcher (search/match_counts.h, `plain`): the same total,
// exactness and facet counts as Xapian's matcher gives under the same visibility and facet
// filters, on Glass shards as the server opens them, for two users who see different items;
// and the matcher still counts what it alone can (phrases, ANDs).
#include <gtest/gtest.h>

#include <unistd.h>

#include <map>
#include <string_view>
#include <filesystem>
#include <string>
#include <vector>

#include "core/index_layout.h"
#include "core/index_schema.h"
#include "search/access.h"
#include "search/match_counts.h"
#include "search/term_postings.h"
#include "tests/support/sharded_index_test.h"

namespace {

using km::search::Facet;

// Every item holds "fault"; "router" every other one, "modem" every third, "cabinet" every
// seventh; the orgs alternate; a third of the items are visible to their own org only.
km::core::Item item(int n) {
  km::core::Item i;
  i.id = "i" + std::to_string(n);
  i.org = n % 2 ? "client" : "partner";
  i.title = "Note " + std::to_string(n);
  i.body = std::string("fault ") + (n % 2 ? "router " : "") + (n % 3 ? "" : "modem ") + (n % 7 ? "" : "cabinet ");
  i.kind = n % 5 ? km::core::Kind::lesson : km::core::Kind::insight;
  i.community = n % 4 ? "networks" : "billing";
  i.concepts = {n % 2 ? "client:router" : "partner:cpe", n % 6 ? "shared:fault" : "shared:outage"};
  i.visibility = n % 3 == 1 ? km::core::Visibility::org : km::core::Visibility::shared;
  i.status = km::core::Status::validated;
  return i;
}

using km::testing::reader;

class KeptCountsTest : public km::testing::ShardedIndexTest {
 protected:
  km::core::ShardedDatabase indexed(int n) { return ShardedIndexTest::indexed(n, item, true); }

  // The counts of `text` as `user` may see them, from kept postings (kept) or by the matcher.
  static km::search::MatchCounts count(Xapian::Database& db, const Xapian::Query& text, const km::core::User& user,
                                       bool kept, Xapian::doccount known = 0) {
    const km::taxonomy::ConceptGraph graph;
    const km::search::PlainFilter plain{km::search::audience_terms(user, false), {}};
    return km::search::count_matches(
        db, text, [&](Facet) { return km::search::local_visibility_filter(user, false); }, [](Facet) { return false; },
        graph, known, kept ? &plain : nullptr);
  }
};

INSTANTIATE_TEST_SUITE_P(Shards, KeptCountsTest, ::testing::Values(1, 3));

Xapian::Query any_of(const std::vector<std::string>& terms) {
  return Xapian::Query(Xapian::Query::OP_OR, terms.begin(), terms.end());
}

TEST_P(KeptCountsTest, KeptPostingsCountWhatTheMatcherCounts) {
  km::core::ShardedDatabase db = indexed(3000);
  const std::vector<Xapian::Query> queries = {Xapian::Query("cabinet"), Xapian::Query("modem"), any_of({"modem", "cabinet"}),
                                              any_of({"router", "modem", "cabinet"}), Xapian::Query("fault"),
                                              any_of({"cabinet", "nosuchword"})};
  for (const std::string org : {"client", "partner"}) {
    for (const Xapian::Query& q : queries) {
      for (const Xapian::doccount known : {Xapian::doccount{0}, km::search::kCountBound}) {
        SCOPED_TRACE(org + " " + q.get_description() + " known " + std::to_string(known));
        const std::size_t lookups = km::search::TermPostingsCache::lookups();
        const auto kept = count(db, q, reader(org), true, known);
        EXPECT_GT(km::search::TermPostingsCache::lookups(), lookups);  // counted from kept postings
        const auto matched = count(db, q, reader(org), false, known);
        EXPECT_EQ(kept.total, matched.total);
        EXPECT_EQ(kept.total_exact, matched.total_exact);
        EXPECT_EQ(kept.facets, matched.facets);
        EXPECT_EQ(kept.facets_exact, matched.facets_exact);
      }
    }
  }
  // The figures themselves: 3,000 items, 1,000 visible to their own org only (n % 3 == 1).
  // "cabinet" (n % 7 == 0): 429 items, of which the client sees the shared ones and its own.
  const auto cabinet = count(db, Xapian::Query("cabinet"), reader("client"), true);
  int expected = 0;
  for (int n = 0; n < 3000; n += 7) expected += n % 3 != 1 || n % 2 == 1;
  EXPECT_EQ(cabinet.total, static_cast<Xapian::doccount>(expected));
  EXPECT_TRUE(cabinet.total_exact);
  // "fault" is in all 3,000: the facets stop at the first 1,000 visible, the total counts on.
  const auto fault = count(db, Xapian::Query("fault"), reader("partner"), true);
  EXPECT_EQ(fault.total, 2500u);  // 2,000 shared + the partner's 500 of its own
  EXPECT_FALSE(fault.facets_exact);
}

TEST_P(KeptCountsTest, FacetFiltersAreCheckedFromMemoryAsTheMatcherChecksTheirTerms) {
  namespace schema = km::core::schema;
  km::core::ShardedDatabase db = indexed(3000);
  const km::taxonomy::ConceptGraph graph;
  using Allowed = std::map<Facet, std::vector<std::string>>;
  const std::map<Facet, std::string_view> prefixes = {
      {Facet::org, schema::kOrgPrefix}, {Facet::kind, schema::kKindPrefix}, {Facet::community, schema::kCommunityPrefix}};
  const std::vector<Allowed> filters = {{{Facet::org, {"client"}}},
                                        {{Facet::kind, {"insight"}}},
                                        {{Facet::org, {"partner"}}, {Facet::community, {"billing"}}},
                                        {{Facet::kind, {"lesson", "insight"}}, {Facet::community, {"networks"}}},
                                        {{Facet::org, {"nosuchorg"}}}};
  for (const std::string org : {"client", "partner"}) {
    const km::core::User user = reader(org);
    for (const Allowed& allowed : filters) {
      // The search's filter as the server builds it: visibility AND the facets' terms.
      auto filter = [&](Facet skip) {
        std::vector<Xapian::Query> parts{km::search::local_visibility_filter(user, false)};
        for (const auto& [facet, values] : allowed) {
          if (facet == skip) continue;
          std::vector<Xapian::Query> terms;
          for (const auto& v : values) terms.emplace_back(schema::term(prefixes.at(facet), v));
          parts.emplace_back(Xapian::Query::OP_OR, terms.begin(), terms.end());
        }
        return Xapian::Query(Xapian::Query::OP_AND, parts.begin(), parts.end());
      };
      auto active = [&](Facet f) { return allowed.count(f) > 0; };
      const km::search::PlainFilter plain{km::search::audience_terms(user, false), allowed};
      for (const Xapian::Query& q : {Xapian::Query("cabinet"), any_of({"modem", "cabinet"}), Xapian::Query("fault")}) {
        SCOPED_TRACE(org + " " + q.get_description() + " " + filter(Facet::none).get_description());
        const std::size_t lookups = km::search::TermPostingsCache::lookups();
        const auto kept = km::search::count_matches(db, q, filter, active, graph, 0, &plain);
        EXPECT_GT(km::search::TermPostingsCache::lookups(), lookups);
        const auto matched = km::search::count_matches(db, q, filter, active, graph, 0, nullptr);
        EXPECT_EQ(kept.total, matched.total);
        EXPECT_EQ(kept.total_exact, matched.total_exact);
        EXPECT_EQ(kept.facets, matched.facets);
        // A pass whose matches end exactly at its bound (the partner's 1,000 visible "fault"
        // items, counted under the org filter alone) is exact, which the walk knows and the
        // matcher's estimate of what lies beyond cannot tell: exact wherever the matcher is.
        EXPECT_TRUE(kept.facets_exact || !matched.facets_exact);
      }
    }
  }
  {
    // That search: its passes end within the facets' bound, the community's exactly at it (the
    // partner's 1,000 "fault" items the client may see), so its facets are exact.
    const km::core::User client = reader("client");
    const Allowed allowed = {{Facet::org, {"partner"}}, {Facet::community, {"billing"}}};
    const km::search::PlainFilter plain{km::search::audience_terms(client, false), allowed};
    const auto counts = km::search::count_matches(
        db, Xapian::Query("fault"), [&](Facet) -> Xapian::Query { throw std::logic_error("no matcher pass expected"); },
        [&](Facet f) { return allowed.count(f) > 0; }, graph, 0, &plain);
    EXPECT_TRUE(counts.facets_exact);
    Xapian::doccount partner = 0;  // the community facet counts under the org filter alone
    for (const auto& entry : counts.facets["community"]) partner += entry["count"].get<Xapian::doccount>();
    EXPECT_EQ(partner, km::search::kFacetBound);
  }
  // The client's "cabinet" items of its own org: n % 7 == 0 and odd, all of them visible to it.
  const km::search::PlainFilter own{km::search::audience_terms(reader("client"), false), {{Facet::org, {"client"}}}};
  const auto cabinet = km::search::count_matches(
      db, Xapian::Query("cabinet"), [&](Facet) { return km::search::local_visibility_filter(reader("client"), false); },
      [](Facet f) { return f == Facet::org; }, graph, 0, &own);
  int expected = 0;
  for (int n = 0; n < 3000; n += 7) expected += n % 2;
  EXPECT_EQ(cabinet.total, static_cast<Xapian::doccount>(expected));
}

TEST_P(KeptCountsTest, WhatKeptPostingsCannotCountTheMatcherCounts) {
  km::core::ShardedDatabase db = indexed(600);
  const Xapian::Query phrase(Xapian::Query::OP_PHRASE, Xapian::Query("router"), Xapian::Query("modem"));
  const Xapian::Query both(Xapian::Query::OP_AND, Xapian::Query("router"), Xapian::Query("cabinet"));
  for (const Xapian::Query& q : {phrase, both, Xapian::Query(std::string())}) {
    SCOPED_TRACE(q.get_description());
    const std::size_t lookups = km::search::TermPostingsCache::lookups();
    const auto counted = count(db, q, reader("client"), true);
    EXPECT_EQ(km::search::TermPostingsCache::lookups(), lookups);
    const auto matched = count(db, q, reader("client"), false);
    EXPECT_EQ(counted.total, matched.total);
    EXPECT_EQ(counted.facets, matched.facets);
  }
  // router AND cabinet: n odd and a multiple of 7 (n % 14 == 7), seen by the client unless
  // shared with its own org only... every odd item is the client's own: all 43 of them.
  EXPECT_EQ(count(db, both, reader("client"), true).total, 43u);
}

TEST(KeptCounts, ListsTooLongToKeepAreWalkedAsTheMatcherWalksThem) {
  // More documents than TermPostingsCache::kMaxPostings hold "Zlong": its list is read from
  // Xapian as the count walks it, beside the kept list of "Zshort".
  const std::string dir = ::testing::TempDir() + "kept_counts_long_" + std::to_string(getpid());
  std::filesystem::remove_all(dir);
  const km::core::User client = reader("client");
  const km::search::PlainFilter plain{km::search::audience_terms(client, false), {}};
  const std::vector<std::string>& audience = plain.audience;
  const Xapian::doccount n = km::search::TermPostingsCache::kMaxPostings + 7000;
  {
    Xapian::WritableDatabase db(dir, Xapian::DB_CREATE_OR_OVERWRITE | Xapian::DB_BACKEND_GLASS);
    for (Xapian::doccount i = 0; i < n; ++i) {
      Xapian::Document doc;
      doc.add_term("Zlong");
      if (i % 10 == 0) doc.add_term("Zshort");
      if (i % 4 != 0) doc.add_boolean_term(audience.front());  // a quarter hidden from the client
      doc.add_value(km::core::schema::kOrgSlot, i % 3 ? "client" : "partner");
      doc.add_value(km::core::schema::kConceptsSlot, i % 2 ? "shared:fault\nshared:router" : "shared:fault");
      db.add_document(doc);
    }
    db.commit();
  }
  Xapian::Database db(dir);
  km::search::DocValues::load(db);
  ASSERT_GT(db.get_termfreq("Zlong"), km::search::TermPostingsCache::kMaxPostings);
  const km::taxonomy::ConceptGraph graph;
  auto count = [&](const Xapian::Query& text, bool kept, Xapian::doccount known) {
    return km::search::count_matches(
        db, text, [&](Facet) { return km::search::local_visibility_filter(client, false); }, [](Facet) { return false; },
        graph, known, kept ? &plain : nullptr);
  };
  for (const Xapian::Query& q : {Xapian::Query("Zlong"), any_of({"Zshort", "Zlong"}), Xapian::Query("Zshort")}) {
    for (const Xapian::doccount known : {Xapian::doccount{0}, km::search::kCountBound}) {
      SCOPED_TRACE(q.get_description() + " known " + std::to_string(known));
      const auto walked = count(q, true, known);
      const auto matched = count(q, false, known);
      EXPECT_EQ(walked.total, matched.total);
      EXPECT_EQ(walked.total_exact, matched.total_exact);
      EXPECT_EQ(walked.facets, matched.facets);
      EXPECT_EQ(walked.facets_exact, matched.facets_exact);
    }
  }
  EXPECT_EQ(count(Xapian::Query("Zlong"), true, 0).total, km::search::kCountBound);  // "10,000+"
  EXPECT_FALSE(count(Xapian::Query("Zlong"), true, 0).total_exact);
  EXPECT_EQ(count(Xapian::Query("Zshort"), true, 0).total, (n / 10 + 1) - (n / 20 + 1));  // i % 10 == 0, minus i % 4 == 0
  std::filesystem::remove_all(dir);
}

}  // namespace
