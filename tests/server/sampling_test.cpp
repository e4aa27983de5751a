#include <gmock/gmock.h>

#include <thread>

#include "tests/server/server_fixture.h"

using km::testing::ServerTest;
using ::testing::UnorderedElementsAre;

class SamplingTest : public ServerTest {
 protected:
  void SetUp() override {
    ServerTest::SetUp();
    add_user("p.lead", "partner", {km::core::Role::km_lead}, {});
  }
  httplib::Result post(const std::string& user, const std::string& path, const nlohmann::json& body) {
    return client_->Post(path, auth(user), body.dump(), "application/json");
  }
};

TEST_F(SamplingTest, AKmLeadSamplesTheOtherOrgsItemsAndFailuresGoBackToTheirAuthors) {
  auto drawn = post("p.lead", "/api/sampling/samples", {{"from", "2023-01-01"}, {"to", "2026-12-31"}, {"size", 10}});
  ASSERT_EQ(drawn->status, 201) << drawn->body;
  auto sample = nlohmann::json::parse(drawn->body);
  EXPECT_EQ(sample["org"], "client");
  // Only client items the partner's km_lead may see (the two validated shared ones).
  EXPECT_THAT(ids(sample["items"]), UnorderedElementsAre("s-router-body", "s-phrase"));
  const std::string base = "/api/sampling/samples/" + std::to_string(sample["id"].get<long long>()) + "/items/";
  EXPECT_EQ(post("p.lead", base + "s-phrase", {{"verdict", "fail"}})->status, 400);  // a failure needs a reason
  ASSERT_EQ(post("p.lead", base + "s-phrase", {{"verdict", "fail"}, {"reason", "Recommendation missing"}})->status, 200);
  ASSERT_EQ(post("p.lead", base + "s-router-body", {{"verdict", "pass"}})->status, 200);
  EXPECT_EQ(post("p.lead", base + "s-secret-client", {{"verdict", "pass"}})->status, 404);

  // The failed item waits in its author's review queue until it changes.
  EXPECT_EQ(ids(get_json("c.contrib", "/api/items?review=due")["items"]), std::vector<std::string>{"s-phrase"});
  auto report = get_json("c.lead", "/api/reports/km?org=client");
  EXPECT_EQ(report["sampling"]["client"]["checked"], 2);
  EXPECT_DOUBLE_EQ(report["sampling"]["client"]["pass_rate"].get<double>(), 0.5);
  EXPECT_DOUBLE_EQ(report["sampling"]["client"]["by_community"]["escalations"]["pass_rate"].get<double>(), 0.0);
  // Issue 15: sample sizes, the failure with its reason, and the failed item in the backlog
  // until it is fixed.
  const auto& sampled = report["sampling"]["client"];
  EXPECT_EQ(sampled["samples"], 1);
  EXPECT_EQ(sampled["items_drawn"], 2);
  EXPECT_EQ(sampled["failed"], 1);
  EXPECT_EQ(sampled["fixed"], 0);
  ASSERT_EQ(sampled["failures"].size(), 1u);
  EXPECT_EQ(sampled["failures"][0]["item_id"], "s-phrase");
  EXPECT_EQ(sampled["failures"][0]["reason"], "Recommendation missing");
  const int backlog = report["items"]["review_backlog"]["client"];
  std::this_thread::sleep_for(std::chrono::milliseconds(1100));  // timestamps have one-second resolution
  auto fixed = client_->Patch("/api/items/s-phrase", auth("c.contrib"), R"({"summary":"Use the network escalation path."})", "application/json");
  ASSERT_EQ(fixed->status, 200);
  EXPECT_TRUE(get_json("c.contrib", "/api/items?review=due")["items"].empty());
  auto after = get_json("c.lead", "/api/reports/km?org=client");
  EXPECT_EQ(after["sampling"]["client"]["fixed"], 1);
  EXPECT_EQ(after["sampling"]["client"]["failures"][0]["fixed"], true);
  EXPECT_EQ(after["items"]["review_backlog"]["client"], backlog - 1);
}

TEST_F(SamplingTest, OnlyKmLeadsSampleAndOnlyTheReviewerSeesTheSample) {
  EXPECT_EQ(post("c.contrib", "/api/sampling/samples", {{"from", "2023-01-01"}, {"to", "2026-12-31"}})->status, 403);
  EXPECT_EQ(post("p.lead", "/api/sampling/samples", {{"from", "last month"}, {"to", "2026-12-31"}})->status, 400);
  // A size is a whole number from 1 to 200, never rounded or read from text; a date is text.
  for (const nlohmann::json& size : {nlohmann::json(4.5), nlohmann::json("5"), nlohmann::json(0), nlohmann::json(201)}) {
    const auto answer = post("p.lead", "/api/sampling/samples", {{"from", "2023-01-01"}, {"to", "2026-12-31"}, {"size", size}});
    EXPECT_EQ(answer->status, 400) << size;
    EXPECT_NE(answer->body.find("size must be an integer from 1 to 200"), std::string::npos) << answer->body;
  }
  EXPECT_EQ(post("p.lead", "/api/sampling/samples", {{"from", 20230101}, {"to", "2026-12-31"}})->status, 400);
  auto drawn = nlohmann::json::parse(post("p.lead", "/api/sampling/samples", {{"from", "2023-01-01"}, {"to", "2026-12-31"}})->body);
  EXPECT_EQ(get_json("c.lead", "/api/sampling/samples/" + std::to_string(drawn["id"].get<long long>()), 404)["error"]["code"], "not_found");
}

TEST_F(SamplingTest, AKmLeadNamesASubjectMatterExpertWhoReviewsTheSample) {
  add_user("p.expert", "partner", {km::core::Role::expert}, {"connectivity"});
  // The reviewer must be an expert (or km_lead) of the lead's own organisation.
  EXPECT_EQ(post("p.lead", "/api/sampling/samples", {{"from", "2023-01-01"}, {"to", "2026-12-31"}, {"reviewer", "p.contrib"}})->status, 400);
  EXPECT_EQ(post("p.lead", "/api/sampling/samples", {{"from", "2023-01-01"}, {"to", "2026-12-31"}, {"reviewer", "c.lead"}})->status, 400);
  EXPECT_EQ(post("p.lead", "/api/sampling/samples", {{"from", "2023-01-01"}, {"to", "2026-12-31"}, {"reviewer", "nobody"}})->status, 400);
  auto drawn = post("p.lead", "/api/sampling/samples", {{"from", "2023-01-01"}, {"to", "2026-12-31"}, {"reviewer", "p.expert"}});
  ASSERT_EQ(drawn->status, 201) << drawn->body;
  auto sample = nlohmann::json::parse(drawn->body);
  EXPECT_EQ(sample["reviewer"], "p.expert");
  EXPECT_THAT(ids(sample["items"]), UnorderedElementsAre("s-router-body", "s-phrase"));
  const std::string path = "/api/sampling/samples/" + std::to_string(sample["id"].get<long long>());
  EXPECT_EQ(get_json("p.expert", path)["id"], sample["id"]);
  ASSERT_EQ(post("p.expert", path + "/items/s-phrase", {{"verdict", "pass"}})->status, 200);
  EXPECT_EQ(post("p.contrib", path + "/items/s-router-body", {{"verdict", "pass"}})->status, 404);  // not the reviewer

  // The expert's list of samples holds it with its progress; the lead's and others' do not.
  const auto mine = get_json("p.expert", "/api/sampling/samples");
  ASSERT_EQ(mine["samples"].size(), 1u);
  EXPECT_EQ(mine["samples"][0]["id"], sample["id"]);
  EXPECT_EQ(mine["samples"][0]["items"], 2);
  EXPECT_EQ(mine["samples"][0]["decided"], 1);
  EXPECT_EQ(mine["samples"][0]["passed"], 1);
  EXPECT_EQ(mine["total"], 1);
  EXPECT_TRUE(get_json("p.lead", "/api/sampling/samples")["samples"].empty());
  EXPECT_TRUE(get_json("c.lead", "/api/sampling/samples")["samples"].empty());
  // Newest first, paged like every list.
  ASSERT_EQ(post("p.lead", "/api/sampling/samples", {{"from", "2023-01-01"}, {"to", "2026-12-31"}, {"reviewer", "p.expert"}})->status, 201);
  const auto first = get_json("p.expert", "/api/sampling/samples?per_page=1");
  EXPECT_EQ(first["total"], 2);
  EXPECT_EQ(first["total_pages"], 2);
  EXPECT_GT(first["samples"][0]["id"].get<long long>(), sample["id"].get<long long>());
  EXPECT_EQ(get_json("p.expert", "/api/sampling/samples?per_page=1&page=2")["samples"][0]["id"], sample["id"]);
}

// Issue 10 (L3): a sample drawn for a named reviewer came back to the lead with titles of items
// only the reviewer may see (s-community-billing is for the billing community).
TEST_F(SamplingTest, Issue10ASampleForAReviewerHoldsOnlyWhatTheLeadMaySeeToo) {
  add_user("p.billexpert", "partner", {km::core::Role::expert}, {"billing"});
  ASSERT_EQ(get("p.billexpert", "/api/items/s-community-billing")->status, 200);
  ASSERT_EQ(get("p.lead", "/api/items/s-community-billing")->status, 404);
  auto drawn = post("p.lead", "/api/sampling/samples", {{"from", "2023-01-01"}, {"to", "2026-12-31"}, {"size", 200}, {"reviewer", "p.billexpert"}});
  ASSERT_EQ(drawn->status, 201) << drawn->body;
  EXPECT_THAT(drawn->body, ::testing::Not(::testing::HasSubstr("s-community-billing")));
}
