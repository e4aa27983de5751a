#include "taxonomy/csv_io.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "core/error.h"
#include "taxonomy/scheme_store.h"
#include "tests/taxonomy/fixture.h"

using namespace km::taxonomy;
using ::testing::HasSubstr;

namespace {
std::string slurp(const std::string& path) {
  std::ifstream in(path);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}
std::string error_of(const std::string& csv) {
  try {
    read_scheme_csv(csv, "t.csv", {"client", "Client", "client", {}});
  } catch (const km::core::InvalidInput& e) {
    return e.what();
  }
  return "";
}
}  // namespace

TEST(SchemeCsv, ReadsLabelsListsAndHierarchy) {
  Scheme s = read_scheme_csv(slurp(km::testing::kTaxonomyDir + "/client.csv"), "client.csv", {"client", "Client", "client", {}});
  ASSERT_EQ(s.concepts.size(), 10u);
  const Concept& c = s.concepts[1];
  EXPECT_EQ(c.id, "client:case");
  EXPECT_EQ(c.alt_labels, std::vector<std::string>{"customer case"});
  EXPECT_EQ(c.broader, std::vector<std::string>{"client:service"});
}

TEST(SchemeCsv, ReportsEveryProblemWithItsLine) {
  const std::string bad =
      "id,pref_label,alt_labels,broader,definition\n"
      "client:a,A,,,\n"
      "client:b,,,client:nowhere,\n"      // no label, dangling broader
      "client:a,Again,,,\n"               // duplicate
      "partner:c,C,,,\n"                  // wrong scheme
      "client:d,D,,\n";                   // too few cells
  std::string message = error_of(bad);
  EXPECT_THAT(message, HasSubstr("t.csv:3: client:b: pref_label is required"));
  EXPECT_THAT(message, HasSubstr("t.csv:3: client:b: broader concept 'client:nowhere' is not in scheme client"));
  EXPECT_THAT(message, HasSubstr("t.csv:4: concept 'client:a' is already defined on line 2"));
  EXPECT_THAT(message, HasSubstr("t.csv:5: partner:c: id must start with 'client:'"));
  EXPECT_THAT(message, HasSubstr("t.csv:6: has 4 cells, header has 5"));
  EXPECT_THAT(error_of("pref_label\nA\n"), HasSubstr("t.csv:1: missing column 'id'"));
  EXPECT_THAT(error_of("id,pref_label\nclient:x,\xC3(\n"), HasSubstr("not valid UTF-8"));
  EXPECT_THAT(error_of(""), HasSubstr("empty"));
}

TEST(SchemeCsv, RoundTripsThroughExport) {
  Scheme s = read_scheme_csv(slurp(km::testing::kTaxonomyDir + "/shared.csv"), "shared.csv", {"shared", "Shared", "", {}});
  s.concepts.back().status = ConceptStatus::deprecated;
  Scheme again = read_scheme_csv(write_scheme_csv(s), "export.csv", {"shared", "Shared", "", {}});
  EXPECT_EQ(again, s);
}

TEST(MappingCsv, ReadsRowsAndRejectsBadRelationsStatusesAndConfidence) {
  auto rows = read_mappings_csv(slurp(km::testing::kTaxonomyDir + "/mappings.csv"), "m.csv");
  ASSERT_EQ(rows.size(), 14u);
  EXPECT_EQ(rows[5].mapping.relation, Relation::closeMatch);
  EXPECT_EQ(rows[12].mapping.status, MappingStatus::approved);
  EXPECT_EQ(rows[11].line, 13u);
  try {
    read_mappings_csv("source,relation,target,status,confidence\na:x,sameAs,shared:y,approved,1\na:z,exactMatch,shared:y,done,2\n", "m.csv");
    FAIL() << "expected InvalidInput";
  } catch (const km::core::InvalidInput& e) {
    EXPECT_THAT(e.what(), HasSubstr("m.csv:2: relation 'sameAs' is not a SKOS mapping relation"));
    EXPECT_THAT(e.what(), HasSubstr("m.csv:3: status 'done' must be proposed, approved or rejected"));
    EXPECT_THAT(e.what(), HasSubstr("m.csv:3: confidence '2' must be a number from 0 to 1"));
  }
}

TEST(SchemeStore, ImportedSchemesReadBackEqual) {
  SQLite::Database db = km::core::open_database(":memory:");
  km::testing::load_test_taxonomy(db);
  SchemeStore store(db);
  EXPECT_EQ(store.schemes().size(), 3u);
  auto client = store.scheme("client");
  ASSERT_TRUE(client);
  EXPECT_EQ(client->org, "client");
  Scheme expected = read_scheme_csv(slurp(km::testing::kTaxonomyDir + "/client.csv"), "c", {"client", "Client", "client", {}});
  std::sort(expected.concepts.begin(), expected.concepts.end(), [](auto& a, auto& b) { return a.id < b.id; });
  EXPECT_EQ(*client, expected);  // the store lists concepts in id order
  EXPECT_EQ(MappingStore(db).list("partner").size(), 7u);
}
