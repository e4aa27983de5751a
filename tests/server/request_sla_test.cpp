// Service levels of requests over time, with a clock the test moves.
#include <gmock/gmock.h>

#include "server/request_service.h"
#include "tests/server/server_fixture.h"

using km::testing::ServerTest;
using namespace km::server;

class RequestSlaTest : public ServerTest {
 protected:
  void SetUp() override {
    ServerTest::SetUp();
    add_user("p.expert", "partner", {km::core::Role::expert}, {"connectivity"});
    store_ = std::make_unique<SharedStore>(km::core::sqlite_path(config_.db_dir));
    readers_ = std::make_unique<km::search::IndexReaders>(km::core::index_path(config_.db_dir));
    items_ = std::make_unique<ItemService>(*store_, km::core::sqlite_path(config_.db_dir), km::core::index_path(config_.db_dir),
                                           std::chrono::seconds(5));
    taxonomy_ = std::make_unique<TaxonomyCache>(*store_);
    requests_ = std::make_unique<RequestService>(*store_, *items_, *readers_, *taxonomy_, km::core::ServiceLevel{}, [this] { return now_; },
                                                 [this](const std::string& event, const nlohmann::json&) { notified_.push_back(event); });
    now_ = km::core::parse_utc("2026-11-18T10:00:00Z");  // a Wednesday
  }
  km::core::User user(const std::string& id) {
    SQLite::Database db(km::core::sqlite_path(config_.db_dir));
    return *km::core::UserStore(db).get(id);
  }
  std::vector<std::string> events(long long id) {
    std::vector<std::string> out;
    const nlohmann::json r = requests_->get(user("c.lead"), id);
    for (const auto& e : r["events"]) out.push_back(e["event"].get<std::string>() + ": " + e["detail"].get<std::string>());
    return out;
  }
  std::time_t now_ = 0;
  std::vector<std::string> notified_;  // webhook events, in order
  std::unique_ptr<SharedStore> store_;
  std::unique_ptr<km::search::IndexReaders> readers_;
  std::unique_ptr<ItemService> items_;
  std::unique_ptr<TaxonomyCache> taxonomy_;
  std::unique_ptr<RequestService> requests_;
};

TEST_F(RequestSlaTest, OpenRequestsGoAtRiskThenOverdueThenEscalateOnce) {
  auto created = requests_->create(user("c.reader"), {{"question", "Outage keeps coming back"}, {"priority", "high"}});
  const long long id = created["request"]["id"];
  EXPECT_EQ(created["request"]["due_at"], "2026-11-18T14:00:00Z");  // 4 working hours
  now_ = km::core::parse_utc("2026-11-18T12:00:00Z");
  EXPECT_EQ(requests_->check_service_levels(), 0u);
  now_ = km::core::parse_utc("2026-11-18T13:05:00Z");  // past 75% of the time
  EXPECT_EQ(requests_->check_service_levels(), 1u);
  EXPECT_EQ(requests_->check_service_levels(), 0u);  // alerted once
  auto at_risk = requests_->list(user("c.lead"), km::server::RequestService::ListScope::own, "at_risk");
  ASSERT_EQ(at_risk.size(), 1u);
  EXPECT_EQ(at_risk[0]["escalation"], 1);
  now_ = km::core::parse_utc("2026-11-18T14:30:00Z");
  EXPECT_EQ(requests_->check_service_levels(), 1u);
  EXPECT_EQ(requests_->list(user("c.lead"), km::server::RequestService::ListScope::own, "overdue").size(), 1u);
  EXPECT_TRUE(requests_->list(user("c.lead"), km::server::RequestService::ListScope::own, "at_risk").empty());  // overdue, no longer "at risk"
  now_ = km::core::parse_utc("2026-11-18T18:30:00Z");  // 4 clock hours past due, but 1.5 working hours
  EXPECT_EQ(requests_->check_service_levels(), 0u);
  now_ = km::core::parse_utc("2026-11-19T10:00:01Z");  // 4 working hours past due
  EXPECT_EQ(requests_->check_service_levels(), 1u);
  auto log = events(id);
  EXPECT_THAT(notified_, ::testing::ElementsAre("routed", "at_risk", "overdue", "escalated"));  // each alert once
  ASSERT_EQ(log.size(), 4u);
  EXPECT_THAT(log[1], ::testing::HasSubstr("at_risk: connectivity alerted"));
  EXPECT_THAT(log[2], ::testing::HasSubstr("escalated: overdue: escalated to the leads of connectivity"));
  EXPECT_THAT(log[3], ::testing::HasSubstr("km_lead"));
}

TEST_F(RequestSlaTest, AcrossAWeekendEveryFlagWaitsForWorkingTime) {
  now_ = km::core::parse_utc("2026-11-20T16:30:00Z");  // a Friday
  const long long id = requests_->create(user("c.reader"), {{"question", "Outage keeps coming back"}, {"priority", "high"}})["request"]["id"];
  auto state = [&] { return requests_->get(user("c.lead"), id); };
  EXPECT_EQ(state()["due_at"], "2026-11-23T12:30:00Z");
  now_ = km::core::parse_utc("2026-11-22T20:00:00Z");  // Sunday evening: none of its working time used yet
  EXPECT_EQ(requests_->check_service_levels(), 0u);
  EXPECT_EQ(state()["at_risk"], false);
  now_ = km::core::parse_utc("2026-11-23T11:29:59Z");
  EXPECT_EQ(requests_->check_service_levels(), 0u);
  now_ = km::core::parse_utc("2026-11-23T11:30:00Z");  // 3 of its 4 working hours gone
  EXPECT_EQ(requests_->check_service_levels(), 1u);
  EXPECT_EQ(state()["at_risk"], true);
  now_ = km::core::parse_utc("2026-11-23T12:30:00Z");  // the due second: still on time, not escalated
  EXPECT_EQ(requests_->check_service_levels(), 0u);
  EXPECT_EQ(state()["overdue"], false);
  EXPECT_EQ(state()["escalation"], 1);
  now_ = km::core::parse_utc("2026-11-23T12:30:01Z");
  EXPECT_EQ(requests_->check_service_levels(), 1u);
  EXPECT_EQ(state()["overdue"], true);
  EXPECT_EQ(state()["escalation"], 2);
  now_ = km::core::parse_utc("2026-11-23T16:30:00Z");  // due + 4 working hours, to the second
  EXPECT_EQ(requests_->check_service_levels(), 0u);
  now_ = km::core::parse_utc("2026-11-23T16:30:01Z");
  EXPECT_EQ(requests_->check_service_levels(), 1u);
  EXPECT_EQ(state()["escalation"], 3);
  EXPECT_THAT(notified_, ::testing::ElementsAre("routed", "at_risk", "overdue", "escalated"));
}

TEST_F(RequestSlaTest, ACheckAfterDowntimeReachesEveryLevelInOrder) {
  const long long id = requests_->create(user("c.reader"), {{"question", "Outage keeps coming back"}, {"priority", "high"}})["request"]["id"];
  now_ = km::core::parse_utc("2026-11-19T12:00:00Z");  // the next check comes after every threshold
  EXPECT_EQ(requests_->check_service_levels(), 1u);
  EXPECT_EQ(requests_->check_service_levels(), 0u);
  EXPECT_THAT(notified_, ::testing::ElementsAre("routed", "at_risk", "overdue", "escalated"));
  const auto log = events(id);
  ASSERT_EQ(log.size(), 4u);
  EXPECT_THAT(log[1], ::testing::HasSubstr("at_risk: connectivity alerted"));
  EXPECT_THAT(log[2], ::testing::HasSubstr("escalated: overdue: escalated to the leads of connectivity"));
  EXPECT_THAT(log[3], ::testing::HasSubstr("km_lead"));
}

TEST_F(RequestSlaTest, TheClockStopsWhileARequestWaitsForTheRequestersDetails) {
  const long long id = requests_->create(user("c.reader"), {{"question", "Outage keeps coming back"}, {"priority", "high"}})["request"]["id"];
  now_ = km::core::parse_utc("2026-11-18T10:30:00Z");
  requests_->claim(user("p.expert"), id);
  now_ = km::core::parse_utc("2026-11-18T11:00:00Z");  // 3 of its 4 working hours left
  requests_->ask(user("p.expert"), id, "Which postcode?");
  now_ = km::core::parse_utc("2026-11-19T12:00:00Z");  // past the due time (14:00), but waiting
  EXPECT_EQ(requests_->check_service_levels(), 0u);
  auto waiting = requests_->get(user("c.lead"), id);
  EXPECT_EQ(waiting["overdue"], false);
  EXPECT_EQ(waiting["at_risk"], false);
  requests_->add_details(user("c.reader"), id, "M5 4WT, fibre");
  // It waited 9 working hours (Wednesday 11:00-17:00, Thursday 09:00-12:00): due 9 working
  // hours later, so the 3 hours it had left remain.
  EXPECT_EQ(requests_->get(user("c.lead"), id)["due_at"], "2026-11-19T15:00:00Z");
  EXPECT_EQ(requests_->check_service_levels(), 0u);
  now_ = km::core::parse_utc("2026-11-19T15:00:01Z");
  EXPECT_EQ(requests_->get(user("c.lead"), id)["overdue"], true);
}

TEST_F(RequestSlaTest, AnsweredRequestsAreNeitherAtRiskNorOverdue) {
  const long long id = requests_->create(user("c.reader"), {{"question", "Outage keeps coming back"}, {"priority", "high"}})["request"]["id"];
  requests_->answer(user("p.expert"), id, {{"text", "Refer it."}});
  now_ = km::core::parse_utc("2026-11-20T10:00:00Z");
  EXPECT_EQ(requests_->check_service_levels(), 0u);
  auto r = requests_->get(user("c.reader"), id);
  EXPECT_EQ(r["overdue"], false);
  EXPECT_EQ(r["at_risk"], false);
}

TEST_F(RequestSlaTest, TheHttpListsFilterByComputedState) {
  auto res = client_->Get("/api/requests?overdue=1", auth("c.lead"));
  ASSERT_EQ(res->status, 200);
  EXPECT_TRUE(nlohmann::json::parse(res->body)["requests"].empty());
}
