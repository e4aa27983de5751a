#include "taxonomy/alignment_report.h"

#include <SQLiteCpp/Transaction.h>
#include <fstream>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "core/error.h"
#include "taxonomy/import.h"
#include "taxonomy/scheme_store.h"
#include "tests/taxonomy/fixture.h"

using namespace km::taxonomy;
using ::testing::HasSubstr;

class AlignmentReportTest : public ::testing::Test {
 protected:
  void SetUp() override { km::testing::load_test_taxonomy(db_); }
  nlohmann::json report(const std::string& org) {
    ConceptGraph graph = ConceptGraph::load(db_);
    return alignment_report(graph, org, items_, {{"churn risk", 3}, {"pricing review", 2}, {"router", 9}});
  }
  static bool has_conflict(const nlohmann::json& r, const std::string& type, const std::string& concept_id) {
    for (const auto& c : r["conflicts"]) {
      if (c["type"] == type && c["concept"] == concept_id) return true;
    }
    return false;
  }
  SQLite::Database db_ = km::core::open_database(":memory:");
  std::vector<ItemConcepts> items_ = {{"client", {"client:case", "client:escalation"}},
                                      {"client", {"client:retention"}},
                                      {"client", {"client:retention"}},
                                      {"client", {"client:pricing"}},
                                      {"partner", {"partner:ticket"}},
                                      {"partner", {"partner:home-gateway"}}};
};

TEST_F(AlignmentReportTest, CoverageCountsMappedConceptsAndItemsReachingTheSharedScheme) {
  auto r = report("client");
  EXPECT_EQ(r["coverage"]["local_concepts"], 10);
  EXPECT_EQ(r["coverage"]["mapped_concepts"], 7);
  EXPECT_DOUBLE_EQ(r["coverage"]["concept_share"].get<double>(), 0.7);
  EXPECT_EQ(r["coverage"]["items"], 4);
  EXPECT_EQ(r["coverage"]["items_reaching_shared"], 1);
}

TEST_F(AlignmentReportTest, UnmappedConceptsAreRankedByItemsThenDemand) {
  auto r = report("client");
  ASSERT_EQ(r["unmapped"].size(), 3u);
  EXPECT_EQ(r["unmapped"][0]["concept"], "client:retention");  // 2 items
  EXPECT_EQ(r["unmapped"][0]["demand"], 3);                    // "churn" is its alternative label
  EXPECT_EQ(r["unmapped"][1]["concept"], "client:pricing");    // 1 item, demand 2
  EXPECT_EQ(r["unmapped"][1]["demand"], 2);
  EXPECT_EQ(r["unmapped"][2]["concept"], "client:service");
}

TEST_F(AlignmentReportTest, OneWayConceptsNameTheOnlyContributingOrg) {
  auto r = report("client");
  std::map<std::string, std::string> only;
  for (const auto& o : r["one_way"]) only[o["concept"]] = o["only_org"];
  EXPECT_EQ(only["shared:escalation"], "client");
  EXPECT_FALSE(only.count("shared:support-case"));  // both orgs' items reach it
  EXPECT_FALSE(only.count("shared:home-gateway"));  // the partner mapping is only proposed
}

TEST_F(AlignmentReportTest, FindsEachKindOfConflict) {
  MappingStore mappings(db_);
  mappings.put({"client:case", "shared:escalation", Relation::exactMatch, MappingStatus::approved, 1, "", "", "", ""});
  mappings.put({"client:pricing", "shared:old-pricing", Relation::closeMatch, MappingStatus::approved, 1, "", "", "", ""});
  // client:refund's parent client:billing is exactly shared:billing; saying shared:billing is
  // *narrower* than refund puts it below the parent's own match: a contradiction.
  mappings.put({"client:refund", "shared:billing", Relation::narrowMatch, MappingStatus::approved, 1, "", "", "", ""});
  Scheme shared = *SchemeStore(db_).scheme("shared");
  for (auto& c : shared.concepts) {
    if (c.id == "shared:old-pricing") c.status = ConceptStatus::deprecated;
  }
  {
    SQLite::Transaction tx(db_);
    SchemeStore(db_).replace_scheme(shared);
    tx.commit();
  }
  auto r = report("client");
  EXPECT_TRUE(has_conflict(r, "multiple_exact", "client:case"));
  EXPECT_TRUE(has_conflict(r, "deprecated", "client:pricing"));
  EXPECT_TRUE(has_conflict(r, "hierarchy", "client:refund"));
  EXPECT_FALSE(has_conflict(r, "multiple_exact", "client:escalation"));
}

TEST_F(AlignmentReportTest, SuggestsMappingsForUnmappedConceptsWithEvidence) {
  auto r = report("partner");
  bool found = false;
  for (const auto& s : r["suggestions"]) {
    if (s["concept"] != "partner:home-gateway") continue;
    found = true;
    ASSERT_FALSE(s["candidates"].empty());
    EXPECT_EQ(s["candidates"][0]["target"], "shared:home-gateway");
    EXPECT_EQ(s["candidates"][0]["relation"], "exactMatch");
    EXPECT_THAT(s["candidates"][0]["evidence"][0].get<std::string>(), HasSubstr("label \"Home gateway\" ~ label \"Home gateway\" of shared \"Home gateway\" (same label)"));
  }
  EXPECT_TRUE(found);
}

TEST_F(AlignmentReportTest, RendersCsvAndHtmlWithTheFigures) {
  auto r = report("client");
  std::string csv = alignment_report_csv(r);
  EXPECT_THAT(csv, HasSubstr("coverage,,local concepts mapped,7/10,70%"));
  EXPECT_THAT(csv, HasSubstr("unmapped,client:retention,Retention,2,demand 3"));
  std::string html = alignment_report_html(r);
  EXPECT_THAT(html, HasSubstr("<h1>Taxonomy alignment report: client</h1>"));
  EXPECT_THAT(html, HasSubstr("70%"));
  EXPECT_THROW(report("nobody"), km::core::NotFound);
}

// Issue 13: the evidence of a suggestion names the labels that matched, each with its language,
// in the JSON the page shows and in the CSV and HTML renderings.
TEST(AlignmentReportEvidence, NamesTheMatchedLabelsAndTheirLanguages) {
  const std::string shared = ::testing::TempDir() + "evidence_shared.ttl";
  const std::string local = ::testing::TempDir() + "evidence_local.ttl";
  std::ofstream(shared) << R"(@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
<http://example.org/p/latene> a skos:Concept ; skos:prefLabel "La Tène"@en .
<http://example.org/p/latene-d> a skos:Concept ; skos:prefLabel "La Tène D"@en .
)";
  std::ofstream(local) << R"(@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
<http://example.org/d/lt> a skos:Concept ; skos:prefLabel "Latènezeit"@de .
)";
  SQLite::Database db = km::core::open_database(":memory:");
  import_scheme(db, shared, {"shared", "", "", {}});
  import_scheme(db, local, {"local", "", "client", {}});
  const ConceptGraph graph = ConceptGraph::load(db);
  const nlohmann::json r = alignment_report(graph, "client", {}, {});
  ASSERT_EQ(r["suggestions"].size(), 1u);
  const auto& best = r["suggestions"][0]["candidates"][0];
  EXPECT_EQ(graph.label(best["target"].get<std::string>()), "La Tène");  // not "La Tène D": another subdivision
  const std::string evidence = best["evidence"][0];
  EXPECT_THAT(evidence, HasSubstr("\"Latènezeit\"@de ~ label \"La Tène\"@en"));
  EXPECT_THAT(alignment_report_csv(r), HasSubstr("\"\"Latènezeit\"\"@de"));
  EXPECT_THAT(alignment_report_html(r), HasSubstr("&quot;Latènezeit&quot;@de"));
}
