#include "core/item_store.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "core/database.h"

using namespace km::core;

namespace {

Item tagged(const std::string& id, std::vector<std::string> concepts) {
  Item item;
  item.id = id;
  item.org = "client";
  item.title = "Item " + id;
  item.body = "Body of " + id;
  item.concepts = std::move(concepts);
  return item;
}

// Three indexed items: a-1 tagged billing, a-2 tagged refund, a-3 untagged.
void store_indexed(ItemStore& store) {
  store.upsert(tagged("a-1", {"client:billing"}));
  store.upsert(tagged("a-2", {"client:refund"}));
  store.upsert(tagged("a-3", {}));
  std::vector<std::pair<std::string, std::string>> indexed;
  for (const PendingItem& p : store.pending(10)) indexed.emplace_back(p.item.id, p.content_hash);
  store.mark_indexed(indexed);
}

std::vector<std::string> pending_ids(ItemStore& store) {
  std::vector<std::string> ids;
  for (const PendingItem& p : store.pending(10)) ids.push_back(p.item.id);
  std::sort(ids.begin(), ids.end());
  return ids;
}

}  // namespace

TEST(ItemStore, MarkPendingFlagsOnlyTheNamedItemsAndKeepsTheirContent) {
  SQLite::Database db = open_database(":memory:");
  ItemStore store(db);
  store_indexed(store);
  ASSERT_TRUE(pending_ids(store).empty());
  const Item before = *store.get("a-2");
  EXPECT_EQ(store.mark_pending({"a-2", "no-such-item"}), 1u);
  EXPECT_EQ(pending_ids(store), std::vector<std::string>{"a-2"});
  EXPECT_EQ(store.get("a-2")->to_json(), before.to_json());
  // Unchanged content: marking is not a new version, and upserting it again changes nothing.
  EXPECT_EQ(store.upsert(before), UpsertOutcome::unchanged);
  EXPECT_EQ(store.counts().total, 3u);
  EXPECT_EQ(store.mark_pending({}), 0u);
}

TEST(ItemStore, MarkTaggedPendingFollowsTheConceptLinks) {
  SQLite::Database db = open_database(":memory:");
  ItemStore store(db);
  store_indexed(store);
  EXPECT_EQ(store.mark_tagged_pending("client:billing"), 1u);
  EXPECT_EQ(pending_ids(store), std::vector<std::string>{"a-1"});
  EXPECT_EQ(store.mark_tagged_pending("client:unknown"), 0u);
  EXPECT_EQ(store.mark_tagged_pending(), 2u);
  EXPECT_EQ(pending_ids(store), (std::vector<std::string>{"a-1", "a-2"}));  // a-3 has no concept
}
