#include "core/sample_store.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "core/database.h"
#include "core/item_store.h"

using namespace km::core;

namespace {

void store_item(SQLite::Database& db, const std::string& id, const std::string& community) {
  Item item;
  item.id = id;
  item.org = "partner";
  item.title = "Title of " + id;
  item.body = "Body of " + id;
  item.community = community;
  ItemStore(db).upsert(item);
}

const SampleRecord kSample{0, "ana", "partner", "2026-11-01", "2026-11-30", ""};

}  // namespace

TEST(SampleStore, VerdictNamesRoundTrip) {
  EXPECT_EQ(parse_verdict(to_string(Verdict::fail)), Verdict::fail);
  EXPECT_EQ(to_string(Verdict::pass), "pass");
  EXPECT_FALSE(parse_verdict("maybe"));
}

TEST(SampleStore, SavesASampleWithItsItemsAndRecordsVerdicts) {
  SQLite::Database db = open_database(":memory:");
  store_item(db, "p-1", "connectivity");
  store_item(db, "p-2", "");
  SampleStore samples(db);
  const long long id = samples.create(kSample, {"p-2", "p-1"});
  const auto found = samples.find(id);
  ASSERT_TRUE(found);
  EXPECT_EQ(found->reviewer, "ana");
  EXPECT_EQ(found->org, "partner");
  EXPECT_EQ(found->from, "2026-11-01");
  EXPECT_EQ(found->to, "2026-11-30");
  EXPECT_FALSE(found->created_at.empty());
  EXPECT_FALSE(samples.find(id + 1));

  EXPECT_TRUE(samples.decide(id, "p-1", Verdict::fail, "out of date", "2026-12-01T10:00:00Z"));
  EXPECT_FALSE(samples.decide(id, "p-9", Verdict::pass, "", "2026-12-01T10:00:00Z"));  // not in the sample
  const std::vector<SampleItem> items = samples.items_of(id);
  ASSERT_EQ(items.size(), 2u);
  EXPECT_EQ(items[0].item_id, "p-1");
  EXPECT_EQ(items[0].title, "Title of p-1");
  EXPECT_EQ(items[0].verdict, Verdict::fail);
  EXPECT_EQ(items[0].reason, "out of date");
  EXPECT_FALSE(items[1].verdict);

  const auto mine = samples.reviewed_by("ana");
  ASSERT_EQ(mine.size(), 1u);
  EXPECT_EQ(mine[0].sample.id, id);
  EXPECT_EQ(mine[0].items, 2);
  EXPECT_EQ(mine[0].decided, 1);
  EXPECT_EQ(mine[0].passed, 0);
  EXPECT_TRUE(samples.reviewed_by("bo").empty());
  EXPECT_EQ(samples.summaries().size(), 1u);
}

TEST(SampleStore, AFailureWaitsForReviewUntilItsItemChanges) {
  SQLite::Database db = open_database(":memory:");
  store_item(db, "p-1", "connectivity");
  store_item(db, "p-2", "");
  store_item(db, "p-3", "");
  SampleStore samples(db);
  const long long id = samples.create(kSample, {"p-1", "p-2", "p-3"});
  samples.decide(id, "p-1", Verdict::fail, "wrong", "2999-01-01T00:00:00Z");  // after the item's last change
  samples.decide(id, "p-2", Verdict::fail, "wrong", "2000-01-01T00:00:00Z");  // the item changed since
  samples.decide(id, "p-3", Verdict::pass, "", "2999-01-01T00:00:00Z");

  EXPECT_EQ(samples.failed_unchanged(), std::set<std::string>{"p-1"});
  std::vector<DecidedItem> decided = samples.decided();
  ASSERT_EQ(decided.size(), 3u);
  std::sort(decided.begin(), decided.end(), [](const auto& a, const auto& b) { return a.item_id < b.item_id; });
  EXPECT_EQ(decided[0].item_org, "partner");
  EXPECT_EQ(decided[0].community, "connectivity");
  EXPECT_EQ(decided[0].verdict, Verdict::fail);
  EXPECT_FALSE(decided[0].changed_since);
  EXPECT_TRUE(decided[1].changed_since);
  EXPECT_EQ(decided[2].verdict, Verdict::pass);
}
