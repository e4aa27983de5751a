// The visibility bitmaps (search/visible_docs.h) against the audience terms they stand for, on
// Glass shards as the server opens them: the same documents for every user, one bitmap per
// snapshot, and a commit that changes who may see an item is honoured by the next search; the
// same as a match decider on one database.
#include "search/visible_docs.h"

#include <gtest/gtest.h>

#include <optional>
#include <set>

#include "core/index_layout.h"
#include "core/index_schema.h"
#include "indexer/index_writer.h"
#include "search/access.h"
#include "search/search.h"
#include "tests/support/sharded_index_test.h"

namespace {

using km::core::Item;
using km::core::Role;
using km::core::User;
using km::core::Visibility;

Item item(const std::string& id, const std::string& org, Visibility visibility) {
  Item i;
  i.id = id;
  i.org = org;
  i.title = "router note " + id;
  i.body = "router";
  i.visibility = visibility;
  i.status = km::core::Status::validated;
  return i;
}

std::set<std::string> matches(const Xapian::Database& db, const Xapian::Query& filter) {
  Xapian::Enquire enquire(db);
  enquire.set_query(Xapian::Query(Xapian::Query::OP_FILTER, Xapian::Query("Zrouter"), filter));
  std::set<std::string> ids;
  const Xapian::MSet mset = enquire.get_mset(0, db.get_doccount());
  for (auto m = mset.begin(); m != mset.end(); ++m) ids.insert(km::core::schema::decode_document_data(m.get_document().get_data()).id);
  return ids;
}

// The same search with visibility_decider(): null where the database is several shards.
std::optional<std::set<std::string>> decided(const Xapian::Database& db, const User& user) {
  const auto decider = km::search::visibility_decider(db, user, false);
  if (!decider) return std::nullopt;
  Xapian::Enquire enquire(db);
  enquire.set_query(Xapian::Query("Zrouter"));
  std::set<std::string> ids;
  const Xapian::MSet mset = enquire.get_mset(0, db.get_doccount(), 0, nullptr, decider.get());
  for (auto m = mset.begin(); m != mset.end(); ++m) ids.insert(km::core::schema::decode_document_data(m.get_document().get_data()).id);
  EXPECT_EQ(decider->accepted(), ids.size());
  return ids;
}

class VisibleDocsTest : public km::testing::ShardedIndexTest {};

TEST_P(VisibleDocsTest, FindTheDocumentsOfTheAudienceTermsAndFollowEveryCommit) {
  km::indexer::IndexWriter writer(layout(), std::chrono::milliseconds(1000));
  for (int i = 0; i < 40; ++i) {
    const std::string org = i % 2 ? "partner" : "client";
    writer.put(item("i" + std::to_string(i), org, i % 3 ? Visibility::shared : Visibility::org), {});
  }
  writer.commit();
  const User client{"c.ann", "c.ann", "client", {}, {Role::reader}};
  const User partner{"p.bo", "p.bo", "partner", {}, {Role::reader}};

  Xapian::Database db = layout().open();
  for (const User& user : {client, partner}) {
    const auto expected = matches(db, km::search::visibility_filter(user, false));
    EXPECT_EQ(matches(db, km::search::local_visibility_filter(user, false)), expected) << user.id;
    EXPECT_LT(expected.size(), 40u);  // some items are the other organisation's own
    // A decider is for one database only: over shards Xapian hands it each shard's own numbers.
    const auto by_decider = decided(db, user);
    EXPECT_EQ(by_decider.has_value(), GetParam() == 1);
    if (by_decider) {
      EXPECT_EQ(*by_decider, expected) << user.id;
    }
  }
  // Each shard's bitmap for a snapshot is built once.
  const std::size_t built = km::search::VisibleDocs::bitmaps_built();
  matches(db, km::search::local_visibility_filter(client, false));
  EXPECT_EQ(km::search::VisibleDocs::bitmaps_built(), built);

  // i0 (client, org only) becomes partner's own; i3 (partner, org only) becomes shared.
  ASSERT_EQ(matches(db, km::search::local_visibility_filter(client, false)).count("i0"), 1u);
  ASSERT_EQ(matches(db, km::search::local_visibility_filter(client, false)).count("i3"), 0u);
  writer.put(item("i0", "partner", Visibility::org), {});
  writer.put(item("i3", "partner", Visibility::shared), {});
  writer.commit();
  db.reopen();
  const auto after = matches(db, km::search::local_visibility_filter(client, false));
  EXPECT_EQ(after, matches(db, km::search::visibility_filter(client, false)));
  EXPECT_EQ(after.count("i0"), 0u);
  EXPECT_EQ(after.count("i3"), 1u);
  if (GetParam() == 1) {
    EXPECT_EQ(decided(db, client), after);
  }
  EXPECT_GT(km::search::VisibleDocs::bitmaps_built(), built);
}

// The decider's pass where the best matches are hidden: a page shows only what the user may
// see, and every page together shows all of it, with the right total; in date order the
// bitmap filter runs instead (every match is looked at there).
TEST_P(VisibleDocsTest, APageHoldsOnlyWhatTheUserMaySeeWhenTheBestMatchesAreHidden) {
  km::indexer::IndexWriter writer(layout(), std::chrono::milliseconds(1000));
  std::set<std::string> visible;
  for (int i = 0; i < 60; ++i) {
    const bool hidden = i < 20;  // the partner's own items, which say "router" most
    Item one = item("i" + std::to_string(i), hidden || i % 2 ? "partner" : "client", hidden ? Visibility::org : Visibility::shared);
    one.body = hidden ? "router router router router" : "router beside other words of a longer note";
    writer.put(one, {});
    if (!hidden) visible.insert(one.id);
  }
  writer.commit();
  const User client{"c.ann", "c.ann", "client", {}, {Role::reader}};
  Xapian::Database db = layout().open();
  const km::taxonomy::ConceptGraph graph;
  for (const auto sort : {km::search::SortOrder::relevance, km::search::SortOrder::newest}) {
    std::set<std::string> seen;
    for (int page = 1; page <= 9; ++page) {
      km::search::SearchParams p;
      p.q = "router";
      p.sort = sort;
      p.page = page;
      p.per_page = 5;
      const std::size_t made = km::search::VisibleDecider::made();
      const nlohmann::json answer = km::search::search(db, client, p, graph);
      const bool decided = sort == km::search::SortOrder::relevance && GetParam() == 1;
      EXPECT_EQ(km::search::VisibleDecider::made() - made, decided ? 1u : 0u);
      EXPECT_EQ(answer["total"], 40);
      EXPECT_TRUE(answer["total_exact"].get<bool>());
      for (const auto& r : answer["results"]) {
        EXPECT_EQ(visible.count(r["id"].get<std::string>()), 1u) << r["id"] << " on page " << page;
        seen.insert(r["id"].get<std::string>());
      }
    }
    EXPECT_EQ(seen, visible);
  }
}

INSTANTIATE_TEST_SUITE_P(OneAndThreeShards, VisibleDocsTest, ::testing::Values(1, 3));

}  // namespace
