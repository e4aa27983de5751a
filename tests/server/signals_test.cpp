#include <gmock/gmock.h>

#include "search/signal_boost.h"
#include "tests/server/server_fixture.h"

using km::testing::ServerTest;
using ::testing::ElementsAre;

class SignalsTest : public ServerTest {
 protected:
  httplib::Result vote(const std::string& user, const std::string& item, bool helpful) {
    return client_->Post("/api/feedback", auth(user), nlohmann::json({{"item_id", item}, {"helpful", helpful}}).dump(),
                         "application/json");
  }
  void create(const std::string& id, const std::string& review_by, const std::string& status = "validated") {
    nlohmann::json item = {{"id", id},     {"title", "Numbat line card swap"}, {"body", "Swap the numbat line card."},
                           {"visibility", "shared"}, {"status", status}};
    if (!review_by.empty()) item["review_by"] = review_by;
    auto res = client_->Post("/api/items", auth("c.contrib"), item.dump(), "application/json");
    ASSERT_EQ(res->status, 201) << res->body;
  }
};

TEST(SignalBoost, WeighsStatusVotesAndFreshness) {
  km::search::RankingOptions o;
  EXPECT_DOUBLE_EQ(km::search::signal_boost("draft|0|0|", o, "2026-01-01"), 1.0);
  EXPECT_DOUBLE_EQ(km::search::signal_boost("validated|0|0|2027-01-01", o, "2026-01-01"), 1.5);
  EXPECT_DOUBLE_EQ(km::search::signal_boost("validated|3|1|", o, "2026-01-01"), 1.5 + 0.6);
  EXPECT_DOUBLE_EQ(km::search::signal_boost("validated|20|0|", o, "2026-01-01"), 1.5 + 1.5);  // capped at 5 votes
  EXPECT_DOUBLE_EQ(km::search::signal_boost("validated|0|0|2025-12-31", o, "2026-01-01"), 1.5 - 0.6);  // stale
  EXPECT_DOUBLE_EQ(km::search::signal_boost("retired|0|9|2020-01-01", o, "2026-01-01"), 0.0);  // never negative
}

TEST_F(SignalsTest, AnItemVotedHelpfulBySeveralUsersRisesForTheSameQuery) {
  auto rank_of_script = [&] {
    auto r = ids(get_json("c.contrib", "/api/search?q=escalation")["results"]);
    return std::find(r.begin(), r.end(), "s-script") - r.begin();
  };
  const auto before = rank_of_script();
  ASSERT_GT(before, 0) << "s-script must start below the top for the votes to show";
  for (const char* user : {"p.connect", "c.contrib", "p.contrib", "c.reader", "p.reader"}) {
    auto res = vote(user, "s-script", true);
    ASSERT_EQ(res->status, 200) << res->body;
  }
  EXPECT_EQ(get_json("p.connect", "/api/items/s-script")["votes"]["helpful"], 5);
  EXPECT_EQ(rank_of_script(), 0);
}

TEST_F(SignalsTest, NotHelpfulVotesSinkAnItem) {
  auto before = scored_results("p.connect", "router");
  double gap_before = before[0]["score"].get<double>() - before[1]["score"].get<double>();
  for (const char* user : {"p.connect", "c.contrib", "p.contrib"}) ASSERT_EQ(vote(user, "s-router-body", false)->status, 200);
  auto after = scored_results("p.connect", "router");
  EXPECT_EQ(after[1]["id"], "s-router-body");
  EXPECT_NEAR(after[0]["score"].get<double>() - after[1]["score"].get<double>(), gap_before + 0.9, 1e-6);
}

TEST_F(SignalsTest, StaleAndRetiredItemsSink) {
  // Identical text: without signals the first created (lowest document id) would rank first.
  create("client-n-stale", "2020-01-01");
  create("client-n-fresh", "2099-01-01");
  EXPECT_THAT(ids(get_json("c.reader", "/api/search?q=numbat")["results"]), ElementsAre("client-n-fresh", "client-n-stale"));
  create("client-n-retired", "", "retired");
  auto all = ids(get_json("c.lead", "/api/search?q=numbat&include_retired=1")["results"]);
  EXPECT_THAT(all, ElementsAre("client-n-fresh", "client-n-stale", "client-n-retired"));
}

TEST_F(SignalsTest, FeedbackNeedsAVisibleItemAndAWellFormedBody) {
  EXPECT_EQ(vote("p.reader", "s-secret-client", true)->status, 404);  // invisible: like a missing id
  EXPECT_EQ(vote("p.reader", "no-such-item", true)->status, 404);
  auto bad = client_->Post("/api/feedback", auth("p.reader"), R"({"item_id":"s-phrase","helpful":"yes"})", "application/json");
  EXPECT_EQ(bad->status, 400);
  EXPECT_EQ(client_->Post("/api/feedback", R"({"item_id":"s-phrase","helpful":true})", "application/json")->status, 401);
  ASSERT_EQ(vote("p.reader", "s-phrase", true)->status, 200);
  auto again = vote("p.reader", "s-phrase", false);  // a second vote replaces the first
  EXPECT_EQ(nlohmann::json::parse(again->body)["votes"], nlohmann::json({{"helpful", 0}, {"not_helpful", 1}}));
  SQLite::Database db(km::core::sqlite_path(config_.db_dir));
  EXPECT_EQ(db.execAndGet("SELECT COUNT(*) FROM feedback WHERE item_id = 's-secret-client'").getInt(), 0);
}

TEST_F(SignalsTest, SearchesAndClicksAreLogged) {
  auto search = get_json("c.reader", "/api/search?q=escalation&page=1");
  ASSERT_TRUE(search.contains("search_id"));
  const long long id = search["search_id"];
  get_json("c.reader", "/api/items/s-phrase?search_id=" + std::to_string(id));
  SQLite::Database db(km::core::sqlite_path(config_.db_dir));
  EXPECT_EQ(db.execAndGet("SELECT query || '/' || org || '/' || page FROM search_log WHERE id = " + std::to_string(id)).getString(),
            "escalation/client/1");
  EXPECT_EQ(db.execAndGet("SELECT item_id FROM item_views WHERE search_id = " + std::to_string(id)).getString(), "s-phrase");
}

// Issue 10: anyone could record a click on anyone's search; only the searcher's own counts.
TEST_F(SignalsTest, Issue10AClickCountsOnlyForTheSearchersOwnSearch) {
  const long long id = get_json("c.reader", "/api/search?q=escalation")["search_id"];
  get_json("p.connect", "/api/items/s-phrase?search_id=" + std::to_string(id));  // someone else's search
  SQLite::Database db(km::core::sqlite_path(config_.db_dir));
  EXPECT_EQ(db.execAndGet("SELECT COUNT(*) FROM item_views WHERE search_id = " + std::to_string(id)).getInt(), 0);
  EXPECT_EQ(db.execAndGet("SELECT COUNT(*) FROM item_views WHERE user_id = 'p.connect'").getInt(), 1);  // the view itself counts
}
