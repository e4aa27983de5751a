// The API's conventions (issue 12): a query parameter a route does not take is a 400 naming
// the ones it does, every search answer says how long it took and how many pages it has, and
// every list is paged the same way; every body is read by one reader (issue 14).
#include <gmock/gmock.h>

#include <set>

#include "tests/server/server_fixture.h"

using km::testing::ServerTest;
using ::testing::HasSubstr;

class ApiConventionsTest : public ServerTest {
 protected:
  nlohmann::json post_json(const std::string& user, const std::string& path, const nlohmann::json& body, int status) {
    auto res = client_->Post(path, auth(user), body.dump(), "application/json");
    EXPECT_TRUE(res) << path;
    if (!res) return {};
    EXPECT_EQ(res->status, status) << path << ": " << res->body;
    return nlohmann::json::parse(res->body);
  }
  std::string error_of(const std::string& user, const std::string& path) {
    const auto body = get_json(user, path, 400);
    EXPECT_EQ(body["error"]["code"], "invalid_input") << path;
    return body["error"]["message"];
  }
};

TEST_F(ApiConventionsTest, AnUnknownQueryParameterIsA400NamingTheSupportedOnes) {
  // Typesense's filter_by came back unfiltered before: now it names what /api/search takes.
  const std::string message = error_of("c.reader", "/api/search?q=router&filter_by=org:client");
  EXPECT_THAT(message, HasSubstr("'filter_by'"));
  EXPECT_THAT(message, HasSubstr("GET /api/search takes q, org, kind"));
  EXPECT_THAT(error_of("c.reader", "/api/me?verbose=1"), HasSubstr("GET /api/me takes no query parameters"));
  EXPECT_THAT(error_of("c.reader", "/api/requests?sort=newest"), HasSubstr("queue, status, overdue, page, per_page"));
  EXPECT_THAT(error_of("c.reader", "/api/items/cl-001?include_retried=1"), HasSubstr("include_retired, search_id"));
  // A write with a parameter it does not take changes nothing.
  post_json("c.reader", "/api/requests?priority=high", {{"question", "Outage keeps coming back"}}, 400);
  EXPECT_EQ(get_json("c.reader", "/api/requests")["total"], 0);
  // The parameters a route takes still work, repeated or not.
  EXPECT_EQ(get_json("c.reader", "/api/search?q=router&org=client&org=partner&per_page=2")["per_page"], 2);
}

TEST_F(ApiConventionsTest, AJsonBodySentAsAFormIsNotTakenForQueryParameters) {
  // `curl -d '{...}'` labels its body application/x-www-form-urlencoded, and httplib files a
  // form's fields as parameters: the README's examples were 400s naming the body.
  auto res = client_->Post("/api/requests", auth("c.reader"), R"({"question":"Outage keeps coming back"})",
                           "application/x-www-form-urlencoded");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 201) << res->body;
  // The query string is still checked on such a request.
  res = client_->Post("/api/requests?priority=high", auth("c.reader"), R"({"question":"Router drops"})",
                      "application/x-www-form-urlencoded");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 400) << res->body;
  EXPECT_THAT(res->body, HasSubstr("unknown parameter 'priority'"));
}

TEST_F(ApiConventionsTest, EverySearchAnswerSaysHowLongItTookAndHowManyPagesItHas) {
  for (const char* path : {"/api/search?q=router&per_page=2", "/api/search?per_page=3", "/api/search?q=qqqxyzzyq"}) {
    const auto body = get_json("c.contrib", path);
    ASSERT_TRUE(body["took_ms"].is_number()) << path;
    EXPECT_GE(body["took_ms"].get<double>(), 0.0);
    const auto total = body["total"].get<std::size_t>(), per_page = body["per_page"].get<std::size_t>();
    EXPECT_EQ(body["total_pages"], (total + per_page - 1) / per_page) << path;
  }
  EXPECT_EQ(get_json("c.contrib", "/api/search?q=qqqxyzzyq")["total_pages"], 0);
}

TEST_F(ApiConventionsTest, ListsArePagedWithTheirTotals) {
  std::set<long long> created;
  for (const char* q : {"Outage keeps coming back", "Router drops at night", "Billing code for refunds"}) {
    created.insert(post_json("c.reader", "/api/requests", {{"question", q}}, 201)["request"]["id"].get<long long>());
  }
  const auto first = get_json("c.reader", "/api/requests?per_page=2");
  const auto second = get_json("c.reader", "/api/requests?per_page=2&page=2");
  EXPECT_EQ(first["requests"].size(), 2u);
  EXPECT_EQ(second["requests"].size(), 1u);
  EXPECT_EQ(first["total"], 3);
  EXPECT_EQ(first["total_pages"], 2);
  EXPECT_EQ(second["page"], 2);
  std::set<long long> seen;
  for (const auto* page : {&first, &second}) {
    for (const auto& r : (*page)["requests"]) seen.insert(r["id"].get<long long>());
  }
  EXPECT_EQ(seen, created);  // every request once, none twice
  EXPECT_TRUE(get_json("c.reader", "/api/requests?per_page=2&page=3")["requests"].empty());
  EXPECT_EQ(get_json("c.reader", "/api/requests")["per_page"], 100);  // the default

  // The review queue and the mappings page the same way, and say their totals.
  for (const std::string list : {"/api/items?review=due", "/api/taxonomy/mappings?scheme=client"}) {
    const auto all = get_json("c.lead", list);
    const auto one = get_json("c.lead", list + "&per_page=1");
    const std::string key = list.find("items") != std::string::npos ? "items" : "mappings";
    EXPECT_EQ(one["total"], all[key].size()) << list;
    EXPECT_EQ(one[key].size(), std::min<std::size_t>(1, all[key].size())) << list;
    if (!all[key].empty()) {
      EXPECT_EQ(one[key][0], all[key][0]) << list;
    }
  }
  for (const char* bad : {"/api/requests?per_page=0", "/api/requests?per_page=1001", "/api/requests?page=0",
                          "/api/taxonomy/mappings?page=x"}) {
    EXPECT_THAT(error_of("c.reader", bad), HasSubstr("must be an integer")) << bad;
  }
}

TEST_F(ApiConventionsTest, AbsentValuesAreNullAndDatesAreNamedAt) {
  // A routed request nobody has claimed or answered: its absent values are null, not "".
  const auto request = post_json("c.reader", "/api/requests", {{"question", "Outage keeps coming back for one customer"}}, 201)["request"];
  for (const char* absent : {"details", "claimed_by", "resolution", "answer_item"}) {
    EXPECT_TRUE(request[absent].is_null()) << absent << ": " << request[absent];
  }
  EXPECT_TRUE(request["due_at"].is_string());
  EXPECT_TRUE(request["created_at"].is_string());
  // Items carry created_at and updated_at beside their own created and updated (kept one release).
  const auto result = get_json("c.reader", "/api/search?q=router")["results"][0];
  EXPECT_EQ(result["created_at"], result["created"]);
  EXPECT_TRUE(result["created_at"].is_string());
  const auto item = get_json("c.reader", "/api/items/" + result["id"].get<std::string>());
  EXPECT_EQ(item["created_at"], item["created"]);
  EXPECT_EQ(item["updated_at"], item["updated"]);
  EXPECT_TRUE(item["updated_at"].is_string());
  // A mapping with no note says null.
  for (const auto& m : get_json("c.lead", "/api/taxonomy/mappings?scheme=client")["mappings"]) {
    EXPECT_TRUE(m["note"].is_null() || (m["note"].is_string() && !m["note"].get<std::string>().empty())) << m;
  }
}

// One body policy for every route that takes one (issue 14): an empty body was {} on the
// request, sampling and mapping-decision routes and a 400 on the others; a mapping decision
// read its body with no check at all (a missing source was a 404 "no mapping  -> ").
TEST_F(ApiConventionsTest, EveryRouteReadsItsBodyTheSameWay) {
  const auto request = post_json("c.reader", "/api/requests", {{"question", "Outage keeps coming back for one customer"}}, 201)["request"];
  const std::string id = std::to_string(request["id"].get<long long>());
  const std::vector<std::string> paths = {"/api/requests", "/api/requests/" + id + "/claim", "/api/requests/" + id + "/join",
                                          "/api/requests/" + id + "/details", "/api/taxonomy/mappings/approve",
                                          "/api/taxonomy/mappings", "/api/sampling/samples", "/api/feedback",
                                          "/api/items", "/api/reports/km/freeze"};
  auto error = [&](const std::string& path, const std::string& body) {
    auto res = client_->Post(path, auth("c.lead"), body, "application/json");
    EXPECT_TRUE(res) << path;
    if (!res) return nlohmann::json();
    EXPECT_EQ(res->status, 400) << path << " " << body << ": " << res->body;
    return nlohmann::json::parse(res->body)["error"];
  };
  for (const std::string& path : paths) {
    EXPECT_EQ(error(path, "")["message"], "POST needs a JSON body (send {} when there is nothing to say)") << path;
    EXPECT_EQ(error(path, "[]")["message"], "the body must be a JSON object") << path;
    EXPECT_EQ(error(path, "{\"a\":")["code"], "invalid_json") << path;
    EXPECT_EQ(error(path, std::string(40, '[') + std::string(40, ']'))["code"], "invalid_json") << path;
  }
  auto patched = client_->Patch("/api/items/cl-001", auth("c.lead"), "", "application/json");
  ASSERT_TRUE(patched);
  EXPECT_EQ(patched->status, 400);
  EXPECT_EQ(nlohmann::json::parse(patched->body)["error"]["message"], "PATCH needs a JSON body (send {} when there is nothing to say)");
  // Required fields are named, whatever the route.
  EXPECT_EQ(error("/api/taxonomy/mappings/approve", "{}")["message"], "source is required");
  EXPECT_EQ(error("/api/taxonomy/mappings/approve", R"({"source":"client:x","target":7})")["message"], "target must be a string");
  EXPECT_EQ(error("/api/taxonomy/mappings", R"({"target":"shared:x"})")["message"], "source is required");
  EXPECT_EQ(error("/api/requests/" + id + "/route", R"({"community":"  "})")["message"], "community is required");
  EXPECT_EQ(error("/api/requests/" + id + "/deflect", "{}")["message"], "item_id is required");
  EXPECT_EQ(error("/api/requests", R"({"question":""})")["message"], "question is required");
  EXPECT_EQ(error("/api/reports/km/freeze", R"({"from":1})")["message"], "from must be a string");
  // Optional fields of the wrong type are named too, never a generic type error.
  EXPECT_EQ(error("/api/feedback", R"({"item_id":7,"helpful":true})")["message"], "item_id must be a string");
  EXPECT_EQ(error("/api/feedback", R"({"item_id":"cl-023","helpful":true,"comment":["x"]})")["message"], "comment must be a string");
  EXPECT_EQ(error("/api/requests", R"({"question":"Why?","priority":1})")["message"], "priority must be a string");
  EXPECT_EQ(error("/api/taxonomy/mappings", R"({"source":"client:x","target":"shared:x","relation":2})")["message"],
            "relation must be a string");
  EXPECT_EQ(error("/api/taxonomy/mappings", R"({"source":"client:x","target":"shared:x","confidence":"high"})")["message"],
            "confidence must be a number from 0 to 1");
  EXPECT_EQ(error("/api/taxonomy/mappings", R"({"source":"client:x","target":"shared:x","confidence":1.5})")["message"],
            "confidence must be a number from 0 to 1");
  EXPECT_EQ(error("/api/sampling/samples", R"({"from":"2023-01-01","to":"2026-12-31","reviewer":3})")["message"],
            "reviewer must be a string");
  // {} is the body of an action with nothing to say: it gets past the body reader to the service.
  EXPECT_EQ(post_json("c.reader", "/api/requests/" + id + "/claim", nlohmann::json::object(), 403)["error"]["code"], "forbidden");
}
