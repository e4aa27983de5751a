#include <gmock/gmock.h>

#include <fstream>
#include <thread>

#include "tests/server/server_fixture.h"

using km::testing::ServerTest;
using ::testing::Contains;
using ::testing::HasSubstr;
using ::testing::Not;

// The body of an action with nothing to say, as the README and the page send it. A bare C++ {}
// here is JSON null, which the request routes took for {} until every route read its body the
// same way (issue 14).
const nlohmann::json kNothing = nlohmann::json::object();

class RequestsTest : public ServerTest {
 protected:
  void SetUp() override {
    ServerTest::SetUp();
    add_user("p.expert", "partner", {km::core::Role::expert}, {"connectivity"});
    add_user("c.expert", "client", {km::core::Role::expert}, {"billing"});
  }
  httplib::Result post(const std::string& user, const std::string& path, const nlohmann::json& body = nlohmann::json::object()) {
    return client_->Post(path, auth(user), body.dump(), "application/json");
  }
  nlohmann::json post_json(const std::string& user, const std::string& path, const nlohmann::json& body, int status) {
    auto res = post(user, path, body);
    EXPECT_TRUE(res);
    if (!res) return {};
    EXPECT_EQ(res->status, status) << path << ": " << res->body;
    return nlohmann::json::parse(res->body);
  }
  // A client reader's question about outages: routed to connectivity.
  long long ask_outage() {
    auto created = post_json("c.reader", "/api/requests", {{"question", "Outage keeps coming back for one customer"}}, 201);
    return created["request"]["id"];
  }
  std::string path(long long id, const std::string& verb = "") {
    return "/api/requests/" + std::to_string(id) + (verb.empty() ? "" : "/" + verb);
  }
};

TEST_F(RequestsTest, ARequestIsClassifiedRoutedDueAndOffersExistingKnowledge) {
  auto created = post_json("c.reader", "/api/requests", {{"question", "Outage keeps coming back for one customer"}, {"priority", "high"}}, 201);
  const auto& r = created["request"];
  EXPECT_EQ(r["status"], "routed");
  EXPECT_EQ(r["community"], "connectivity");
  EXPECT_EQ(r["concepts"][0]["id"], "shared:service-outage");
  EXPECT_GT(r["due_at"].get<std::string>(), r["created_at"].get<std::string>());
  std::vector<std::string> suggested;
  for (const auto& s : created["suggestions"]) suggested.push_back(s["id"]);
  EXPECT_THAT(suggested, Contains("s-phrase"));  // "Escalation path for repeat outages"
  // Suggestions are searches as the requester: nothing they may not see.
  auto partner = post_json("p.reader", "/api/requests", {{"question", "zanzibarite pricing review"}}, 201);
  for (const auto& s : partner["suggestions"]) EXPECT_NE(s["id"], "s-secret-client");
  auto client = post_json("c.lead", "/api/requests", {{"question", "zanzibarite pricing review"}}, 201);
  EXPECT_EQ(client["suggestions"][0]["id"], "s-secret-client");
}

TEST_F(RequestsTest, FromQuestionToAcceptedAnswerThatBecomesSearchable) {
  const long long id = ask_outage();
  auto queue = get_json("p.expert", "/api/requests?queue=mine")["requests"];
  ASSERT_EQ(queue.size(), 1u);
  EXPECT_EQ(queue[0]["id"], id);
  EXPECT_EQ(post_json("p.expert", path(id, "claim"), kNothing, 200)["status"], "claimed");
  const auto asked = post_json("p.expert", path(id, "ask"), {{"text", "Which postcode?"}}, 200);
  EXPECT_EQ(asked["status"], "needs_info");
  EXPECT_EQ(asked["waits_for_details"], true);  // the page asks the requester for them
  const auto detailed = post_json("c.reader", path(id, "details"), {{"text", "M5 4WT, fibre"}}, 200);
  EXPECT_EQ(detailed["status"], "claimed");
  EXPECT_EQ(detailed["waits_for_details"], false);
  EXPECT_EQ(post_json("p.expert", path(id, "answers"), {{"text", "See cl-023."}, {"items", "cl-023"}}, 400)["error"]["message"],
            "items must be an array of item ids");
  auto answered = post_json("p.expert", path(id, "answers"),
                            {{"text", "Treat three drops in a week as one wallaby fault and refer it."}, {"visibility", "shared"}}, 201);
  EXPECT_EQ(answered["status"], "answered");
  auto accepted = post_json("c.reader", path(id, "accept"), {{"rating", 5}}, 200);
  EXPECT_EQ(accepted["status"], "resolved");
  EXPECT_EQ(accepted["resolution"], "accepted");
  EXPECT_EQ(accepted["rating"], 5);
  const std::string item = accepted["answer_item"];
  auto found = get_json("p.reader", "/api/search?q=wallaby")["results"];
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0]["id"], item);
  EXPECT_EQ(found[0]["kind"], "answer");
  std::vector<std::string> events;
  for (const auto& e : accepted["events"]) events.push_back(e["event"]);
  EXPECT_EQ(events, (std::vector<std::string>{"created", "claimed", "asked", "details", "answered", "accepted"}));
}

TEST_F(RequestsTest, TheRequesterCanReopenAnAnswerOrDeflectWithAnExistingItem) {
  const long long id = ask_outage();
  post_json("p.expert", path(id, "answers"), {{"text", "Reboot the hub."}}, 201);
  auto reopened = post_json("c.reader", path(id, "reopen"), {{"text", "Tried that."}}, 200);
  EXPECT_EQ(reopened["status"], "routed");
  auto deflected = post_json("c.reader", path(id, "deflect"), {{"item_id", "s-phrase"}}, 200);
  EXPECT_EQ(deflected["status"], "resolved");
  EXPECT_EQ(deflected["resolution"], "deflected");
  EXPECT_EQ(post_json("c.reader", path(id, "claim"), kNothing, 403)["error"]["code"], "forbidden");
  EXPECT_EQ(post_json("p.expert", path(id, "claim"), kNothing, 409)["error"]["code"], "conflict");
}

TEST_F(RequestsTest, OnlyTheRightPeopleSeeAndActOnARequest) {
  const long long id = ask_outage();
  EXPECT_EQ(get_json("p.reader", path(id), 404)["error"]["code"], "not_found");  // neither requester nor community
  EXPECT_EQ(get_json("c.lead", path(id))["id"], id);                              // km_leads see every request
  EXPECT_EQ(post_json("p.connect", path(id, "claim"), kNothing, 403)["error"]["code"], "forbidden");  // member, not expert
  EXPECT_EQ(post_json("c.expert", path(id, "claim"), kNothing, 404)["error"]["code"], "not_found");  // expert of billing
  EXPECT_EQ(post_json("p.connect", path(id, "answers"), {{"text", "x"}}, 403)["error"]["code"], "forbidden");
  post_json("p.expert", path(id, "answers"), {{"text", "An answer."}}, 201);
  EXPECT_EQ(post_json("p.expert", path(id, "accept"), {{"rating", 5}}, 403)["error"]["code"], "forbidden");
  EXPECT_EQ(post_json("c.lead", path(id, "accept"), {{"rating", 4}}, 200)["resolution"], "accepted");
  EXPECT_TRUE(get_json("c.reader", "/api/requests")["requests"][0]["id"] == id);
  EXPECT_TRUE(get_json("p.expert", "/api/requests?queue=mine")["requests"].empty());  // resolved leaves the queue
  EXPECT_EQ(get_json("c.reader", "/api/requests?status=resolved")["requests"][0]["id"], id);
  EXPECT_TRUE(get_json("c.reader", "/api/requests?status=routed")["requests"].empty());
  EXPECT_TRUE(get_json("c.reader", "/api/requests?overdue=1")["requests"].empty());  // resolved is never overdue
}

TEST_F(RequestsTest, BadInputIsRefusedAndChangesNothing) {
  EXPECT_EQ(post_json("c.reader", "/api/requests", {{"details", "no question"}}, 400)["error"]["code"], "invalid_input");
  EXPECT_EQ(post_json("c.reader", "/api/requests", {{"question", "x"}, {"priority", "urgent"}}, 400)["error"]["code"], "invalid_input");
  EXPECT_EQ(post_json("c.reader", "/api/requests", {{"question", "x"}, {"concepts", {"client:case"}}}, 400)["error"]["code"],
            "invalid_input");
  EXPECT_TRUE(get_json("c.reader", "/api/requests")["requests"].empty());
  const long long id = ask_outage();
  post_json("p.expert", path(id, "answers"), {{"text", "An answer."}}, 201);
  EXPECT_EQ(post_json("c.reader", path(id, "accept"), {{"rating", 9}}, 400)["error"]["code"], "invalid_input");
  EXPECT_EQ(get_json("c.reader", path(id))["status"], "answered");
  EXPECT_EQ(get_json("c.reader", "/api/requests/abc", 404)["error"]["code"], "not_found");
  auto unrouted = post_json("c.reader", "/api/requests", {{"question", "Where is the staff canteen menu?"}}, 201);
  EXPECT_EQ(unrouted["request"]["status"], "unrouted");
  EXPECT_EQ(post_json("c.reader", "/api/requests", {{"question", "Refund help"}, {"concepts", {"shared:refunds"}}}, 201)["request"]["community"],
            "billing");
}

TEST_F(RequestsTest, RequestQuestionsCountAsDemandInTheAlignmentReport) {
  auto demand = [&] {
    const nlohmann::json report = get_json("c.lead", "/api/taxonomy/alignment?org=client");
    for (const auto& u : report["unmapped"]) {
      if (u["concept"] == "client:retention") return u["demand"].get<int>();
    }
    return -1;
  };
  const int before = demand();
  post_json("c.reader", "/api/requests", {{"question", "Why is churn rising after the price change?"}}, 201);
  EXPECT_EQ(demand(), before + 1);  // "churn" is client:retention's alternative label
}

TEST_F(RequestsTest, ASimilarOpenRequestIsOfferedAndJoinersFollowItToItsAnswer) {
  const long long first = ask_outage();
  auto second = post_json("c.billing", "/api/requests", {{"question", "The outage keeps coming back for my customer"}}, 201);
  ASSERT_EQ(second["similar_open_requests"].size(), 1u);
  EXPECT_EQ(second["similar_open_requests"][0]["id"], first);
  auto unrelated = post_json("c.billing", "/api/requests", {{"question", "Refund for a double direct debit"}}, 201);
  EXPECT_TRUE(unrelated["similar_open_requests"].empty());

  EXPECT_EQ(get_json("c.billing", path(first), 404)["error"]["code"], "not_found");  // not yet a follower
  // Only an offered request can be joined: anyone else learns nothing, as for a missing id.
  auto other = post_json("p.reader", path(first, "join"), kNothing, 404);
  EXPECT_EQ(other["error"]["message"], "no request " + std::to_string(first));
  EXPECT_EQ(post_json("p.reader", "/api/requests/999/join", kNothing, 404)["error"]["message"], "no request 999");
  EXPECT_EQ(get_json("p.reader", path(first), 404)["error"]["code"], "not_found");
  auto joined = post_json("c.billing", path(first, "join"), kNothing, 200);
  EXPECT_EQ(joined["followers"], nlohmann::json({"c.billing"}));
  post_json("p.expert", path(first, "answers"), {{"text", "Refer it."}}, 201);
  auto followed = get_json("c.billing", path(first));
  EXPECT_EQ(followed["status"], "answered");
  EXPECT_EQ(followed["answers"][0]["text"], "Refer it.");
  bool listed = false;
  const nlohmann::json mine = get_json("c.billing", "/api/requests");
  for (const auto& r : mine["requests"]) listed |= r["id"] == first;
  EXPECT_TRUE(listed);
  EXPECT_EQ(post_json("c.billing", path(first, "accept"), {{"rating", 5}}, 403)["error"]["code"], "forbidden");  // only the requester
  EXPECT_EQ(post_json("c.billing", "/api/requests/999/join", kNothing, 404)["error"]["code"], "not_found");
}

TEST_F(RequestsTest, AKmLeadRoutesAnUnroutedRequestByHand) {
  auto created = post_json("p.reader", "/api/requests", {{"question", "zanzibarite pricing review"}}, 201);
  const long long id = created["request"]["id"];
  ASSERT_EQ(created["request"]["status"], "unrouted");
  // km_leads find the requests waiting for them; others do not see the request at all.
  bool listed = false;
  const nlohmann::json waiting = get_json("c.lead", "/api/requests?status=unrouted");
  for (const auto& r : waiting["requests"]) listed |= r["id"] == id;
  EXPECT_TRUE(listed);
  EXPECT_TRUE(get_json("c.billing", "/api/requests?status=unrouted")["requests"].empty());

  EXPECT_EQ(post_json("p.reader", path(id, "route"), {{"community", "connectivity"}}, 403)["error"]["code"], "forbidden");
  EXPECT_EQ(post_json("c.lead", path(id, "route"), {{"community", "retention"}}, 400)["error"]["message"],
            "community 'retention' has no expert to answer the request");
  EXPECT_EQ(post_json("c.lead", path(id, "route"), kNothing, 400)["error"]["message"], "community is required");
  EXPECT_EQ(get_json("p.reader", path(id))["status"], "unrouted");  // refused routes changed nothing

  const std::string due = created["request"]["due_at"];
  auto routed = post_json("c.lead", path(id, "route"), {{"community", "connectivity"}}, 200);
  EXPECT_EQ(routed["status"], "routed");
  EXPECT_EQ(routed["community"], "connectivity");
  EXPECT_EQ(routed["due_at"], due);  // the clock started when the worker asked
  EXPECT_EQ(routed["events"].back()["detail"], "routed by hand to connectivity");
  auto queue = get_json("p.expert", "/api/requests?queue=mine")["requests"];
  ASSERT_EQ(queue.size(), 1u);
  EXPECT_EQ(queue[0]["id"], id);

  // The communities a km_lead can choose from, with their experts.
  const nlohmann::json communities = get_json("c.lead", "/api/communities")["communities"];
  std::map<std::string, int> experts;
  for (const auto& c : communities) experts[c["id"]] = c["experts"];
  EXPECT_EQ(experts.at("connectivity"), 1);  // p.expert
  EXPECT_EQ(experts.at("retention"), 0);
  EXPECT_EQ(client_->Get("/api/communities")->status, 401);

  // Once an expert has claimed it, it stays with them.
  post_json("p.expert", path(id, "claim"), kNothing, 200);
  EXPECT_EQ(post_json("c.lead", path(id, "route"), {{"community", "billing"}}, 409)["error"]["code"], "conflict");
  EXPECT_EQ(post_json("c.lead", "/api/requests/999/route", {{"community", "billing"}}, 404)["error"]["code"], "not_found");
}

TEST_F(RequestsTest, AListShowsEachRequestExactlyAsItsOwnPage) {
  const long long first = ask_outage();
  post_json("p.expert", path(first, "claim"), kNothing, 200);
  post_json("p.expert", path(first, "answers"), {{"text", "Refer it."}}, 201);
  post_json("c.reader", "/api/requests", {{"question", "Refund for a double direct debit"}}, 201);
  post_json("c.reader", "/api/requests", {{"question", "zanzibarite pricing review"}}, 201);
  const nlohmann::json listed = get_json("c.reader", "/api/requests")["requests"];
  ASSERT_EQ(listed.size(), 3u);
  for (const auto& r : listed) EXPECT_EQ(r, get_json("c.reader", path(r["id"].get<long long>()))) << r["id"];
  EXPECT_EQ(listed[0]["answers"].size() + listed[1]["answers"].size() + listed[2]["answers"].size(), 1u);
}

// Issue 10: accepting failed for ever when byte 300 of the question fell inside a multi-byte
// character; and it copied the requester's private details into the searchable answer.
TEST_F(RequestsTest, Issue10AcceptingKeepsCharactersWholeAndDetailsPrivate) {
  std::string question = "Outage keeps coming back for one customer ";
  while (question.size() < 299) question += "x";
  question += "\xC3\xA9\xC3\xA9 again";  // é straddles byte 300
  const long long id = post_json("c.reader", "/api/requests", {{"question", question}}, 201)["request"]["id"];
  post_json("c.reader", path(id, "details"), {{"text", "account kookaburra-77"}}, 200);
  post_json("p.expert", path(id, "answers"), {{"text", "Refer it as one fault."}, {"visibility", "shared"}}, 201);
  auto accepted = post_json("c.reader", path(id, "accept"), {{"rating", 4}}, 200);
  ASSERT_EQ(accepted["status"], "resolved");
  EXPECT_TRUE(get_json("p.reader", "/api/search?q=kookaburra")["results"].empty());
  EXPECT_THAT(get("p.reader", "/api/items/" + accepted["answer_item"].get<std::string>())->body, Not(HasSubstr("kookaburra")));
}

// Issue 10 (L5): a similar open request of the other organisation is not offered, so its
// question cannot be read nor joined by someone outside its community.
TEST_F(RequestsTest, Issue10SimilarRequestsAreOfferedWithinTheOrganisationOnly) {
  const long long first = ask_outage();  // c.reader, client
  auto partner = post_json("p.reader", "/api/requests", {{"question", "The outage keeps coming back for my customer"}}, 201);
  EXPECT_TRUE(partner["similar_open_requests"].empty());
  EXPECT_EQ(post_json("p.reader", path(first, "join"), kNothing, 404)["error"]["code"], "not_found");
}

// Issue 10 (L4): an answer kept to the answerer's organisation was read by the other
// organisation's members of the community (for whom the answer item is a 404).
TEST_F(RequestsTest, Issue10AnAnswerIsReadOnlyByWhomItsVisibilityAdmits) {
  add_user("c.netexpert", "client", {km::core::Role::expert}, {"connectivity"});
  const long long id = ask_outage();  // c.reader's, routed to connectivity (both orgs' experts)
  post_json("c.netexpert", path(id, "answers"), {{"text", "Client-only: use the wholesale fault desk."}, {"visibility", "org"}}, 201);
  EXPECT_EQ(get_json("c.reader", path(id))["answers"].size(), 1u);   // the requester
  EXPECT_EQ(get_json("p.expert", path(id))["answers"].size(), 0u);   // partner member of the community
  EXPECT_THAT(get("p.expert", "/api/requests?queue=mine")->body, Not(HasSubstr("wholesale fault desk")));
  auto accepted = post_json("c.reader", path(id, "accept"), {{"rating", 5}}, 200);
  EXPECT_EQ(get("p.expert", "/api/items/" + accepted["answer_item"].get<std::string>())->status, 404);
}

// Issue 15: service levels on each side's own calendar, walked through a weekend, a holiday and
// two time zones with the server's test clock.
class CalendarRequestsTest : public RequestsTest {
 protected:
  void configure(km::core::Config& config) override {
    config.service_levels = config.db_dir + "/service_levels.json";
    std::ofstream(config.service_levels) << R"({
      "hours": {"high": 4},
      "target": {"answered_within_service_level": 0.9, "high": 0.95},
      "calendars": {
        "org:client": {"time_zone": "Europe/London", "holidays": ["2026-12-25", "2026-12-28"]},
        "community:connectivity": {"time_zone": "Asia/Manila", "hours": "08:00-17:00"}}})";
    config.test_clock_file = config.db_dir + "/clock";
    config.sla_check_seconds = 1;
    set_clock("2026-11-20T08:30:00Z", config.test_clock_file);
  }
  void set_clock(const std::string& utc, std::string file = "") {
    std::ofstream(file.empty() ? config_.test_clock_file : file) << utc << "\n";
  }
  nlohmann::json request(long long id) { return get_json("c.lead", path(id)); }
};

TEST_F(CalendarRequestsTest, TheAnsweringCommunitysCalendarSetsTheDueTimeAndTheFlags) {
  // Friday 16:30 in Manila: half an hour left that day, then Monday from 08:00 local.
  const long long id = post_json("c.reader", "/api/requests", {{"question", "Outage keeps coming back for one customer"},
                                                               {"priority", "high"}}, 201)["request"]["id"];
  EXPECT_EQ(request(id)["community"], "connectivity");
  EXPECT_EQ(request(id)["due_at"], "2026-11-23T03:30:00Z");  // Monday 11:30 in Manila
  set_clock("2026-11-22T12:00:00Z");                          // Sunday: no working time used
  EXPECT_EQ(request(id)["at_risk"], false);
  set_clock("2026-11-23T02:31:00Z");  // Monday 10:31 in Manila: under an hour of four left
  EXPECT_EQ(request(id)["at_risk"], true);
  EXPECT_EQ(request(id)["overdue"], false);
  set_clock("2026-11-23T03:30:01Z");
  EXPECT_EQ(request(id)["overdue"], true);
  std::this_thread::sleep_for(std::chrono::milliseconds(1500));  // the server's check runs every second
  EXPECT_EQ(request(id)["escalation"], 2);

  // Answered Monday 12:00 in Manila: 4.5 working hours after it was asked (67.5 clock hours).
  set_clock("2026-11-23T04:00:00Z");
  post_json("p.expert", path(id, "claim"), kNothing, 200);
  post_json("p.expert", path(id, "answers"), {{"text", "Check the line card, then escalate as a pattern."}}, 201);
  const auto report = get_json("c.lead", "/api/reports/km?org=client")["requests"]["by_org"]["client"];
  EXPECT_DOUBLE_EQ(report["median_hours_to_answer"].get<double>(), 4.5);
  EXPECT_DOUBLE_EQ(report["p90_hours_to_answer"].get<double>(), 4.5);
  EXPECT_EQ(report["answered_within_service_level"], 0);
  EXPECT_EQ(report["escalations"]["overdue"], 1);
  EXPECT_EQ(report["escalations"]["km_lead"], 0);
  // Against the 90% target: one high-priority answer, late, red; the breach names its owner.
  const auto all = get_json("c.lead", "/api/reports/km?org=client")["requests"];
  EXPECT_EQ(all["service_level"]["by_priority"]["high"]["rag"], "red");
  EXPECT_DOUBLE_EQ(all["service_level"]["by_priority"]["high"]["target"].get<double>(), 0.95);  // its own target
  EXPECT_DOUBLE_EQ(all["service_level"]["by_priority"]["normal"]["target"].get<double>(), 0.9);
  EXPECT_EQ(all["service_level"]["by_answering_org"]["partner"]["within_service_level"], 0);
  ASSERT_EQ(all["breaches"].size(), 1u);
  EXPECT_EQ(all["breaches"][0]["id"], id);
  EXPECT_EQ(all["breaches"][0]["owner"], "p.expert");
  EXPECT_EQ(all["breaches"][0]["answered_at"], "2026-11-23T04:00:00Z");
}

TEST_F(CalendarRequestsTest, AnOrganisationsHolidaysStopTheClock) {
  // Unrouted, so on the asking organisation's calendar: London, with Christmas Day and the
  // Monday after as holidays. Thursday 24 December 16:00 + 4 working hours: 1 on Thursday, the
  // other 3 on Tuesday 29 December.
  set_clock("2026-12-24T16:00:00Z");
  const auto created = post_json("c.reader", "/api/requests", {{"question", "Where is the staff canteen menu?"}, {"priority", "high"}}, 201);
  EXPECT_EQ(created["request"]["status"], "unrouted");
  EXPECT_EQ(created["request"]["due_at"], "2026-12-29T12:00:00Z");
  set_clock("2026-12-28T16:00:00Z");  // the Monday holiday: still an hour used of four
  EXPECT_EQ(request(created["request"]["id"])["at_risk"], false);
}
