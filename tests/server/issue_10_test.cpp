// Issue 10: hostile input from a signed-in user changes nothing and never takes the server down.
#include <gmock/gmock.h>

#include "core/error.h"
#include "core/km_report.h"
#include "tests/server/server_fixture.h"

using km::testing::ServerTest;
using ::testing::HasSubstr;
using ::testing::Not;

namespace {

std::string nested(const std::string& open, const std::string& close, int depth) {
  std::string out;
  for (int i = 0; i < depth; ++i) out += open;
  out += "1";
  for (int i = 0; i < depth; ++i) out += close;
  return out;
}

class Issue10Test : public ServerTest {
 protected:
  void expect_refused_and_alive(const httplib::Result& res) {
    ASSERT_TRUE(res) << "the server did not answer";
    EXPECT_EQ(res->status, 400) << res->body.substr(0, 300);
    const auto error = nlohmann::json::parse(res->body)["error"];
    EXPECT_EQ(error["code"], "invalid_json");
    EXPECT_THAT(error["message"].get<std::string>(), HasSubstr("nested deeper than 32"));
    EXPECT_EQ(client_->Get("/healthz")->status, 200);
  }
};

// C1: 100,000 nested brackets in a request's concepts crashed the server (dump() recursed); the
// test server's body limit is 64 KiB, so 30,000 here.
TEST_F(Issue10Test, C1DeeplyNestedRequestBodiesAreRefused) {
  const std::string body = R"({"question":"Router outage","concepts":[)" + nested("[", "]", 30000) + "]}";  // < 64 KiB
  expect_refused_and_alive(client_->Post("/api/requests", auth("c.reader"), body, "application/json"));
  EXPECT_TRUE(get_json("c.reader", "/api/requests")["requests"].empty());  // nothing was created
}

// C2: an author's merge patch of 100,000 nested objects crashed it (merge_patch recursed).
TEST_F(Issue10Test, C2DeeplyNestedPatchesAreRefused) {
  const nlohmann::json before = get_json("p.contrib", "/api/items/s-draft");
  const std::string body = R"({"summary":)" + nested(R"({"a":)", "}", 10000) + "}";  // within the 64 KiB limit
  expect_refused_and_alive(client_->Patch("/api/items/s-draft", auth("p.contrib"), body, "application/json"));
  EXPECT_EQ(get_json("p.contrib", "/api/items/s-draft"), before);  // nothing changed
}

TEST_F(Issue10Test, NestingWithinTheLimitIsStillAccepted) {
  const std::string body = R"({"question":"Router outage twice a week","details":"x","extra":)" + nested("[", "]", 20) + "}";
  auto res = client_->Post("/api/requests", auth("c.reader"), body, "application/json");
  ASSERT_TRUE(res);
  EXPECT_NE(res->status, 500);
  EXPECT_THAT(res->body, Not(HasSubstr("nested deeper")));
}

// Errors never echo the input or the JSON library's own text.
TEST_F(Issue10Test, JsonErrorsDoNotEchoTheInput) {
  auto malformed = client_->Post("/api/items", auth("c.contrib"), R"({"title": <script>alert(1)</script>)", "application/json");
  ASSERT_EQ(malformed->status, 400);
  EXPECT_THAT(malformed->body, Not(HasSubstr("script")));
  EXPECT_THAT(malformed->body, Not(HasSubstr("json.exception")));
  auto wrong_type = client_->Post("/api/feedback", auth("c.reader"), R"({"item_id": ["<b>x</b>"], "helpful": true})",
                                  "application/json");
  ASSERT_EQ(wrong_type->status, 400);
  EXPECT_THAT(wrong_type->body, Not(HasSubstr("<b>")));
  EXPECT_THAT(wrong_type->body, Not(HasSubstr("json.exception")));
}

// Found by fuzz/json_body_fuzz: a number beyond a double's range was a 500.
TEST_F(Issue10Test, ANumberTooLargeToReadIsA400) {
  auto res = client_->Post("/api/requests", auth("c.reader"), R"({"question":"Router outage","priority":4e4444})",
                           "application/json");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 400);
  EXPECT_EQ(nlohmann::json::parse(res->body)["error"]["code"], "invalid_json");
  EXPECT_THAT(res->body, Not(HasSubstr("4e4444")));
}

}  // namespace

namespace {

// H3: a chunked body had no size limit, nor a compressed one once inflated. Bodies come with a
// Content-Length (limited to max_body_bytes) and uncompressed.
TEST_F(Issue10Test, H3ChunkedAndCompressedBodiesAreRefusedBeforeTheyAreRead) {
  httplib::Headers chunked = auth("c.reader");
  chunked.emplace("Transfer-Encoding", "chunked");
  auto res = client_->Post("/api/feedback", chunked, R"({"item_id":"s-phrase","helpful":true})", "application/json");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 411);
  httplib::Headers gzip = auth("c.reader");
  gzip.emplace("Content-Encoding", "gzip");
  res = client_->Post("/api/feedback", gzip, std::string(100, 'x'), "application/json");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 415);
  EXPECT_EQ(get_json("c.reader", "/api/items/s-phrase")["votes"]["helpful"], 0);  // nothing recorded
}

// H4: 2,000 byte ranges turned one search into a 130 MB answer; now the body is sent once.
TEST_F(Issue10Test, H4ManyByteRangesGetTheBodyOnce) {
  std::string ranges = "bytes=0-";
  for (int i = 0; i < 2000; ++i) ranges += ",0-";
  httplib::Headers headers = auth("c.reader");
  headers.emplace("Range", ranges);
  auto res = client_->Get("/api/search?q=router", headers);
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);
  EXPECT_NO_THROW(nlohmann::json::parse(res->body));  // one whole answer, not 2,001 parts
  EXPECT_LT(res->body.size(), 20000u);
}

TEST_F(Issue10Test, TwoAuthorizationHeadersAreRefused) {
  httplib::Headers headers = auth("c.reader");
  headers.emplace("Authorization", "Bearer " + tokens_.at("c.lead"));
  auto res = client_->Get("/api/me", headers);
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 400);
}

TEST_F(Issue10Test, AnswersCarryTheSecurityHeaders) {
  auto res = get("c.reader", "/api/search?q=router");
  EXPECT_EQ(res->get_header_value("X-Content-Type-Options"), "nosniff");
  EXPECT_EQ(res->get_header_value("Cache-Control"), "no-store");
  EXPECT_THAT(res->get_header_value("Content-Security-Policy"), HasSubstr("default-src 'self'"));
  EXPECT_EQ(res->get_header_value("Referrer-Policy"), "no-referrer");
  auto anonymous = client_->Get("/api/me");
  EXPECT_EQ(anonymous->status, 401);
  EXPECT_EQ(anonymous->get_header_value("WWW-Authenticate"), "Bearer");
}

// A second server on a port in use refuses to start (cpp-httplib's SO_REUSEPORT let two share it).
TEST_F(Issue10Test, ASecondServerOnTheSamePortRefusesToStart) {
  km::core::Config config = config_;
  config.port = port_;
  km::server::App second(config);
  EXPECT_THROW(second.start(), km::core::Unavailable);
}

}  // namespace

namespace {

class Issue10TakeoverTest : public Issue10Test {
 protected:
  httplib::Result post_json(const std::string& user, const std::string& path, const nlohmann::json& body) {
    return client_->Post(path, auth(user), body.dump(), "application/json");
  }
  httplib::Result patch_item(const std::string& user, const std::string& id, const nlohmann::json& body) {
    return client_->Patch("/api/items/" + id, auth(user), body.dump(), "application/json");
  }
  std::string mapping_status(const std::string& source, const std::string& target) {
    const nlohmann::json listed = get_json("c.reader", "/api/taxonomy/mappings?scheme=client");
    for (const auto& m : listed["mappings"]) {
      if (m["source"] == source && m["target"] == target) return m["status"].get<std::string>();
    }
    return "";
  }
};

// A1: proposing an approved mapping again reset it to proposed (and search expansion with it).
TEST_F(Issue10TakeoverTest, A1ProposingADecidedMappingAgainChangesNothing) {
  const nlohmann::json proposal = {{"source", "client:retention"}, {"target", "shared:service-management"}, {"relation", "broadMatch"}};
  ASSERT_EQ(post_json("c.contrib", "/api/taxonomy/mappings", proposal)->status, 201);
  ASSERT_EQ(post_json("c.lead", "/api/taxonomy/mappings/approve", proposal)->status, 200);
  auto again = post_json("c.contrib", "/api/taxonomy/mappings", {{"source", "client:retention"}, {"target", "shared:service-management"},
                                                                 {"relation", "relatedMatch"}});
  ASSERT_TRUE(again);
  EXPECT_EQ(again->status, 409);
  EXPECT_EQ(mapping_status("client:retention", "shared:service-management"), "approved");
}

// A2: a contributor named any user as an item's author, handing them the edit rights.
TEST_F(Issue10TakeoverTest, A2OnlyAKmLeadNamesAnotherAuthorOfTheirOrganisation) {
  auto res = post_json("c.contrib", "/api/items", {{"id", "client-a2-1"}, {"title", "Mine"}, {"body", "x"}, {"author", "c.reader"}});
  EXPECT_EQ(res->status, 403);
  EXPECT_EQ(get("c.lead", "/api/items/client-a2-1")->status, 404);  // nothing created
  ASSERT_EQ(post_json("c.contrib", "/api/items", {{"id", "client-a2-2"}, {"title", "Mine"}, {"body", "x"}, {"status", "validated"}})->status, 201);
  EXPECT_EQ(patch_item("c.contrib", "client-a2-2", {{"author", "c.reader"}})->status, 403);
  EXPECT_EQ(patch_item("c.lead", "client-a2-2", {{"author", "p.reader"}})->status, 400);  // not a user of client
  EXPECT_EQ(patch_item("c.lead", "client-a2-2", {{"author", "c.billing"}})->status, 200);
  EXPECT_EQ(get_json("c.lead", "/api/items/client-a2-2")["author"], "c.billing");
}

// A3: creating "answer-<request id>" in advance made accepting that request fail for ever.
TEST_F(Issue10TakeoverTest, A3AnswerIdsAreKeptForAcceptedAnswers) {
  auto res = post_json("c.contrib", "/api/items", {{"id", "answer-1"}, {"title", "Squatted"}, {"body", "x"}});
  EXPECT_EQ(res->status, 400);
  EXPECT_THAT(res->body, HasSubstr("kept for accepted answers"));
}

// L6: creating an item with a hidden item's id answered 409 (a free id 201): an existence
// oracle, and the other organisation's ids could be taken. A chosen id now lies in the
// chooser's own organisation's namespace; outside it every id gets the same refusal.
TEST_F(Issue10TakeoverTest, L6AChosenIdRevealsNothingOutsideTheChoosersOrganisation) {
  auto hidden = post_json("p.contrib", "/api/items", {{"id", "s-secret-client"}, {"title", "Probe"}, {"body", "x"}});
  auto free = post_json("p.contrib", "/api/items", {{"id", "s-no-such-item"}, {"title", "Probe"}, {"body", "x"}});
  auto theirs = post_json("p.contrib", "/api/items", {{"id", "client-taken-by-partner"}, {"title", "Squat"}, {"body", "x"}});
  for (const auto* res : {&hidden, &free, &theirs}) {
    ASSERT_TRUE(*res);
    EXPECT_EQ((*res)->status, 400);
    EXPECT_THAT((*res)->body, HasSubstr("must start with 'partner-'"));
  }
  auto own = post_json("p.contrib", "/api/items", {{"id", "partner-chosen"}, {"title", "Mine"}, {"body", "x"}, {"status", "validated"}});
  EXPECT_EQ(own->status, 201);
  auto named = post_json("p.contrib", "/api/items", {{"title", "Named by the server"}, {"body", "x"}});
  ASSERT_EQ(named->status, 201);
  EXPECT_EQ(nlohmann::json::parse(named->body)["id"].get<std::string>().rfind("partner-", 0), 0u);
}

// L7: the review queue was a 404 naming a hidden item for every km_lead.
TEST_F(Issue10TakeoverTest, L7TheReviewQueueHoldsOnlyWhatItsReaderMaySee) {
  ASSERT_EQ(post_json("c.contrib", "/api/items", {{"id", "client-l7-hidden"}, {"title", "Draft"}, {"body", "x"}, {"status", "draft"},
                                                  {"community", "connectivity"}, {"review_by", "2020-01-01"}})->status, 201);
  ASSERT_EQ(post_json("c.contrib", "/api/items", {{"id", "client-l7-shown"}, {"title", "Old"}, {"body", "x"}, {"status", "validated"},
                                                  {"review_by", "2020-01-01"}})->status, 201);
  auto res = get("c.lead", "/api/items?review=due");
  ASSERT_EQ(res->status, 200) << res->body;
  EXPECT_THAT(res->body, HasSubstr("client-l7-shown"));
  EXPECT_THAT(res->body, Not(HasSubstr("client-l7-hidden")));
}

}  // namespace

namespace {

// L1: with query syntax around it, "did you mean" corrected a word found only in hidden items
// ("zanzibarite" is in a client-only item; router is visible to everyone).
TEST_F(Issue10Test, L1DidYouMeanNeverTeachesAHiddenWordWhateverTheSyntax) {
  ASSERT_EQ(get_json("c.lead", "/api/search?q=zanzibarit")["did_you_mean"], "zanzibarite");  // the client sees it
  for (const char* q : {"router%20OR%20zanzibarit", "router%20-zanzibarit", "(router%20OR%20zanzibarit)",
                        "router%20NOT%20zanzibarit", "%2Brouter%20zanzibarit"}) {
    auto res = get("p.reader", std::string("/api/search?q=") + q);
    ASSERT_EQ(res->status, 200) << q;
    EXPECT_THAT(res->body, Not(HasSubstr("zanzibarite"))) << q;
  }
}

}  // namespace

namespace {

// L2: raw scores told how many hidden items hold a word (their statistics come from the whole
// index). The API answers results in order, without scores, for searches and similar items.
TEST_F(Issue10Test, L2RawScoresNeverLeaveTheServer) {
  for (const char* path : {"/api/search?q=router", "/api/items/s-phrase/similar?limit=5"}) {
    auto res = get("c.reader", path);
    ASSERT_EQ(res->status, 200) << path;
    EXPECT_THAT(res->body, Not(HasSubstr("\"score\""))) << path;
  }
}

}  // namespace

namespace {

// `status=` was ignored by /api/search (its filter was skipped with the facet passes').
TEST_F(Issue10Test, TheStatusFilterApplies) {
  const auto drafts = get_json("c.contrib", "/api/search?status=draft&per_page=100");
  ASSERT_FALSE(drafts["results"].empty());
  for (const auto& r : drafts["results"]) EXPECT_EQ(r["status"], "draft") << r["id"];
  EXPECT_EQ(drafts["total"], drafts["results"].size());
}

// "/app.js%00.html" was served as text/html; a CR in a path was written raw into the log.
TEST_F(Issue10Test, PathsWithControlCharactersAreRefused) {
  for (const char* path : {"/app.js%00.html", "/api/search%0D%0Aforged=1", "/healthz%0A"}) {
    auto res = client_->Get(path);
    ASSERT_TRUE(res) << path;
    EXPECT_EQ(res->status, 400) << path;
  }
}

// A search such as "=HYPERLINK(...)" lands in the KM report's zero-result queries: in the CSV
// it must not be a formula.
TEST(KmReportCsv, Issue10TextThatLooksLikeAFormulaIsQuoted) {
  const nlohmann::json report = {{"items", nlohmann::json::object()},
                                 {"requests", nlohmann::json::object()},
                                 {"searches", {{"top_zero_result_queries", {{{"query", "=HYPERLINK(\"http://x\",\"y\")"}, {"count", 2}},
                                                                            {{"query", "@SUM(A1)"}, {"count", 1}},
                                                                            {{"query", "-1+1"}, {"count", 1}}}},
                                               {"change", -3}}},
                                 {"knowledge_flow_helpful_votes", nlohmann::json::object()},
                                 {"sampling", nlohmann::json::object()}};
  const std::string csv = km::core::km_report_csv(report);
  EXPECT_THAT(csv, HasSubstr("\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\""));
  EXPECT_THAT(csv, HasSubstr(",'@SUM(A1)\n"));
  EXPECT_THAT(csv, HasSubstr(",'-1+1\n"));
  EXPECT_THAT(csv, HasSubstr("searches,change,-3\n"));  // numbers stay numbers
}

}  // namespace
