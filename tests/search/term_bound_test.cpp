// The lower bound that a search's plain words give its counting pass (search/term_bound.h), on
// Glass shards as the server opens them: the visible documents of the commonest top-level word,
// only words whose documents all match, one count per word and snapshot, commits honoured.
#include "search/term_bound.h"

#include <gtest/gtest.h>


#include "core/index_layout.h"
#include "indexer/index_writer.h"
#include "search/access.h"
#include "search/match_counts.h"
#include "tests/support/sharded_index_test.h"

namespace {

using km::core::Item;
using km::core::Role;
using km::core::User;
using km::core::Visibility;

// Item i: "common" in every body, "rare" in every tenth; the client's own (org) every third.
Item item(int i) {
  Item it;
  it.id = "i" + std::to_string(i);
  it.org = i % 3 == 0 ? "client" : "partner";
  it.visibility = i % 3 == 0 ? Visibility::org : Visibility::shared;
  it.status = km::core::Status::validated;
  it.title = "note";
  it.body = std::string("common words") + (i % 10 == 0 ? " rare" : "");
  return it;
}

// 14,100 items: "common" in all of them (past the count bound), "rare" in 1,410 (short of it).
constexpr int kItems = 14100;

class TermBoundTest : public km::testing::ShardedIndexTest {};

Xapian::doccount bound(const Xapian::Database& db, const Xapian::Query& text, const User& user) {
  return km::search::term_bound(db, text, km::search::local_visibility_filter(user, false),
                                km::search::visibility_filter(user, false).get_description());
}

TEST_P(TermBoundTest, CountsTheVisibleDocumentsOfTheCommonestTopLevelWordOncePerSnapshot) {
  km::indexer::IndexWriter writer(layout(), std::chrono::milliseconds(1000));
  for (int i = 0; i < kItems; ++i) writer.put(item(i), {});
  writer.commit();
  km::core::ShardedDatabase db = layout().open();
  const User partner{"p.bo", "p.bo", "partner", {}, {Role::reader}};  // sees the 9,400 shared items
  const User client{"c.ann", "c.ann", "client", {}, {Role::reader}};  // sees all 14,100
  const Xapian::Query common("common"), rare("rare");
  const Xapian::Query words[] = {rare, common};
  const Xapian::Query either(Xapian::Query::OP_OR, words, words + 2);
  EXPECT_EQ(bound(db, either, partner), 9400u);  // "common" is held by 14,100, 9,400 of them visible
  EXPECT_EQ(bound(db, either, client), km::search::kCountBound);  // counted up to the bound
  EXPECT_EQ(bound(db, Xapian::Query(Xapian::Query::OP_SYNONYM, words, words + 2), partner), 9400u);
  EXPECT_EQ(bound(db, Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, common, 0.5), partner), 9400u);
  // A word held by fewer documents than the bound cannot prove it: not counted.
  EXPECT_EQ(bound(db, rare, client), 0u);
  // Words that do not match on their own give nothing.
  EXPECT_EQ(bound(db, Xapian::Query(Xapian::Query::OP_AND, words, words + 2), client), 0u);
  EXPECT_EQ(bound(db, Xapian::Query(Xapian::Query::OP_AND_NOT, common, rare), client), 0u);

  // Kept for the snapshot; a commit counts again and sees the new item.
  const std::size_t counted = km::search::term_bounds_counted();
  EXPECT_EQ(bound(db, either, partner), 9400u);
  EXPECT_EQ(km::search::term_bounds_counted(), counted);
  writer.put(item(kItems + 1), {});  // shared, "common"
  writer.commit();
  db.reopen();
  EXPECT_EQ(bound(db, either, partner), 9401u);
  EXPECT_GT(km::search::term_bounds_counted(), counted);
}

INSTANTIATE_TEST_SUITE_P(OneAndThreeShards, TermBoundTest, ::testing::Values(1, 3));

}  // namespace
