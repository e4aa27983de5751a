#include "taxonomy/skos_io.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "core/error.h"
#include "taxonomy/scheme_store.h"
#include "tests/taxonomy/fixture.h"

using namespace km::taxonomy;
using ::testing::HasSubstr;

class SkosTest : public ::testing::Test {
 protected:
  void SetUp() override { km::testing::load_test_taxonomy(db_); }
  SQLite::Database db_ = km::core::open_database(":memory:");
};

TEST_F(SkosTest, TurtleAndRdfXmlRoundTrip) {
  Scheme client = *SchemeStore(db_).scheme("client");
  client.concepts[2].status = ConceptStatus::deprecated;
  auto mappings = MappingStore(db_).list("client");
  for (RdfFormat format : {RdfFormat::turtle, RdfFormat::rdfxml}) {
    std::string text = write_skos(client, mappings, format);
    SkosDocument doc = read_skos(text, format, "export", {"client", "", "client", {}});
    EXPECT_EQ(doc.scheme.title, "Client");
    EXPECT_EQ(doc.scheme.concepts, client.concepts);
    EXPECT_EQ(doc.mappings.size(), 7u);  // all approved client mappings
    ASSERT_FALSE(doc.mappings.empty());
    EXPECT_EQ(doc.mappings[0].target.rfind("shared:", 0), 0u);
  }
}

TEST_F(SkosTest, ReadsForeignSkosWithNarrowerAndLanguages) {
  const std::string ttl = R"(@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix ex: <http://example.org/voc/> .
ex:scheme a skos:ConceptScheme ; skos:prefLabel "Example vocabulary"@en .
ex:billing a skos:Concept ; skos:prefLabel "Billing"@en, "Facturation"@fr ; skos:narrower ex:refund .
ex:refund a skos:Concept ; skos:prefLabel "Refund"@en ; skos:altLabel "credit back"@en ;
  skos:exactMatch <https://knowledge-market.example/taxonomy/shared/refunds> .
)";
  SkosDocument doc = read_skos(ttl, RdfFormat::turtle, "ex.ttl", {"ext", "", "client", {}});
  EXPECT_EQ(doc.scheme.title, "Example vocabulary");
  ASSERT_EQ(doc.scheme.concepts.size(), 2u);
  EXPECT_EQ(doc.scheme.concepts[0].pref_label, "Billing");
  EXPECT_EQ(doc.scheme.concepts[1].broader, std::vector<std::string>{"ext:billing"});
  ASSERT_EQ(doc.mappings.size(), 1u);
  EXPECT_EQ(doc.mappings[0].target, "shared:refunds");
}

TEST_F(SkosTest, SyntaxErrorsCarryTheirLine) {
  const std::string bad = "@prefix skos: <http://www.w3.org/2004/02/skos/core#> .\n<a> a skos:Concept ;\n  skos:prefLabel \"x\" \n<b> <c> .\n";
  try {
    read_skos(bad, RdfFormat::turtle, "bad.ttl", {"x", "", "", {}});
    FAIL() << "expected InvalidInput";
  } catch (const km::core::InvalidInput& e) {
    EXPECT_THAT(e.what(), HasSubstr("bad.ttl:4:"));
  }
  EXPECT_THROW(read_skos("<rdf:RDF><oops", RdfFormat::rdfxml, "bad.rdf", {"x", "", "", {}}), km::core::InvalidInput);
  EXPECT_THROW(rdf_format_of("scheme.json"), km::core::InvalidInput);
}
