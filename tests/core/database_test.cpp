#include "core/database.h"

#include <gtest/gtest.h>

#include "core/item_store.h"

using namespace km::core;

namespace {
Item make_item(const std::string& id, const std::string& title) {
  Item item;
  item.id = id;
  item.org = "client";
  item.title = title;
  item.body = "Body of " + title;
  item.concepts = {"client:billing"};
  return item;
}
}  // namespace

TEST(Database, MigratesToLatestVersionOnceAndIdempotently) {
  SQLite::Database db = open_database(":memory:");
  EXPECT_EQ(schema_version(db), migrations().back().version);
  EXPECT_EQ(migrate(db), migrations().back().version);
  SQLite::Statement count(db, "SELECT COUNT(*) FROM schema_migrations");
  count.executeStep();
  EXPECT_EQ(count.getColumn(0).getInt(), static_cast<int>(migrations().size()));
}

TEST(Database, MigrationVersionsAreContiguous) {
  int expected = 1;
  for (const Migration& m : migrations()) EXPECT_EQ(m.version, expected++);
}

TEST(ItemStore, UpsertReportsAddedUnchangedUpdated) {
  SQLite::Database db = open_database(":memory:");
  ItemStore store(db);
  Item item = make_item("a-1", "Refund after double billing");
  EXPECT_EQ(store.upsert(item), UpsertOutcome::added);
  EXPECT_EQ(store.upsert(item), UpsertOutcome::unchanged);
  item.title = "Refund after duplicate billing";
  EXPECT_EQ(store.upsert(item), UpsertOutcome::updated);
  EXPECT_EQ(store.get("a-1")->title, "Refund after duplicate billing");
  EXPECT_EQ(store.counts().total, 1u);
  EXPECT_FALSE(store.get("missing"));
}

TEST(ItemStore, PendingUntilMarkedAtTheIndexedHash) {
  SQLite::Database db = open_database(":memory:");
  ItemStore store(db);
  store.upsert(make_item("a-1", "One"));
  auto pending = store.pending(10);
  ASSERT_EQ(pending.size(), 1u);
  // A newer version arrives before the indexer reports back: it must stay pending.
  store.upsert(make_item("a-1", "One, revised"));
  store.mark_indexed({{"a-1", pending[0].content_hash}});
  ASSERT_EQ(store.pending(10).size(), 1u);
  store.mark_indexed({{"a-1", store.pending(10)[0].content_hash}});
  EXPECT_TRUE(store.pending(10).empty());
}

TEST(ItemStore, KeepsConceptLinksInStep) {
  SQLite::Database db = open_database(":memory:");
  ItemStore store(db);
  Item item = make_item("a-1", "One");
  item.concepts = {"client:billing", "client:refund"};
  store.upsert(item);
  item.concepts = {"client:refund"};
  store.upsert(item);
  SQLite::Statement q(db, "SELECT group_concat(concept_id) FROM item_concepts WHERE item_id = 'a-1'");
  q.executeStep();
  EXPECT_EQ(q.getColumn(0).getString(), "client:refund");
}
