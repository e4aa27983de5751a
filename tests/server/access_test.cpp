#include <gmock/gmock.h>

#include "core/item.h"
#include "search/access.h"
#include "tests/server/server_fixture.h"

using km::testing::ServerTest;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::UnorderedElementsAre;

class AccessTest : public ServerTest {};

TEST_F(AccessTest, ApiCallsNeedAValidToken) {
  auto none = client_->Get("/api/search?q=router");
  ASSERT_TRUE(none);
  EXPECT_EQ(none->status, 401);
  EXPECT_EQ(nlohmann::json::parse(none->body)["error"]["code"], "unauthorized");
  auto bad = client_->Get("/api/search?q=router", {{"Authorization", "Bearer km_not_a_token"}});
  EXPECT_EQ(bad->status, 401);
  auto basic = client_->Get("/api/me", {{"Authorization", "Basic abc"}});
  EXPECT_EQ(basic->status, 401);
  EXPECT_EQ(get_json("c.reader", "/api/me")["org"], "client");
}

TEST_F(AccessTest, RevokedTokensStopWorking) {
  {
    SQLite::Database db = km::core::open_database(km::core::sqlite_path(config_.db_dir));
    km::core::UserStore(db).revoke_tokens("c.reader");
  }
  EXPECT_EQ(get("c.reader", "/api/me")->status, 401);
}

TEST_F(AccessTest, MissingRoleIsA403) {
  auto res = client_->Post("/api/items", auth("c.reader"), R"({"title":"x","body":"y"})", "application/json");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 403);
  EXPECT_EQ(nlohmann::json::parse(res->body)["error"]["code"], "forbidden");
}

TEST_F(AccessTest, APartnerLearnsNothingAboutAClientOnlyItem) {
  // s-secret-client is visible to its org only; its unique word is "zanzibarite".
  EXPECT_THAT(ids(get_json("c.lead", "/api/search?q=zanzibarite")["results"]), ElementsAre("s-secret-client"));

  auto search = get_json("p.reader", "/api/search?q=zanzibarite");
  EXPECT_EQ(search["total"], 0);
  EXPECT_TRUE(search["results"].empty());
  for (const char* dim : {"org", "kind", "community", "concept"}) EXPECT_TRUE(search["facets"][dim].empty()) << dim;
  EXPECT_FALSE(get_json("p.reader", "/api/search?q=zanzibarit").contains("did_you_mean"));

  auto all = get_json("p.reader", "/api/search?per_page=100");
  EXPECT_THAT(ids(all["results"]), Not(::testing::Contains("s-secret-client")));
  EXPECT_EQ(all["total"], all["results"].size());
  EXPECT_EQ(facet_count(all["facets"], "community", "retention"), 0);
  EXPECT_EQ(facet_count(all["facets"], "concept", "client:pricing"), 0);
  // Only the client items shared with everyone, or with a community p.reader belongs to.
  EXPECT_EQ(facet_count(all["facets"], "org", "client"), 3);

  EXPECT_TRUE(get_json("p.reader", "/api/suggest?q=zanzib")["suggestions"].empty());
  EXPECT_THAT(ids(get_json("p.reader", "/api/items/s-phrase/similar")["results"]),
              Not(::testing::Contains("s-secret-client")));

  // An invisible item answers exactly like a missing one.
  auto hidden = get_json("p.reader", "/api/items/s-secret-client", 404);
  auto missing = get_json("p.reader", "/api/items/no-such-item", 404);
  EXPECT_EQ(hidden["error"]["code"], missing["error"]["code"]);
  EXPECT_EQ(get_json("p.reader", "/api/items/s-secret-client/similar", 404)["error"]["code"], "not_found");
  auto patch = client_->Patch("/api/items/s-secret-client", auth("p.contrib"), R"({"title":"x"})", "application/json");
  EXPECT_EQ(patch->status, 404);
}

TEST_F(AccessTest, DraftsAreSeenByTheirAuthorAndCommunityOnly) {
  auto visible = [&](const std::string& user) {
    return get(user, "/api/items/s-draft")->status == 200;
  };
  EXPECT_TRUE(visible("p.contrib"));  // author
  EXPECT_TRUE(visible("p.connect"));  // connectivity member
  EXPECT_TRUE(visible("c.contrib"));  // connectivity member of the other org
  EXPECT_FALSE(visible("p.reader"));
  EXPECT_FALSE(visible("c.reader"));
}

TEST_F(AccessTest, RetiredItemsOnlyForKmLeadsWhoAskForThem) {
  EXPECT_EQ(get("c.lead", "/api/items/s-retired")->status, 404);
  EXPECT_EQ(get("c.lead", "/api/items/s-retired?include_retired=1")->status, 200);
  EXPECT_EQ(get("c.contrib", "/api/items/s-retired?include_retired=1")->status, 404);
  EXPECT_THAT(ids(get_json("c.lead", "/api/search?q=modem&include_retired=1")["results"]), ElementsAre("s-retired"));
  EXPECT_THAT(ids(get_json("c.contrib", "/api/search?q=modem&status=retired")["results"]), ElementsAre());
}

// The search filter and the per-item check are two expressions of one rule: they must agree
// for every user and every item.
TEST_F(AccessTest, SearchFilterAndItemFetchAgreeForEveryUser) {
  for (const auto& [user, token] : tokens_) {
    auto listed = ids(get_json(user, "/api/search?per_page=100")["results"]);
    for (const char* id : {"s-router-title", "s-router-body", "s-billing-client", "s-billing-partner",
                           "s-secret-client", "s-community-billing", "s-draft", "s-retired", "s-script", "s-phrase"}) {
      bool in_search = std::find(listed.begin(), listed.end(), id) != listed.end();
      bool fetchable = get(user, std::string("/api/items/") + id)->status == 200;
      EXPECT_EQ(in_search, fetchable) << user << " / " << id;
    }
  }
}

TEST_F(AccessTest, PastQueriesAreSuggestedOnlyWhenTheyFindSomethingTheUserMaySee) {
  get_json("c.lead", "/api/search?q=zanzibarite%20pricing");  // finds the client-only item
  get_json("p.connect", "/api/search?q=router");
  auto texts = [&](const std::string& user, const std::string& prefix) {
    std::vector<std::string> out;
    const nlohmann::json body = get_json(user, "/api/suggest?q=" + prefix);
    for (const auto& s : body["suggestions"]) out.push_back(s["text"]);
    return out;
  };
  EXPECT_THAT(texts("c.reader", "zanz"), ::testing::Contains("zanzibarite pricing"));
  EXPECT_TRUE(texts("p.reader", "zanz").empty());
  EXPECT_THAT(texts("c.reader", "rou"), ::testing::Contains("router"));
}
