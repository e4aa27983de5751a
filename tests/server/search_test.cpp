#include <gmock/gmock.h>

#include "tests/server/server_fixture.h"

using km::testing::ServerTest;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::UnorderedElementsAre;

class SearchTest : public ServerTest {};

TEST_F(SearchTest, TitleMatchesRankAboveBodyMatches) {
  auto body = get_json("p.connect", "/api/search?q=router");
  EXPECT_THAT(ids(body["results"]), ElementsAre("s-router-title", "s-router-body"));
  EXPECT_EQ(body["total"], 2);
  EXPECT_EQ(body["total_exact"], true);
  EXPECT_FALSE(body["results"][0].contains("score"));  // raw scores stay inside (issue 10, L2)
  const auto scored = scored_results("p.connect", "router");
  EXPECT_GT(scored[0]["score"].get<double>(), scored[1]["score"].get<double>());
}

TEST_F(SearchTest, PhrasesMatchOnlyInOrder) {
  EXPECT_THAT(ids(get_json("c.reader", "/api/search?q=%22network%20escalation%20path%22")["results"]),
              ElementsAre("s-phrase"));
  EXPECT_THAT(ids(get_json("c.reader", "/api/search?q=%22path%20escalation%20network%22")["results"]), ElementsAre());
}

TEST_F(SearchTest, FieldPrefixesRestrictTheMatch) {
  EXPECT_THAT(ids(get_json("c.reader", "/api/search?q=title:escalation")["results"]), ElementsAre("s-phrase"));
  EXPECT_THAT(ids(get_json("c.billing", "/api/search?q=roaming%20kind:answer")["results"]),
              ElementsAre("s-billing-partner"));
  EXPECT_THAT(ids(get_json("c.billing", "/api/search?q=roaming%20org:client")["results"]),
              ElementsAre("s-billing-client"));
}

TEST_F(SearchTest, BooleanOperatorsWork) {
  EXPECT_THAT(ids(get_json("p.connect", "/api/search?q=router%20NOT%20engineer")["results"]),
              ElementsAre("s-router-title"));
  EXPECT_THAT(ids(get_json("p.connect", "/api/search?q=router%20AND%20engineer")["results"]),
              ElementsAre("s-router-body"));
  EXPECT_THAT(ids(get_json("p.connect", "/api/search?q=router%20-engineer")["results"]), ElementsAre("s-router-title"));
}

TEST_F(SearchTest, FacetCountsIgnoreTheirOwnFilterButHonourTheOthers) {
  auto body = get_json("c.billing", "/api/search?q=roaming%20OR%20refund&org=partner");
  EXPECT_THAT(ids(body["results"]), ElementsAre("s-billing-partner"));
  const auto& facets = body["facets"];
  EXPECT_EQ(facet_count(facets, "org", "client"), 2);  // roaming insight + community refund checklist
  EXPECT_EQ(facet_count(facets, "org", "partner"), 1);
  EXPECT_EQ(facet_count(facets, "kind", "answer"), 1);  // kind counts stay under org=partner
  EXPECT_EQ(facet_count(facets, "kind", "insight"), 0);
  EXPECT_EQ(facet_count(facets, "concept", "partner:unexpected-charges"), 1);
}

TEST_F(SearchTest, FacetLimitListsTheMostFrequentValuesAndTheSelectedOnes) {
  const auto all = get_json("c.contrib", "/api/search?facet_limit=0");
  const auto one = get_json("c.contrib", "/api/search?facet_limit=1");
  const auto by_default = get_json("c.contrib", "/api/search");
  for (const char* dimension : {"org", "kind", "community", "concept"}) {
    const auto& values = all["facets"][dimension];
    ASSERT_GE(values.size(), 2u) << dimension;  // the fixture's items hold two values or more of each
    EXPECT_EQ(all["facets_distinct"][dimension], values.size()) << dimension;
    EXPECT_EQ(one["facets_distinct"][dimension], values.size()) << dimension;
    ASSERT_EQ(one["facets"][dimension].size(), 1u) << dimension;
    EXPECT_EQ(one["facets"][dimension][0], values[0]) << dimension;  // the most frequent
    EXPECT_EQ(by_default["facets"][dimension].size(), std::min<std::size_t>(10, values.size())) << dimension;
  }
  // A value the search filters on stays listed beyond the limit, with its count (a dimension's
  // counts ignore its own filter).
  const auto& last = all["facets"]["kind"].back();
  const auto filtered = get_json("c.contrib", "/api/search?facet_limit=1&kind=" + last["value"].get<std::string>());
  EXPECT_THAT(filtered["facets"]["kind"], ElementsAre(all["facets"]["kind"][0], last));
}

TEST_F(SearchTest, EachFilterNarrowsTheResults) {
  auto all = [&](const std::string& query) { return ids(get_json("c.contrib", "/api/search?per_page=100&" + query)["results"]); };
  EXPECT_THAT(all("kind=insight"), UnorderedElementsAre("s-billing-client", "s-script"));
  EXPECT_THAT(all("community=escalations"), UnorderedElementsAre("s-script", "s-phrase"));
  EXPECT_THAT(all("concept=client:engineer-visit"), ElementsAre("s-router-body"));
  EXPECT_THAT(all("from=2025-01-01&to=2025-03-03"), UnorderedElementsAre("s-billing-partner", "s-script"));
  EXPECT_THAT(all("org=partner&kind=good_practice,answer"), UnorderedElementsAre("s-router-title", "s-billing-partner"));
}

TEST_F(SearchTest, EmptyQueryListsTheNewestFirst) {
  auto body = get_json("c.contrib", "/api/search?per_page=3");
  EXPECT_THAT(ids(body["results"]), ElementsAre("s-draft", "s-phrase", "s-secret-client"));
  auto newest = get_json("p.connect", "/api/search?q=router&sort=newest");
  EXPECT_THAT(ids(newest["results"]), ElementsAre("s-router-body", "s-router-title"));
}

TEST_F(SearchTest, PagesSplitTheResults) {
  auto first = get_json("c.contrib", "/api/search?per_page=2&page=1");
  auto second = get_json("c.contrib", "/api/search?per_page=2&page=2");
  EXPECT_EQ(first["results"].size(), 2u);
  EXPECT_EQ(second["results"].size(), 2u);
  EXPECT_NE(first["results"][0]["id"], second["results"][0]["id"]);
  EXPECT_EQ(get_json("c.contrib", "/api/search?per_page=5000")["per_page"], 100);
}

TEST_F(SearchTest, SnippetsMarkMatchesAndEscapeEverythingElse) {
  auto body = get_json("p.reader", "/api/search?q=script");
  ASSERT_FALSE(body["results"].empty());
  const std::string snippet = body["results"][0]["snippet"];
  EXPECT_THAT(snippet, HasSubstr("<mark>"));
  EXPECT_THAT(snippet, HasSubstr("&lt;"));
  EXPECT_THAT(snippet, Not(HasSubstr("<script")));
  EXPECT_THAT(snippet, HasSubstr("&amp;"));
}

TEST_F(SearchTest, MisspeltQueriesGetADidYouMean) {
  auto body = get_json("p.connect", "/api/search?q=rooter");
  EXPECT_EQ(body["did_you_mean"], "router");
  EXPECT_FALSE(get_json("p.connect", "/api/search?q=router").contains("did_you_mean"));
  // A known word beside the typo: the typo is still corrected, the known word kept.
  EXPECT_EQ(get_json("p.connect", "/api/search?q=dispatch%20rooter")["did_you_mean"], "dispatch router");
  EXPECT_FALSE(get_json("p.connect", "/api/search?q=dispatch%20router").contains("did_you_mean"));
}

TEST_F(SearchTest, MalformedQueriesAndParametersAreClear400s) {
  for (const char* path : {"/api/search?q=%22unclosed", "/api/search?q=AND%20router", "/api/search?q=router%20OR",
                           "/api/search?q=(router", "/api/search?q=title:", "/api/search?q=NOT%20router",
                           "/api/search?q=router%00ADJ%20modem", "/api/search?q=router%07"}) {
    auto body = get_json("c.reader", path, 400);
    EXPECT_EQ(body["error"]["code"], "bad_query") << path;
    EXPECT_EQ(body["error"]["status"], 400);
  }
  for (const char* path : {"/api/search?page=0", "/api/search?per_page=x", "/api/search?sort=best",
                           "/api/search?from=2024-13-01", "/api/search?kind=story", "/api/search?status=gone",
                           "/api/search?facet_limit=-1", "/api/search?facet_limit=ten"}) {
    EXPECT_EQ(get_json("c.reader", path, 400)["error"]["code"], "invalid_input") << path;
  }
  EXPECT_EQ(get_json("c.reader", "/api/search?q=" + std::string(2000, 'a'), 400)["error"]["code"], "invalid_input");
}

TEST_F(SearchTest, SuggestCompletesVisibleTitles) {
  auto body = get_json("p.connect", "/api/suggest?q=route");
  EXPECT_THAT(ids(body["suggestions"]), ElementsAre("s-router-title"));
  EXPECT_EQ(body["suggestions"][0]["text"], "Router reboot before any technician dispatch");
}

TEST_F(SearchTest, SimilarItemsShareVocabulary) {
  auto body = get_json("c.billing", "/api/items/s-billing-client/similar");
  ASSERT_FALSE(body["results"].empty());
  EXPECT_EQ(body["results"][0]["id"], "s-billing-partner");
  EXPECT_THAT(ids(body["results"]), Not(::testing::Contains("s-billing-client")));
}

// Issue 9: only the query language's own fields make a colon syntax.
TEST_F(SearchTest, Issue9AColonAfterAnOrdinaryWordIsText) {
  EXPECT_EQ(get("c.reader", "/api/search?q=phone%3A")->status, 200);
  EXPECT_EQ(get("c.reader", "/api/search?q=ratio%3A%20test")->status, 200);
  auto empty_field = get("c.reader", "/api/search?q=title%3A");
  EXPECT_EQ(empty_field->status, 400);
  EXPECT_THAT(empty_field->body, HasSubstr("needs a value after the colon"));
}

// Issue 9: paging is bounded work too: only the first 10,000 results can be paged through.
TEST_F(SearchTest, Issue9PagesBeyondTheFirst10000ResultsAreRefused) {
  EXPECT_EQ(get("c.reader", "/api/search?q=router&per_page=100&page=100")->status, 200);
  auto deep = get("c.reader", "/api/search?q=router&per_page=100&page=101");
  EXPECT_EQ(deep->status, 400);
  EXPECT_THAT(deep->body, HasSubstr("first 10000 results"));
}
