#include "core/request_store.h"

#include <gtest/gtest.h>

#include "core/database.h"

using namespace km::core;

namespace {

RequestRecord asked(const std::string& requester, const std::string& at) {
  RequestRecord r;
  r.requester = requester;
  r.org = "client";
  r.question = "How do I escalate repeat outages?";
  r.status = RequestState::routed;
  r.community = "connectivity";
  r.due_at = "2026-12-04T12:00:00Z";
  r.created_at = at;
  r.concepts = nlohmann::json::array({{{"id", "shared:service-outage"}, {"confidence", 1.0}}});
  return r;
}

}  // namespace

TEST(RequestStore, SavesARequestWithItsEventAndFindsIt) {
  SQLite::Database db = open_database(":memory:");
  RequestStore store(db);
  RequestRecord r = asked("ana", "2026-12-03T09:00:00Z");
  store.save(r, "ana", kRequestCreatedEvent, "routed to connectivity", "2026-12-03T09:00:00Z");
  ASSERT_NE(r.id, 0);
  const auto found = store.find(r.id);
  ASSERT_TRUE(found);
  EXPECT_EQ(found->status, RequestState::routed);
  EXPECT_EQ(found->resolution, RequestResolution::none);
  EXPECT_EQ(found->concepts, r.concepts);
  EXPECT_FALSE(store.find(r.id + 1));
  const auto events = store.events_of({r.id});
  ASSERT_EQ(events.at(r.id).size(), 1u);
  EXPECT_EQ(events.at(r.id)[0].event, "created");
  EXPECT_EQ(events.at(r.id)[0].detail, "routed to connectivity");
}

TEST(RequestStore, AnUpdateAppendsItsEventAndOpenListsOnlyOpenRequests) {
  SQLite::Database db = open_database(":memory:");
  RequestStore store(db);
  RequestRecord first = asked("ana", "2026-12-03T09:00:00Z"), second = asked("bo", "2026-12-03T09:05:00Z");
  store.save(first, "ana", kRequestCreatedEvent, "", "2026-12-03T09:00:00Z");
  store.save(second, "bo", kRequestCreatedEvent, "", "2026-12-03T09:05:00Z");
  first.status = request_transition(first.status, RequestAction::claim);
  first.claimed_by = "eve";
  store.save(first, "eve", request_event_name(RequestAction::claim), "", "2026-12-03T10:00:00Z");
  second.status = RequestState::resolved;
  second.resolution = RequestResolution::deflected;
  store.save(second, "bo", request_event_name(RequestAction::deflect), "cl-023", "2026-12-03T10:05:00Z");

  EXPECT_EQ(store.find(first.id)->claimed_by, "eve");
  EXPECT_EQ(store.find(second.id)->resolution, RequestResolution::deflected);
  EXPECT_EQ(store.last_event_at(first.id, "claimed"), "2026-12-03T10:00:00Z");
  EXPECT_FALSE(store.last_event_at(first.id, "asked"));
  const auto open = store.open();
  ASSERT_EQ(open.size(), 1u);
  EXPECT_EQ(open[0].id, first.id);
  EXPECT_EQ(store.events_of({first.id, second.id}).at(second.id).size(), 2u);
  EXPECT_EQ(store.askers().size(), 2u);
  EXPECT_EQ(store.question_counts(), (std::map<std::string, std::size_t>{{"how do i escalate repeat outages?", 2}}));
}

TEST(RequestStore, ReportRowsCarryTheAnswerTimesAndTheReopening) {
  SQLite::Database db = open_database(":memory:");
  RequestStore store(db);
  RequestRecord r = asked("ana", "2026-12-03T09:00:00Z");
  store.save(r, "ana", kRequestCreatedEvent, "", "2026-12-03T09:00:00Z");
  for (const auto& [action, at] : {std::pair{RequestAction::claim, "2026-12-03T09:30:00Z"}, {RequestAction::answer, "2026-12-03T10:00:00Z"},
                                   {RequestAction::reopen, "2026-12-03T11:00:00Z"}, {RequestAction::answer, "2026-12-03T12:00:00Z"}}) {
    r.status = request_transition(r.status, action);
    store.save(r, "eve", request_event_name(action), "", at);
  }
  const auto rows = store.report_rows();
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].request.status, RequestState::answered);
  EXPECT_EQ(rows[0].answered_at, "2026-12-03T12:00:00Z");
  EXPECT_EQ(rows[0].first_response_at, "2026-12-03T09:30:00Z");
  EXPECT_TRUE(rows[0].reopened);
  EXPECT_EQ(rows[0].answering_org, "");  // no answer stored
}

TEST(RequestStore, AnUnknownStoredStateIsAnErrorNotASilentDefault) {
  SQLite::Database db = open_database(":memory:");
  db.exec("INSERT INTO requests(requester, org, question, status) VALUES ('ana', 'client', 'q', 'routd')");
  EXPECT_THROW(RequestStore(db).find(1), std::runtime_error);
}

TEST(RequestStore, KeepsAnswersFollowersAndOffersPerRequest) {
  SQLite::Database db = open_database(":memory:");
  RequestStore store(db);
  RequestRecord r = asked("ana", "2026-12-03T09:00:00Z");
  store.save(r, "ana", kRequestCreatedEvent, "", "2026-12-03T09:00:00Z");
  RequestAnswer answer{0, "eve", "partner", "Book a line test.", nlohmann::json::array({"cl-023"}), "shared", "2026-12-03T10:00:00Z"};
  store.add_answer(r.id, answer);
  EXPECT_NE(answer.id, 0);
  const auto answers = store.answers_of({r.id});
  ASSERT_EQ(answers.at(r.id).size(), 1u);
  EXPECT_EQ(answers.at(r.id)[0].items, nlohmann::json::array({"cl-023"}));
  EXPECT_EQ(store.answerers(), (std::vector<std::array<std::string, 3>>{{"partner", "eve", "2026-12-03T10:00:00Z"}}));
  EXPECT_EQ(store.report_rows()[0].answering_org, "partner");

  store.add_offer(r.id, "bo");
  EXPECT_TRUE(store.offered(r.id, "bo"));
  EXPECT_FALSE(store.offered(r.id, "cy"));
  store.add_follower(r.id, "bo");
  store.add_follower(r.id, "bo");  // twice: still one follower
  EXPECT_TRUE(store.follows(r.id, "bo"));
  EXPECT_EQ(store.followed_by("bo"), (std::set<long long>{r.id}));
  EXPECT_EQ(store.followers_of({r.id}).at(r.id), (std::vector<std::string>{"bo"}));
}
