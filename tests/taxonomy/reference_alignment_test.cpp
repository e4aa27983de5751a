#include "taxonomy/reference_alignment.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>

#include "core/database.h"
#include "core/error.h"
#include "taxonomy/import.h"

using namespace km::taxonomy;
using ::testing::HasSubstr;

namespace {

std::string alignment(const std::string& cells) {
  return R"(<?xml version="1.0" encoding="utf-8"?>
<rdf:RDF xmlns="http://knowledgeweb.semanticweb.org/heterogeneity/alignment"
  xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
<Alignment><onto1>http://example.org/a/</onto1>
)" + cells + "</Alignment></rdf:RDF>\n";
}

std::string cell(const std::string& a, const std::string& b) {
  return "<map><Cell><entity1 rdf:resource=\"" + a + "\"/><entity2 rdf:resource=\"" + b +
         "\"/><measure>1.0</measure><relation>=</relation></Cell></map>\n";
}

}  // namespace

TEST(AlignmentFormat, ReadsEveryCellInDocumentOrder) {
  auto pairs = read_alignment_cells(alignment(cell("http://a/2", "http://b/9") + cell("http://a/1", "http://b/3")), "ref.rdf");
  EXPECT_EQ(pairs, (ConceptPairs{{"http://a/2", "http://b/9"}, {"http://a/1", "http://b/3"}}));
}

TEST(AlignmentFormat, RejectsHalfCellsEmptyAndMalformedFiles) {
  const std::string half = alignment("<map><Cell><entity1 rdf:resource=\"http://a/1\"/></Cell></map>\n");
  EXPECT_THAT([&] { read_alignment_cells(half, "half.rdf"); }, ::testing::ThrowsMessage<km::core::InvalidInput>(HasSubstr("needs both entity1 and entity2")));
  EXPECT_THAT([] { read_alignment_cells(alignment(""), "empty.rdf"); },
              ::testing::ThrowsMessage<km::core::InvalidInput>(HasSubstr("empty.rdf: no alignment Cell")));
  EXPECT_THROW(read_alignment_cells("<rdf:RDF><oops", "bad.rdf"), km::core::InvalidInput);
}

TEST(AlignmentFormat, UrisBecomeTheIdsOfTheLoadedConcepts) {
  SQLite::Database db = km::core::open_database(":memory:");
  const std::string dir = ::testing::TempDir();
  std::ofstream(dir + "s.ttl") << "@prefix skos: <http://www.w3.org/2004/02/skos/core#> .\n"
                                  "<http://b/9> a skos:Concept ; skos:prefLabel \"Nine\"@en .\n";
  std::ofstream(dir + "l.ttl") << "@prefix skos: <http://www.w3.org/2004/02/skos/core#> .\n"
                                  "<http://a/2> a skos:Concept ; skos:prefLabel \"Zwei\"@de .\n";
  import_scheme(db, dir + "s.ttl", {"s", "", "", {}});
  import_scheme(db, dir + "l.ttl", {"l", "", "client", {}});
  std::ofstream(dir + "ref.rdf") << alignment(cell("http://a/2", "http://b/9") + cell("http://a/7", "http://b/9"));
  EXPECT_EQ(read_reference(db, dir + "ref.rdf"), (ConceptPairs{{"l:2", "s:9"}, {"http://a/7", "s:9"}}));
  std::ofstream(dir + "none.rdf") << alignment(cell("http://x/1", "http://y/1"));
  EXPECT_THROW(read_reference(db, dir + "none.rdf"), km::core::InvalidInput);
}
