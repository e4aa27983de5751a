// km-indexer check: the index and the SQLite store agree item for item and version for
// version; every way they can drift apart is found, and --repair mends it from the store.
#include "indexer/consistency.h"

#include <gmock/gmock.h>

#include <filesystem>

#include "core/database.h"
#include "indexer/ingest.h"
#include "indexer/readers.h"

using namespace km;
using namespace km::indexer;
using ::testing::ElementsAre;
using ::testing::IsEmpty;

namespace {

core::Item item(const std::string& id, const std::string& title) {
  core::Item i;
  i.id = id;
  i.org = "client";
  i.title = title;
  i.body = title + " body";
  i.status = core::Status::validated;
  return i;
}

class ConsistencyTest : public ::testing::Test {
 protected:
  void SetUp() override {
    for (const char* id : {"a", "b", "c", "d"}) store_.upsert(item(id, std::string("Wombat ") + id));
    index_pending(store_, writer_);
  }

  static std::string fresh_dir() {
    const std::string dir = ::testing::TempDir() + "consistency";
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir);
    return dir;
  }

  const std::string dir_ = fresh_dir();
  SQLite::Database db_ = core::open_database(dir_ + "/km.sqlite");
  core::ItemStore store_{db_};
  IndexWriter writer_{dir_ + "/index", std::chrono::milliseconds(0)};
};

TEST_F(ConsistencyTest, AFreshlyIndexedStoreAgrees) {
  const ConsistencyReport r = check_index(store_, writer_.database());
  EXPECT_TRUE(r.agree());
  EXPECT_EQ(r.items, 4u);
  EXPECT_EQ(r.documents, 4u);
}

TEST_F(ConsistencyTest, EveryKindOfDriftIsFoundAndRepaired) {
  writer_.remove("a");                          // missing: in the store, not in the index
  writer_.put(item("b", "Numbat b (old)"), {});  // stale: the index holds another version
  writer_.put(item("z", "Orphan"), {});          // extra: in the index only
  writer_.commit();
  store_.upsert(item("c", "Wombat c, edited"));  // pending: changed, not yet indexed

  const ConsistencyReport found = check_index(store_, writer_.database());
  EXPECT_FALSE(found.agree());
  EXPECT_THAT(found.missing, ElementsAre("a"));
  EXPECT_THAT(found.stale, ElementsAre("b"));
  EXPECT_THAT(found.extra, ElementsAre("z"));
  EXPECT_THAT(found.pending, ElementsAre("c"));

  repair_index(store_, writer_, found);
  const ConsistencyReport after = check_index(store_, writer_.database());
  EXPECT_TRUE(after.agree()) << after.missing.size() << after.stale.size() << after.extra.size() << after.pending.size();
  EXPECT_EQ(after.documents, 4u);
  // The mended documents are the store's versions.
  Xapian::Enquire enquire(writer_.database());
  enquire.set_query(Xapian::Query("Znumbat"));
  EXPECT_EQ(enquire.get_mset(0, 10).size(), 0u);
  enquire.set_query(Xapian::Query("Zedit"));
  EXPECT_EQ(enquire.get_mset(0, 10).size(), 1u);
  EXPECT_THAT(store_.pending(10), IsEmpty());
}

}  // namespace
