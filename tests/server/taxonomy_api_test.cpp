#include <gmock/gmock.h>

#include <fstream>

#include "taxonomy/import.h"
#include "tests/server/server_fixture.h"

using km::testing::ServerTest;
using ::testing::Contains;
using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::UnorderedElementsAre;

class TaxonomyApiTest : public ServerTest {
 protected:
  httplib::Result post(const std::string& user, const std::string& path, const nlohmann::json& body) {
    return client_->Post(path, auth(user), body.dump(), "application/json");
  }
  static const nlohmann::json* find_node(const nlohmann::json& nodes, const std::string& id) {
    for (const auto& n : nodes) {
      if (n["id"] == id) return &n;
      if (const auto* found = find_node(n["children"], id)) return found;
    }
    return nullptr;
  }
};

TEST_F(TaxonomyApiTest, ListsSchemes) {
  auto body = get_json("p.reader", "/api/taxonomy/schemes");
  ASSERT_EQ(body["schemes"].size(), 3u);
  EXPECT_EQ(body["schemes"][0]["id"], "shared");
  EXPECT_TRUE(body["schemes"][0]["org"].is_null());
  EXPECT_EQ(body["schemes"][0]["concepts"], 12);
}

TEST_F(TaxonomyApiTest, ConceptTreesCountOnlyVisibleItems) {
  auto client_view = get_json("c.lead", "/api/taxonomy/concepts?scheme=client");
  auto partner_view = get_json("p.reader", "/api/taxonomy/concepts?scheme=client");
  const auto* pricing_c = find_node(client_view["concepts"], "client:pricing");
  const auto* pricing_p = find_node(partner_view["concepts"], "client:pricing");
  ASSERT_TRUE(pricing_c && pricing_p);
  EXPECT_EQ((*pricing_c)["items"], 1);  // s-secret-client
  EXPECT_EQ((*pricing_p)["items"], 0);  // invisible to the partner
  const auto* billing = find_node(client_view["concepts"], "client:billing");
  ASSERT_TRUE(billing);
  EXPECT_EQ((*billing)["children"].size(), 3u);
  EXPECT_EQ(get_json("p.reader", "/api/taxonomy/concepts?scheme=nope", 404)["error"]["code"], "not_found");
  EXPECT_EQ(get_json("p.reader", "/api/taxonomy/concepts", 400)["error"]["code"], "invalid_input");
}

TEST_F(TaxonomyApiTest, ASharedConceptFilterFindsBothOrgsItems) {
  auto body = get_json("c.contrib", "/api/search?concept=shared:field-visit");
  EXPECT_THAT(ids(body["results"]), UnorderedElementsAre("s-router-title", "s-router-body"));
  // A broader shared concept matches its narrower ones too.
  EXPECT_THAT(ids(get_json("c.contrib", "/api/search?concept=shared:network&per_page=50")["results"]),
              Contains("s-router-body"));
  auto facets = body["facets"]["concept"];
  bool labelled = false;
  for (const auto& f : facets) labelled |= f["value"] == "shared:field-visit" && f["label"] == "Field visit";
  EXPECT_TRUE(labelled);
}

TEST_F(TaxonomyApiTest, CrossVocabularySearchExplainsWhyAResultMatched) {
  // A client worker types client words; the partner's "referral" item is found and explained.
  auto body = get_json("c.contrib", "/api/search?q=escalation");
  std::string why;
  for (const auto& r : body["results"]) {
    if (r["id"] == "s-draft" && r.contains("why")) why = r["why"][0];
  }
  EXPECT_EQ(why, "\"escalation\" \u2248 partner \"Referral\" (exactMatch)");
  EXPECT_FALSE(body["expansions"].empty());
  auto plain = get_json("c.contrib", "/api/search?q=escalation&expand=0");
  EXPECT_THAT(ids(plain["results"]), Not(Contains("s-draft")));
  EXPECT_TRUE(plain["expansions"].empty());
}

TEST_F(TaxonomyApiTest, AnItemScoresTheSameWhicheverOrganisationsWordsTheQueryUses) {
  // s-draft is titled in partner words ("referral notes..."). Asked in the client's word it must
  // get the same score as asked in the partner's own, title boost and feedback included.
  auto score_of = [&](const std::string& q) {
    for (const auto& r : scored_results("c.contrib", q)) {
      if (r["id"] == "s-draft") return r["score"].get<double>();
    }
    return -1.0;
  };
  const double partner_words = score_of("referral");
  ASSERT_GT(partner_words, 0);
  EXPECT_NEAR(score_of("escalation"), partner_words, 1e-9);
}

TEST_F(TaxonomyApiTest, AHyphenInsideAWordIsTextNotQuerySyntax) {
  // "follow-up" is an ordinary word: the query is still expanded across vocabularies.
  auto body = get_json("c.contrib", "/api/search?q=escalation%20follow-up");
  EXPECT_FALSE(body["expansions"].empty());
  EXPECT_THAT(ids(body["results"]), Contains("s-draft"));
  // A minus in front of a word is syntax ("without"): the query runs exactly as written.
  auto without = get_json("c.contrib", "/api/search?q=escalation%20-fibre");
  EXPECT_TRUE(without["expansions"].empty());
  EXPECT_THAT(ids(without["results"]), Not(Contains("s-draft")));
}

TEST_F(TaxonomyApiTest, ApprovingAMappingReindexesItsItemsAtOnce) {
  // partner:home-gateway -> shared:home-gateway is only proposed: the filter misses the item.
  EXPECT_THAT(ids(get_json("p.connect", "/api/search?concept=shared:home-gateway")["results"]), Not(Contains("s-router-title")));
  nlohmann::json which = {{"source", "partner:home-gateway"}, {"target", "shared:home-gateway"}};
  EXPECT_EQ(post("c.lead", "/api/taxonomy/mappings/approve", which)->status, 403);  // client's lead, partner's scheme
  EXPECT_EQ(post("p.reader", "/api/taxonomy/mappings/approve", which)->status, 403);
  EXPECT_EQ(post("c.lead", "/api/taxonomy/mappings/approve", {{"source", "x"}, {"target", "y"}})->status, 404);
  tokens_["p.lead"] = [&] {
    SQLite::Database db = km::core::open_database(km::core::sqlite_path(config_.db_dir));
    km::core::UserStore users(db);
    users.put({"p.lead", "p.lead", "partner", {}, {km::core::Role::km_lead}});
    return users.issue_token("p.lead");
  }();
  auto res = post("p.lead", "/api/taxonomy/mappings/approve", which);
  ASSERT_EQ(res->status, 200) << res->body;
  auto body = nlohmann::json::parse(res->body);
  EXPECT_EQ(body["mapping"]["status"], "approved");
  EXPECT_EQ(body["reindexed_items"], 1);  // only the item tagged partner:home-gateway
  EXPECT_THAT(ids(get_json("p.connect", "/api/search?concept=shared:home-gateway")["results"]), Contains("s-router-title"));

  ASSERT_EQ(post("p.lead", "/api/taxonomy/mappings/reject", which)->status, 200);
  EXPECT_THAT(ids(get_json("p.connect", "/api/search?concept=shared:home-gateway")["results"]), Not(Contains("s-router-title")));
}

TEST_F(TaxonomyApiTest, ContributorsProposeMappingsReadersMayNot) {
  nlohmann::json proposal = {{"source", "client:retention"}, {"target", "shared:service-management"}, {"relation", "broadMatch"}};
  EXPECT_EQ(post("c.reader", "/api/taxonomy/mappings", proposal)->status, 403);
  auto res = post("c.contrib", "/api/taxonomy/mappings", proposal);
  ASSERT_EQ(res->status, 201) << res->body;
  EXPECT_EQ(nlohmann::json::parse(res->body)["mapping"]["status"], "proposed");
  EXPECT_EQ(post("c.contrib", "/api/taxonomy/mappings", {{"source", "client:nope"}, {"target", "shared:billing"}})->status, 400);
  EXPECT_EQ(post("c.contrib", "/api/taxonomy/mappings", {{"source", "client:case"}, {"target", "shared:billing"}, {"relation", "sameAs"}})->status, 400);
  auto listed = get_json("c.reader", "/api/taxonomy/mappings?scheme=client")["mappings"];
  bool found = false;
  for (const auto& m : listed) found |= m["source"] == "client:retention" && m["status"] == "proposed";
  EXPECT_TRUE(found);
}

TEST_F(TaxonomyApiTest, AlignmentReportsInJsonCsvAndHtmlCountOnlyVisibleItems) {
  auto client_view = get_json("c.lead", "/api/taxonomy/alignment?org=client");
  auto partner_view = get_json("p.reader", "/api/taxonomy/alignment?org=client");
  EXPECT_EQ(client_view["coverage"]["mapped_concepts"], 7);
  EXPECT_GT(client_view["coverage"]["items"].get<int>(), partner_view["coverage"]["items"].get<int>());
  for (const auto& u : partner_view["unmapped"]) {
    if (u["concept"] == "client:pricing") {
      EXPECT_EQ(u["items"], 0);  // the secret item is not counted
    }
  }
  auto csv = get("c.lead", "/api/taxonomy/alignment?org=partner&format=csv");
  ASSERT_EQ(csv->status, 200);
  EXPECT_THAT(csv->get_header_value("Content-Type"), HasSubstr("text/csv"));
  EXPECT_THAT(csv->body, HasSubstr("coverage,,local concepts mapped,6/8,75%"));
  auto html = get("c.lead", "/api/taxonomy/alignment?org=partner&format=html");
  EXPECT_THAT(html->body, HasSubstr("<h1>Taxonomy alignment report: partner</h1>"));
  EXPECT_EQ(get_json("c.lead", "/api/taxonomy/alignment?org=nobody", 404)["error"]["code"], "not_found");
  EXPECT_EQ(get_json("c.lead", "/api/taxonomy/alignment?org=client&format=pdf", 400)["error"]["code"], "invalid_input");
}

// Issue 13: a published concept shows its label in the asked language (English by default),
// every label with its language, its source URI and its external links.
TEST_F(TaxonomyApiTest, PublishedConceptsShowTheirLanguagesUriAndExternalLinks) {
  const std::string path = ::testing::TempDir() + "voc_api.ttl";
  std::ofstream(path) << R"(@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
<http://example.org/voc/bronze> a skos:Concept ; skos:prefLabel "Bronzezeit"@de, "Bronze age"@en ;
  skos:altLabel "Età del bronzo"@it ; skos:exactMatch <http://www.wikidata.org/entity/Q11761> .
)";
  {
    SQLite::Database db = km::core::open_database(km::core::sqlite_path(config_.db_dir));
    km::taxonomy::import_scheme(db, path, {"voc", "", "client", {}});
  }
  const auto english = get_json("c.reader", "/api/taxonomy/concepts?scheme=voc");
  ASSERT_EQ(english["concepts"].size(), 1u);
  const auto& c = english["concepts"][0];
  EXPECT_EQ(c["label"], "Bronze age");
  EXPECT_EQ(c["uri"], "http://example.org/voc/bronze");
  EXPECT_EQ(c["external_links"], nlohmann::json::parse(R"([{"relation":"exactMatch","uri":"http://www.wikidata.org/entity/Q11761"}])"));
  EXPECT_THAT(c["labels"], Contains(nlohmann::json{{"kind", "pref"}, {"lang", "de"}, {"text", "Bronzezeit"}}));
  EXPECT_THAT(c["labels"], Contains(nlohmann::json{{"kind", "alt"}, {"lang", "it"}, {"text", "Età del bronzo"}}));
  EXPECT_EQ(get_json("c.reader", "/api/taxonomy/concepts?scheme=voc&lang=de")["concepts"][0]["label"], "Bronzezeit");
  EXPECT_EQ(get_json("c.reader", "/api/taxonomy/concepts?scheme=voc&lang=fr")["concepts"][0]["label"], "Bronze age");
}
