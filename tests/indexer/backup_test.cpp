// km-indexer backup and restore: a backup taken while writes go on is one consistent moment
// of the store, and restoring it gives back every table row for row, with an index that agrees.
#include "indexer/backup.h"

#include <gmock/gmock.h>

#include <SQLiteCpp/Statement.h>
#include <SQLiteCpp/Transaction.h>
#include <sqlite3.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <thread>

#include "core/database.h"
#include "core/error.h"
#include "core/store_paths.h"
#include "indexer/consistency.h"
#include "indexer/ingest.h"
#include "indexer/readers.h"

using namespace km;
using namespace km::indexer;
namespace fs = std::filesystem;

namespace {

std::string fresh(const std::string& name) {
  const std::string path = ::testing::TempDir() + "backup_" + name;
  fs::remove_all(path);
  return path;
}

core::Item item(const std::string& id) {
  core::Item i;
  i.id = id;
  i.org = "client";
  i.title = "Backup note " + id;
  i.body = "Written while a backup ran.";
  i.status = core::Status::validated;
  return i;
}

// Every row of every table, in a fixed order: what "nothing lost" means.
std::map<std::string, std::vector<std::string>> dump(const std::string& db_dir) {
  SQLite::Database db(core::sqlite_path(db_dir), SQLite::OPEN_READONLY);
  std::map<std::string, std::vector<std::string>> out;
  SQLite::Statement tables(db, "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'");
  while (tables.executeStep()) {
    const std::string table = tables.getColumn(0).getString();
    SQLite::Statement rows(db, "SELECT * FROM \"" + table + "\" ORDER BY 1, 2");
    while (rows.executeStep()) {
      std::string row;
      for (int c = 0; c < rows.getColumnCount(); ++c) row += rows.getColumn(c).getString() + "\x1f";
      out[table].push_back(row);
    }
  }
  return out;
}

class BackupTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fresh("source");
    fs::create_directories(dir_);
    SQLite::Database db = core::open_database(core::sqlite_path(dir_));
    core::ItemStore store(db);
    IndexWriter writer(core::index_path(dir_), std::chrono::milliseconds(0));
    const auto records = read_file(std::string(KM_TEST_DATA_DIR) + "/items/support.jsonl");
    ASSERT_GT(ingest(store, writer, records).added, 0u);
  }
  std::string dir_;
};

TEST_F(BackupTest, ARestoredBackupHoldsEveryRowAndAnIndexThatAgrees) {
  const std::string file = fresh("round_trip.sqlite");
  const BackupReport saved = backup_store(dir_, file);
  EXPECT_GT(saved.items, 0u);
  const std::string restored = fresh("restored");
  EXPECT_EQ(restore_store(file, restored).items, saved.items);
  EXPECT_EQ(dump(restored), dump(dir_));
  SQLite::Database db(core::sqlite_path(restored));
  core::ItemStore store(db);
  EXPECT_TRUE(check_index(store, Xapian::Database(core::index_path(restored))).agree());
}

TEST_F(BackupTest, ABackupTakenDuringWritesIsOneConsistentMoment) {
  std::atomic<bool> writing{true};
  std::atomic<int> written{0};
  std::thread writer([&] {
    SQLite::Database db = core::open_database(core::sqlite_path(dir_));
    core::ItemStore store(db);
    while (writing) {
      SQLite::Transaction tx(db);  // two items per transaction: a backup holds both or neither
      store.upsert(item("w-" + std::to_string(written) + "a"));
      store.upsert(item("w-" + std::to_string(written) + "b"));
      tx.commit();
      ++written;
    }
  });
  std::vector<std::string> files;
  std::vector<BackupReport> backups;
  for (int i = 0; i < 5; ++i) {
    files.push_back(fresh("during_" + std::to_string(i) + ".sqlite"));
    backups.push_back(backup_store(dir_, files.back()));
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  writing = false;
  writer.join();
  ASSERT_GT(written, 10) << "the writer barely ran: the test proved nothing";
  for (std::size_t i = 0; i < files.size(); ++i) {
    SQLite::Database copy(files[i], SQLite::OPEN_READONLY);
    const int a = copy.execAndGet("SELECT COUNT(*) FROM items WHERE id LIKE 'w-%a'").getInt();
    const int b = copy.execAndGet("SELECT COUNT(*) FROM items WHERE id LIKE 'w-%b'").getInt();
    EXPECT_EQ(a, b) << "backup " << i << " caught a transaction half done";
  }
  EXPECT_LT(backups.front().items, backups.back().items) << "every backup saw the same moment";
}

TEST_F(BackupTest, BadRequestsAreRefusedAndLeaveNothingBehind) {
  const std::string file = fresh("exists.sqlite");
  backup_store(dir_, file);
  EXPECT_THROW(backup_store(dir_, file), core::InvalidInput);              // never overwrites
  EXPECT_THROW(backup_store(fresh("no_store"), fresh("x.sqlite")), core::InvalidInput);
  EXPECT_THROW(restore_store(file, dir_), core::InvalidInput);             // a folder with a store
  const std::string garbage = fresh("garbage.sqlite");
  std::ofstream(garbage) << "not a database at all";
  const std::string target = fresh("from_garbage");
  try {
    restore_store(garbage, target);
    ADD_FAILURE() << "a file that is not a database was restored";
  } catch (const core::InvalidInput& e) {
    EXPECT_EQ(e.library_code(), SQLITE_NOTADB) << e.what();  // the SQLite code is kept (issue 14)
  }
  EXPECT_FALSE(fs::exists(target));
}

}  // namespace
