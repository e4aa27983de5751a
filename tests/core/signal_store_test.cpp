#include "core/signal_store.h"

#include <gtest/gtest.h>

#include "core/database.h"
#include "core/item_store.h"

using namespace km::core;

namespace {

User user(const std::string& id, const std::string& org) {
  User u;
  u.id = id;
  u.org = org;
  return u;
}

// An item of the client's, already indexed.
void store_indexed_item(SQLite::Database& db, const std::string& id) {
  Item item;
  item.id = id;
  item.org = "client";
  item.title = "Refund after double billing";
  item.body = "Refund the second charge.";
  ItemStore items(db);
  items.upsert(item);
  items.mark_indexed({{id, items.pending(1).at(0).content_hash}});
}

}  // namespace

TEST(SignalStore, CountsASearchAsSuccessfulOnlyWhenItsOwnSearcherClicked) {
  SQLite::Database db = open_database(":memory:");
  SignalStore signals(db);
  const User ana = user("ana", "client"), bo = user("bo", "partner");
  const long long refund = signals.log_search(ana, "Refund", 3, 1);
  const long long router = signals.log_search(ana, "router", 2, 1);
  const long long nothing = signals.log_search(bo, "quasar", 0, 1);
  EXPECT_LT(refund, router);
  signals.log_view(ana, "cl-001", refund);   // a click on ana's own search
  signals.log_view(bo, "cl-002", router);    // bo cannot credit ana's search
  signals.log_view(bo, "cl-003", nothing);   // a zero-result search never succeeds
  signals.log_view(ana, "cl-004", std::nullopt);

  std::vector<SearchRecord> searches;
  signals.for_each_search([&](const SearchRecord& s) { searches.push_back(s); });
  ASSERT_EQ(searches.size(), 3u);
  const std::vector<Activity> searchers = signals.searchers();
  ASSERT_EQ(searchers.size(), 3u);
  EXPECT_EQ(searchers[0].user_id, "ana");
  EXPECT_EQ(searchers[0].org, "client");
  EXPECT_EQ(searches[0].query, "Refund");
  EXPECT_EQ(searches[0].org, "client");
  EXPECT_EQ(searches[0].user_id, "ana");
  EXPECT_EQ(searches[0].results, 3);
  EXPECT_TRUE(searches[0].clicked);
  EXPECT_FALSE(searches[1].clicked);
  EXPECT_FALSE(searches[2].clicked);
  EXPECT_FALSE(searches[0].at.empty());
  EXPECT_EQ(signals.query_counts(), (std::map<std::string, std::size_t>{{"quasar", 1}, {"refund", 1}, {"router", 1}}));
  // Completions: past queries that found something, whatever their case.
  EXPECT_EQ(signals.past_queries("RE", 5), std::vector<std::string>{"refund"});
  EXPECT_TRUE(signals.past_queries("qua", 5).empty());
}

TEST(SignalStore, AVoteReplacesTheUsersVoteAndMarksOnlyItsItemPending) {
  SQLite::Database db = open_database(":memory:");
  store_indexed_item(db, "cl-001");
  store_indexed_item(db, "cl-002");
  SignalStore signals(db);
  ItemStore items(db);
  const Item before = *items.get("cl-001");
  EXPECT_EQ(signals.vote(user("ana", "client"), "cl-001", true, "refund", ""), (VoteCounts{1, 0}));
  const auto pending = items.pending(10);
  ASSERT_EQ(pending.size(), 1u);
  EXPECT_EQ(pending[0].item, before);  // marked, not changed
  items.mark_indexed({{"cl-001", pending[0].content_hash}});

  EXPECT_EQ(signals.vote(user("ana", "client"), "cl-001", false, "refund", "outdated"), (VoteCounts{0, 1}));
  EXPECT_EQ(signals.vote(user("pia", "partner"), "cl-001", true, "", ""), (VoteCounts{1, 1}));
  EXPECT_EQ(signals.votes("cl-002"), VoteCounts{});
  EXPECT_EQ(items.pending(10).size(), 1u);
  EXPECT_EQ(signals.voters().size(), 2u);
  // The knowledge flow: helpful votes with the item's organisation and the voter's.
  const std::vector<HelpfulVote> helpful = signals.helpful_votes();
  ASSERT_EQ(helpful.size(), 1u);
  EXPECT_EQ(helpful[0].item_org, "client");
  EXPECT_EQ(helpful[0].voter_org, "partner");
}
