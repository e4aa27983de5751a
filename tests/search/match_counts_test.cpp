// The counting pass of a search page on in-memory indexes: exact up to its bounds, lower
// bounds beyond them, and never a hidden document.
#include "search/match_counts.h"

#include <gtest/gtest.h>

#include "core/index_layout.h"
#include "core/index_schema.h"

namespace {

namespace schema = km::core::schema;
using km::search::Facet;

// `n` documents with the word "router", every tenth hidden (no "XVshared" term).
Xapian::WritableDatabase index_of(Xapian::doccount n) {
  Xapian::WritableDatabase db(std::string(), Xapian::DB_BACKEND_INMEMORY);
  for (Xapian::doccount i = 0; i < n; ++i) {
    Xapian::Document doc;
    doc.add_term("Zrouter");
    if (i % 10 != 0) doc.add_boolean_term(schema::term(schema::kVisibilityPrefix, "shared"));
    doc.add_value(schema::kOrgSlot, i % 2 ? "client" : "partner");
    doc.add_value(schema::kConceptsSlot, "shared:router\nshared:fault");
    db.add_document(doc);
  }
  db.commit();
  return db;
}

km::search::MatchCounts count(Xapian::Database& db, Xapian::doccount known_matches = 0) {
  const Xapian::Query visible(schema::term(schema::kVisibilityPrefix, "shared"));
  const km::taxonomy::ConceptGraph graph;
  return km::search::count_matches(
      db, Xapian::Query("Zrouter"), [&](Facet) { return visible; }, [](Facet) { return false; }, graph, known_matches);
}

Xapian::doccount facet_count(const nlohmann::json& facets, const std::string& dimension, const std::string& value) {
  for (const auto& v : facets[dimension]) {
    if (v["value"] == value) return v["count"];
  }
  return 0;
}

TEST(MatchCounts, SmallMatchSetsAreCountedExactlyWithoutHiddenDocuments) {
  Xapian::WritableDatabase db = index_of(500);
  const auto counts = count(db);
  EXPECT_EQ(counts.total, 450u);  // 50 hidden
  EXPECT_TRUE(counts.total_exact);
  EXPECT_TRUE(counts.facets_exact);
  EXPECT_EQ(facet_count(counts.facets, "org", "client") + facet_count(counts.facets, "org", "partner"), 450u);
  EXPECT_EQ(facet_count(counts.facets, "concept", "shared:fault"), 450u);
}

TEST(MatchCounts, LargeMatchSetsStopAtTheBoundsAndSaySo) {
  Xapian::WritableDatabase db = index_of(km::search::kCountBound * 12 / 10);
  const auto counts = count(db);
  EXPECT_GE(counts.total, km::search::kCountBound);           // "10,000+": a lower bound...
  EXPECT_LT(counts.total, km::search::kCountBound * 108 / 100);  // ...near the bound, not the 10,800 visible
  EXPECT_FALSE(counts.total_exact);
  EXPECT_FALSE(counts.facets_exact);
  const auto facet_total = facet_count(counts.facets, "org", "client") + facet_count(counts.facets, "org", "partner");
  EXPECT_EQ(facet_total, km::search::kFacetBound);  // the first kFacetBound matches, counted exactly
}

TEST(MatchCounts, AKnownLowerBoundBeyondTheBoundGivesTheSameCountsFromTheFacetsPassAlone) {
  Xapian::WritableDatabase db = index_of(km::search::kCountBound * 12 / 10);
  const auto counted = count(db);
  const auto known = count(db, km::search::kCountBound);  // as a ranking pass's lower bound tells
  EXPECT_EQ(known.total, km::search::kCountBound);
  EXPECT_FALSE(known.total_exact);
  EXPECT_EQ(known.facets, counted.facets);
  EXPECT_FALSE(known.facets_exact);
  // A bound below kCountBound says nothing the count does not find itself.
  Xapian::WritableDatabase small = index_of(500);
  const auto exact = count(small, 200);
  EXPECT_EQ(exact.total, 450u);
  EXPECT_TRUE(exact.total_exact);
  EXPECT_EQ(exact.facets, count(small).facets);
  // The pass stops at the facets' bound: told of 10,000 matches where 2,700 are visible, it
  // does not count them (the caller's bound is trusted, so it must be a true lower bound).
  Xapian::WritableDatabase fewer = index_of(3000);
  EXPECT_FALSE(count(fewer, km::search::kCountBound).total_exact);
  EXPECT_EQ(count(fewer).total, 2700u);
}

// Two shards read as one database, as km-server opens them (core/index_layout.h).
km::core::ShardedDatabase shards_of(Xapian::doccount first, Xapian::doccount second) {
  return km::core::ShardedDatabase({index_of(first), index_of(second)});
}

Xapian::doccount org_total(const km::search::MatchCounts& counts) {
  return facet_count(counts.facets, "org", "client") + facet_count(counts.facets, "org", "partner");
}

TEST(MatchCounts, ShardsAddUpToTheSameCountsAsOneDatabase) {
  km::core::ShardedDatabase small = shards_of(300, 400);
  auto counts = count(small);
  EXPECT_EQ(counts.total, 630u);  // 270 + 360 visible
  EXPECT_TRUE(counts.total_exact);
  EXPECT_TRUE(counts.facets_exact);
  EXPECT_EQ(org_total(counts), 630u);
  EXPECT_EQ(facet_count(counts.facets, "concept", "shared:router"), 630u);

  km::core::ShardedDatabase larger = shards_of(500, 3000);
  counts = count(larger);
  EXPECT_EQ(counts.total, 3150u);  // exact, past the facets' bound
  EXPECT_TRUE(counts.total_exact);
  EXPECT_FALSE(counts.facets_exact);
  EXPECT_EQ(org_total(counts), km::search::kFacetBound);  // the first 1,000 over both shards, as one database
}

TEST(MatchCounts, ShardsTogetherStopAtOneDatabasesBounds) {
  // Each shard alone is within the bound; together they pass it. The second shard counts only
  // what the first left: the passes look at no more matches than one database's would.
  km::core::ShardedDatabase db = shards_of(km::search::kCountBound * 7 / 10, km::search::kCountBound * 7 / 10);
  const auto counts = count(db);
  EXPECT_GE(counts.total, km::search::kCountBound);
  EXPECT_LT(counts.total, km::search::kCountBound * 108 / 100);
  EXPECT_FALSE(counts.total_exact);
  EXPECT_FALSE(counts.facets_exact);
  EXPECT_EQ(org_total(counts), km::search::kFacetBound);  // not a thousand from each shard
}

}  // namespace
