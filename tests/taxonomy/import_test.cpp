#include "taxonomy/import.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>

#include "core/error.h"
#include "core/item_store.h"
#include "taxonomy/scheme_store.h"
#include "tests/taxonomy/fixture.h"

using namespace km::taxonomy;
using ::testing::HasSubstr;

class ImportTest : public ::testing::Test {
 protected:
  void SetUp() override {
    km::testing::load_test_taxonomy(db_);
    km::core::ItemStore items(db_);
    for (auto [id, concept_id] : {std::pair{"i-1", "partner:home-gateway"}, {"i-2", "partner:ticket"}, {"i-3", "client:case"}}) {
      km::core::Item item;
      item.id = id;
      item.org = "partner";
      item.title = id;
      item.body = "text";
      item.concepts = {concept_id};
      items.upsert(item);
    }
    items.mark_indexed([&] {
      std::vector<std::pair<std::string, std::string>> all;
      for (auto& p : items.pending(10)) all.emplace_back(p.item.id, p.content_hash);
      return all;
    }());
  }
  std::size_t pending() { return km::core::ItemStore(db_).pending(100).size(); }
  SQLite::Database db_ = km::core::open_database(":memory:");
};

TEST_F(ImportTest, ApprovingAMappingMarksOnlyTheAffectedItems) {
  ASSERT_EQ(pending(), 0u);
  Mapping m = *MappingStore(db_).get("partner:home-gateway", "shared:home-gateway");
  m.status = MappingStatus::approved;
  EXPECT_EQ(apply_mapping(db_, m), 1u);
  auto now = km::core::ItemStore(db_).pending(10);
  ASSERT_EQ(now.size(), 1u);
  EXPECT_EQ(now[0].item.id, "i-1");
}

TEST_F(ImportTest, ABadMappingFileChangesNothing) {
  const std::string path = ::testing::TempDir() + "bad_mappings.csv";
  std::ofstream(path) << "source,relation,target,status\n"
                      << "client:retention,closeMatch,shared:service-management,approved\n"
                      << "client:nope,exactMatch,shared:billing,approved\n"
                      << "client:pricing,exactMatch,client:billing,approved\n";
  const auto before = MappingStore(db_).list();
  try {
    import_mappings(db_, path, "test");
    FAIL() << "expected InvalidInput";
  } catch (const km::core::InvalidInput& e) {
    EXPECT_THAT(e.what(), HasSubstr(path + ":3: source 'client:nope' is not a local concept"));
    EXPECT_THAT(e.what(), HasSubstr(path + ":4: target 'client:billing' is not a shared concept"));
  }
  EXPECT_EQ(MappingStore(db_).list(), before);
  EXPECT_EQ(pending(), 0u);
}

TEST_F(ImportTest, ABadSchemeFileChangesNothing) {
  const std::string path = ::testing::TempDir() + "bad_scheme.csv";
  std::ofstream(path) << "id,pref_label,alt_labels,broader,definition\nclient:x,X,,client:missing,\n";
  const auto before = SchemeStore(db_).scheme("client");
  EXPECT_THROW(import_scheme(db_, path, {"client", "Client", "client", {}}), km::core::InvalidInput);
  EXPECT_EQ(SchemeStore(db_).scheme("client"), before);
  EXPECT_THROW(import_scheme(db_, ::testing::TempDir() + "missing.csv", {"client", "", "", {}}), km::core::InvalidInput);
}

// Issue 13: a *Match link into a loaded scheme becomes a mapping (turned round when the shared
// scheme links to a local concept); a link anywhere else is kept as an external link.
TEST_F(ImportTest, SkosLinksBecomeMappingsOnlyIntoALoadedScheme) {
  const std::string local = ::testing::TempDir() + "voc.ttl";
  std::ofstream(local) << R"(@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
<http://example.org/voc/a> a skos:Concept ; skos:prefLabel "Rechnung"@de, "Invoice"@en ;
  skos:exactMatch <https://knowledge-market.example/taxonomy/shared/billing>, <http://www.wikidata.org/entity/Q190581> ;
  skos:closeMatch <https://knowledge-market.example/taxonomy/client/billing> .
)";
  EXPECT_EQ(import_scheme(db_, local, {"voc", "", "client", {}}).mappings, 1u);
  ASSERT_TRUE(MappingStore(db_).get("voc:a", "shared:billing"));
  const Concept a = SchemeStore(db_).scheme("voc")->concepts.at(0);
  EXPECT_EQ(a.pref_label, "Invoice");
  EXPECT_EQ(a.uri, "http://example.org/voc/a");
  // Another local scheme is no mapping target: kept, under the URI it is exported with.
  EXPECT_EQ(a.external_links, (std::vector<ExternalLink>{{Relation::exactMatch, "http://www.wikidata.org/entity/Q190581"},
                                                         {Relation::closeMatch, "https://knowledge-market.example/taxonomy/client/billing"}}));

  const std::string shared = ::testing::TempDir() + "shared_voc.ttl";
  std::ofstream(shared) << R"(@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
<http://example.org/shared/s> a skos:Concept ; skos:prefLabel "Payments" ; skos:narrowMatch <http://example.org/voc/a> .
)";
  EXPECT_EQ(import_scheme(db_, shared, {"shared2", "", "", {}}).mappings, 1u);
  auto turned = MappingStore(db_).get("voc:a", "shared2:s");
  ASSERT_TRUE(turned);
  EXPECT_EQ(turned->relation, Relation::broadMatch);
}

TEST_F(ImportTest, ABadSkosFileChangesNothingAndSaysWhere) {
  const std::string path = ::testing::TempDir() + "bad.rdf";
  std::ofstream(path) << "<?xml version=\"1.0\"?>\n<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\"\n"
                         "  xmlns:skos=\"http://www.w3.org/2004/02/skos/core#\">\n"
                         "<skos:Concept rdf:about=\"http://example.org/x\"><skos:prefLabel>X\xC3(</skos:prefLabel></skos:Concept>\n"
                         "</rdf:RDF>\n";
  const auto before = SchemeStore(db_).scheme("client");
  try {
    import_scheme(db_, path, {"client", "Client", "client", {}});
    FAIL() << "expected InvalidInput";
  } catch (const km::core::InvalidInput& e) {
    EXPECT_THAT(e.what(), HasSubstr(path + ": file is not valid UTF-8"));
  }
  EXPECT_EQ(SchemeStore(db_).scheme("client"), before);
}

TEST_F(ImportTest, CoverageCountsEachOrganisationsConceptsAndTheirApprovedMappings) {
  auto coverage = MappingStore(db_).coverage();
  ASSERT_EQ(coverage.size(), 2u);  // the shared scheme is no organisation's
  EXPECT_EQ(coverage.at("client").local, 10);
  EXPECT_EQ(coverage.at("client").mapped, 7);
  EXPECT_EQ(coverage.at("partner").local, 8);
  EXPECT_EQ(coverage.at("partner").mapped, 6);  // partner:home-gateway is only proposed
  Mapping m = *MappingStore(db_).get("partner:home-gateway", "shared:home-gateway");
  m.status = MappingStatus::approved;
  apply_mapping(db_, m);
  EXPECT_EQ(MappingStore(db_).coverage().at("partner").mapped, 7);
}

TEST_F(ImportTest, SchemeStoreTellsSharedFromLocalConcepts) {
  SchemeStore schemes(db_);
  EXPECT_EQ(schemes.in_shared_scheme("shared:home-gateway"), true);
  EXPECT_EQ(schemes.in_shared_scheme("client:case"), false);
  EXPECT_EQ(schemes.in_shared_scheme("client:no-such-concept"), std::nullopt);
}
