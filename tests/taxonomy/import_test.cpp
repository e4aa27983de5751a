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
