#include <gmock/gmock.h>

#include "core/text.h"
#include "tests/server/server_fixture.h"

using km::testing::ServerTest;
using ::testing::HasSubstr;

class KmReportTest : public ServerTest {
 protected:
  void SetUp() override {
    ServerTest::SetUp();
    add_user("p.expert", "partner", {km::core::Role::expert}, {"connectivity"});
    add_user("p.lead", "partner", {km::core::Role::km_lead}, {});
  }
  nlohmann::json post(const std::string& user, const std::string& path, const nlohmann::json& body) {
    auto res = client_->Post(path, auth(user), body.dump(), "application/json");
    EXPECT_TRUE(res && res->status < 300) << path << (res ? res->body : "");
    return res ? nlohmann::json::parse(res->body) : nlohmann::json();
  }
};

TEST_F(KmReportTest, FiguresAreRightOnAFixtureAndTheSameForEveryKmLead) {
  // Two requests by the client: one answered and accepted, one deflected.
  const long long answered = post("c.reader", "/api/requests", {{"question", "Outage keeps coming back"}})["request"]["id"];
  post("p.expert", "/api/requests/" + std::to_string(answered) + "/answers", {{"text", "Refer it after two drops."}});
  post("c.reader", "/api/requests/" + std::to_string(answered) + "/accept", {{"rating", 5}});
  const long long deflected = post("c.reader", "/api/requests", {{"question", "Roaming bill shock"}})["request"]["id"];
  post("c.reader", "/api/requests/" + std::to_string(deflected) + "/deflect", {{"item_id", "s-billing-partner"}});
  // Searches: one clicked, one with no results.
  const long long clicked = get_json("c.reader", "/api/search?q=escalation")["search_id"];
  get_json("c.reader", "/api/items/s-phrase?search_id=" + std::to_string(clicked));
  get_json("c.reader", "/api/search?q=quasar");
  // A client user finds a partner item helpful: knowledge flowing partner -> client.
  post("c.contrib", "/api/feedback", {{"item_id", "s-router-title"}, {"helpful", true}});
  {
    // A view carrying someone else's zero-result search is no success of that search (the API
    // refuses to record one; the report does not count one either).
    SQLite::Database db(km::core::sqlite_path(config_.db_dir), SQLite::OPEN_READWRITE);
    db.exec("INSERT INTO item_views (item_id, user_id, org, search_id) "
            "SELECT 's-phrase', 'c.contrib', 'client', id FROM search_log WHERE query = 'quasar'");
  }

  auto r = get_json("c.lead", "/api/reports/km?org=client");
  const auto& req = r["requests"]["by_org"]["client"];
  EXPECT_EQ(req["opened"], 2);
  EXPECT_EQ(req["deflected"], 1);
  EXPECT_EQ(req["answered"], 1);
  EXPECT_EQ(req["answered_within_service_level"], 1);
  const auto& searches = r["searches"]["by_org"]["client"];
  EXPECT_EQ(searches["searches"], 2);
  EXPECT_DOUBLE_EQ(searches["success_rate"].get<double>(), 0.5);
  EXPECT_EQ(r["searches"]["top_zero_result_queries"][0]["query"], "quasar");
  EXPECT_EQ(r["knowledge_flow_helpful_votes"]["partner -> client"], 1);
  // Issue 15: the monthly review needs one set of numbers. All 6 client items count, for the
  // client's km_lead (who may see 4 of them) as for the partner's (who may see 2).
  EXPECT_EQ(r["items"]["contributed"]["client"]["total"], 6);
  auto partner_view = get_json("p.lead", "/api/reports/km?org=client");
  EXPECT_EQ(partner_view["items"]["contributed"]["client"], r["items"]["contributed"]["client"]);
  EXPECT_EQ(partner_view["items"]["review_backlog"], r["items"]["review_backlog"]);
  EXPECT_EQ(partner_view["requests"], r["requests"]);
  // What the review needs beside the counts (issue 15).
  EXPECT_DOUBLE_EQ(req["deflection_rate"].get<double>(), 0.5);
  EXPECT_EQ(req["ratings"]["count"], 1);
  EXPECT_DOUBLE_EQ(req["ratings"]["mean"].get<double>(), 5.0);
  EXPECT_FALSE(req["median_hours_to_first_response"].is_null());
  EXPECT_EQ(req["escalations"]["at_risk"], 0);
  const auto& met = r["requests"]["service_level"];
  EXPECT_DOUBLE_EQ(met["target"].get<double>(), 0.9);
  EXPECT_EQ(met["by_priority"]["normal"]["answered"], 1);
  EXPECT_EQ(met["by_priority"]["normal"]["rag"], "green");
  EXPECT_TRUE(met["by_priority"]["high"]["rag"].is_null());  // nothing answered: no colour
  EXPECT_EQ(met["by_answering_org"]["partner"]["within_service_level"], 1);
  EXPECT_EQ(met["by_answering_community"]["connectivity"]["answered"], 1);
  EXPECT_TRUE(r["requests"]["breaches"].empty());
  const auto people = get_json("c.lead", "/api/reports/km")["participation"];
  EXPECT_EQ(people["client"]["askers"], 1);
  EXPECT_EQ(people["client"]["searchers"], 1);
  EXPECT_EQ(people["client"]["voters"], 1);
  EXPECT_EQ(people["partner"]["answerers"], 1);
  const auto& coverage = r["taxonomy_coverage"]["client"];
  EXPECT_EQ(coverage["items"], 5);  // not the retired one
  EXPECT_GE(coverage["items_with_concepts"].get<int>(), 1);
  EXPECT_TRUE(coverage.contains("mapped_share"));
  // Issue 10: the client's workers' search words are not the partner's to read; the counts are.
  EXPECT_TRUE(partner_view["searches"]["top_zero_result_queries"].empty());
  EXPECT_EQ(partner_view["searches"]["by_org"]["client"]["searches"], 2);
  auto csv = get("c.lead", "/api/reports/km?org=client&format=csv");
  EXPECT_THAT(csv->body, HasSubstr("requests,by_org/client/opened,2"));
  EXPECT_THAT(csv->body, HasSubstr("report,org,client\n"));  // issue 15: the CSV says what it is of
  EXPECT_THAT(csv->body, HasSubstr("report,generated_at,20"));
  EXPECT_THAT(csv->body, HasSubstr("participation,client/askers,1\n"));
  EXPECT_THAT(csv->body, HasSubstr("requests,service_level/by_priority/normal/rag,green\n"));
}

// Issue 15: zero-result queries are grouped whatever their case and spacing.
// Issue 15: a zero is a figure. A month with nothing in it has every section and every figure.
TEST_F(KmReportTest, EveryFigureIsPresentEvenWhenItIsZero) {
  auto r = get_json("c.lead", "/api/reports/km?org=client&from=2020-01-01&to=2020-01-31");
  const auto& req = r["requests"]["by_org"]["client"];
  for (const char* figure : {"opened", "deflected", "answered", "answered_within_service_level", "overdue", "reopened"}) {
    EXPECT_EQ(req[figure], 0) << figure;
  }
  EXPECT_TRUE(req["median_hours_to_answer"].is_null());
  EXPECT_EQ(r["searches"]["by_org"]["client"]["searches"], 0);
  EXPECT_EQ(r["items"]["contributed"]["client"]["total"], 0);
  EXPECT_EQ(r["items"]["contributed"]["client"]["by_kind"]["good_practice"], 0);
  EXPECT_EQ(r["items"]["contributed"]["client"]["by_status"]["draft"], 0);
  EXPECT_EQ(r["sampling"]["client"]["checked"], 0);
  auto csv = get("c.lead", "/api/reports/km?org=client&from=2020-01-01&to=2020-01-31&format=csv");
  EXPECT_THAT(csv->body, HasSubstr("requests,by_org/client/overdue,0\n"));
  EXPECT_THAT(csv->body, HasSubstr("searches,by_org/client/searches,0\n"));
  // Without an org, every organisation is there.
  auto both = get_json("c.lead", "/api/reports/km?from=2020-01-01&to=2020-01-31");
  EXPECT_EQ(both["requests"]["by_org"]["partner"]["opened"], 0);
  EXPECT_EQ(both["requests"]["by_org"]["client"]["opened"], 0);
}

// Issue 15: a reopened request (its answer rejected) is open and unanswered again; it counts
// as answered by its final answer only.
TEST_F(KmReportTest, AReopenedRequestIsUnansweredUntilItsFinalAnswer) {
  const long long id = post("c.reader", "/api/requests", {{"question", "Outage keeps coming back"}})["request"]["id"];
  const std::string path = "/api/requests/" + std::to_string(id);
  post("p.expert", path + "/answers", {{"text", "Restart the router."}});
  post("c.reader", path + "/reopen", {{"text", "It came back the next day."}});
  auto r = get_json("c.lead", "/api/reports/km?org=client");
  const auto& reopened = r["requests"]["by_org"]["client"];
  EXPECT_EQ(reopened["opened"], 1);
  EXPECT_EQ(reopened["answered"], 0);
  EXPECT_EQ(reopened["answered_within_service_level"], 0);
  EXPECT_EQ(reopened["reopened"], 1);
  EXPECT_FALSE(r["requests"]["top_unanswered_topics"].empty());
  post("p.expert", path + "/answers", {{"text", "Three drops in a week are one fault: refer it to second line."}});
  post("c.reader", path + "/accept", {{"rating", 5}});
  auto after = get_json("c.lead", "/api/reports/km?org=client");
  EXPECT_EQ(after["requests"]["by_org"]["client"]["answered"], 1);
  EXPECT_EQ(after["requests"]["by_org"]["client"]["answered_within_service_level"], 1);
  EXPECT_EQ(after["requests"]["by_org"]["client"]["reopened"], 1);
  EXPECT_TRUE(after["requests"]["top_unanswered_topics"].empty());
}

TEST_F(KmReportTest, ZeroResultQueriesAreGroupedWhateverTheirCase) {
  for (const char* q : {"Quasar", "quasar", "QUASAR%20", "quasar%20%20drift", "Quasar%20Drift"}) get_json("c.reader", std::string("/api/search?q=") + q);
  auto top = get_json("c.lead", "/api/reports/km")["searches"]["top_zero_result_queries"];
  ASSERT_EQ(top.size(), 2u) << top.dump();
  EXPECT_EQ(top[0]["query"], "quasar");
  EXPECT_EQ(top[0]["searches"], 3);
  EXPECT_EQ(top[1]["query"], "quasar drift");
  EXPECT_EQ(top[1]["searches"], 2);
}

TEST_F(KmReportTest, NeedsAKmLeadAndValidDates) {
  // Issue 15: a period that ends before it starts, and an organisation nobody belongs to.
  EXPECT_EQ(get_json("c.lead", "/api/reports/km?from=2026-11-30&to=2026-11-01", 400)["error"]["code"], "invalid_input");
  EXPECT_EQ(get_json("c.lead", "/api/reports/km?org=clinet", 400)["error"]["code"], "invalid_input");
  EXPECT_EQ(get_json("c.reader", "/api/reports/km", 403)["error"]["code"], "forbidden");
  EXPECT_EQ(get_json("c.lead", "/api/reports/km?from=last-month", 400)["error"]["code"], "invalid_input");
  auto empty = get_json("c.lead", "/api/reports/km?from=2030-01-01");
  EXPECT_EQ(empty["items"]["contributed"]["client"]["total"], 0);  // a month without items: zeros
  EXPECT_EQ(empty["requests"]["by_org"]["partner"]["opened"], 0);
}

// Issue 15: a closed period is frozen as signed off at the monthly review, with the actions
// agreed; later changes do not alter it, and both organisations' km_leads read the same one.
TEST_F(KmReportTest, AFrozenMonthReadsBackUnchanged) {
  const std::string period = "from=2024-01-01&to=2024-12-31";
  auto freeze = [&](const std::string& user, const nlohmann::json& body) {
    return client_->Post("/api/reports/km/freeze", auth(user), body.dump(), "application/json");
  };
  EXPECT_EQ(freeze("c.reader", {{"from", "2024-01-01"}, {"to", "2024-12-31"}})->status, 403);
  EXPECT_EQ(freeze("c.lead", {{"from", "2024-01-01"}, {"to", "2099-12-31"}})->status, 400);  // not closed
  EXPECT_EQ(freeze("c.lead", {{"from", "2024-01-01"}})->status, 400);
  const auto live_before = get_json("c.lead", "/api/reports/km?" + period);
  EXPECT_EQ(live_before["items"]["contributed"]["client"]["by_status"]["validated"], 2);  // s-router-body, s-community-billing
  auto frozen = freeze("c.lead", {{"from", "2024-01-01"}, {"to", "2024-12-31"}, {"actions", "Partner to add a recommendation section."}});
  ASSERT_EQ(frozen->status, 201) << frozen->body;
  EXPECT_EQ(freeze("p.lead", {{"from", "2024-01-01"}, {"to", "2024-12-31"}})->status, 409);

  // Retiring an item of that year later: today's figures change, the frozen ones do not.
  ASSERT_EQ(client_->Delete("/api/items/s-router-body", auth("c.contrib"))->status, 200);
  const auto live_after = get_json("c.lead", "/api/reports/km?" + period + "&live=1");
  EXPECT_EQ(live_after["items"]["contributed"]["client"]["by_status"]["validated"], 1);
  for (const char* lead : {"c.lead", "p.lead"}) {
    const auto read = get_json(lead, "/api/reports/km?" + period);
    EXPECT_EQ(read["items"]["contributed"]["client"]["by_status"]["validated"], 2) << lead;
    EXPECT_EQ(read["frozen"]["actions"], "Partner to add a recommendation section.");
    EXPECT_EQ(read["frozen"]["by"], "c.lead");
    EXPECT_TRUE(read["searches"]["top_zero_result_queries"].empty());  // no one's raw words in a shared snapshot
  }
  const std::string csv = get("p.lead", "/api/reports/km?" + period + "&format=csv")->body;
  EXPECT_THAT(csv, HasSubstr("requests,by_org/client/opened,0"));
  EXPECT_THAT(csv, HasSubstr("report,frozen_actions,Partner to add a recommendation section.\n"));
  const auto list = get_json("p.lead", "/api/reports/km/frozen")["frozen"];
  ASSERT_EQ(list.size(), 1u);
  EXPECT_EQ(list[0]["from"], "2024-01-01");
  EXPECT_EQ(list[0]["frozen_by"], "c.lead");
}

// Issue 15: each figure per month over a range, for the page's charts.
TEST_F(KmReportTest, TrendsGiveEachMonthsFigures) {
  post("c.reader", "/api/requests", {{"question", "Outage keeps coming back"}});
  const std::string this_month = km::core::utc_timestamp().substr(0, 7);
  const auto trend = get_json("c.lead", "/api/reports/km/trend?from=2024-07&to=" + this_month)["months"];
  ASSERT_GE(trend.size(), 2u);
  EXPECT_EQ(trend.front()["month"], "2024-07");
  EXPECT_EQ(trend.front()["by_org"]["client"]["contributed"], 0);
  EXPECT_EQ(trend.back()["month"], this_month);
  EXPECT_EQ(trend.back()["by_org"]["client"]["opened"], 1);
  EXPECT_EQ(trend.back()["frozen"], false);
  int contributed = 0;
  for (const auto& month : trend) contributed += month["by_org"]["client"]["contributed"].get<int>();
  EXPECT_EQ(contributed, 3);  // 2024-08, 2025-05 and 2025-07, each in its month (s-router-body is of 2024-03)
  EXPECT_EQ(get_json("c.lead", "/api/reports/km/trend?from=2024-13&to=2025-01", 400)["error"]["code"], "invalid_input");
  for (const char* bad : {"%2B202-01", "%202024-1", "2024-1x", "2024/01"}) {  // "+202-01", " 2024-1": no longer read as months
    EXPECT_EQ(get_json("c.lead", std::string("/api/reports/km/trend?from=") + bad + "&to=2025-01", 400)["error"]["message"],
              "from is a month (YYYY-MM)") << bad;
  }
  EXPECT_EQ(get_json("c.lead", "/api/reports/km/trend?from=2020-01&to=2025-01", 400)["error"]["code"], "invalid_input");
  EXPECT_EQ(get_json("c.reader", "/api/reports/km/trend?from=2025-01&to=2025-02", 403)["error"]["code"], "forbidden");
}
