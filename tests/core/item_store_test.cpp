#include "core/item_store.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <set>

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

TEST(ItemStore, RowsCarryTheColumnsReportsCountWithoutTheDocument) {
  SQLite::Database db = open_database(":memory:");
  ItemStore store(db);
  Item a = tagged("a-1", {"client:refund", "client:billing"});
  a.kind = Kind::insight;
  a.status = Status::validated;
  a.community = "billing";
  a.author = "ana";
  a.created = "2026-11-02";
  a.updated = "2026-11-20";
  a.review_by = "2027-05-01";
  store.upsert(a);
  Item b = tagged("b-1", {});
  b.org = "partner";
  store.upsert(b);

  EXPECT_EQ(store.size(), 2u);
  EXPECT_EQ(store.orgs(), (std::set<std::string>{"client", "partner"}));
  const std::vector<ItemRow> rows = store.rows();
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0].id, "a-1");
  EXPECT_EQ(rows[0].kind, Kind::insight);
  EXPECT_EQ(rows[0].status, Status::validated);
  EXPECT_EQ(rows[0].community, "billing");
  EXPECT_EQ(rows[0].author, "ana");
  EXPECT_EQ(rows[0].created, "2026-11-02");
  EXPECT_EQ(rows[0].updated, "2026-11-20");
  EXPECT_EQ(rows[0].review_by, "2027-05-01");
  EXPECT_TRUE(rows[0].tagged);
  EXPECT_EQ(rows[1].org, "partner");
  EXPECT_FALSE(rows[1].tagged);
  const auto concepts = store.concepts_by_item();
  ASSERT_EQ(concepts.size(), 1u);
  EXPECT_EQ(concepts.at("a-1"), (std::vector<std::string>{"client:billing", "client:refund"}));
}

TEST(ItemStore, ReviewDueHoldsTheAuthorsOrTheOrgsItemsPastReviewOrNamed) {
  SQLite::Database db = open_database(":memory:");
  ItemStore store(db);
  auto add = [&](const std::string& id, const std::string& org, const std::string& author, const std::string& review_by, Status status) {
    Item item = tagged(id, {});
    item.org = org;
    item.author = author;
    item.review_by = review_by;
    item.status = status;
    store.upsert(item);
  };
  add("due-ana", "client", "ana", "2026-11-01", Status::validated);
  add("due-bo", "client", "bo", "2026-10-01", Status::validated);
  add("fresh-ana", "client", "ana", "2027-01-01", Status::validated);
  add("retired-ana", "client", "ana", "2026-01-01", Status::retired);
  add("due-partner", "partner", "pia", "2026-01-01", Status::validated);
  add("failed-bo", "client", "bo", "", Status::validated);

  EXPECT_EQ(store.review_due("2026-12-03", "ana", "", {}), std::vector<std::string>{"due-ana"});
  // A km_lead's queue: the organisation's items, by review-by date (none first), then id.
  EXPECT_EQ(store.review_due("2026-12-03", "ana", "client", {"failed-bo", "retired-ana"}),
            (std::vector<std::string>{"failed-bo", "due-bo", "due-ana"}));
}
