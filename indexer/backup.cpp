#include "indexer/backup.h"

#include <SQLiteCpp/Backup.h>
#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>

#include <filesystem>

#include "core/database.h"
#include "core/error.h"
#include "core/item_store.h"
#include "core/store_paths.h"
#include "indexer/rebuild.h"

namespace km::indexer {
namespace fs = std::filesystem;
namespace {

// Throws InvalidInput unless `db` is an intact store of a schema this version knows.
void check_store(SQLite::Database& db, const std::string& name) {
  SQLite::Statement integrity(db, "PRAGMA integrity_check");
  if (!integrity.executeStep() || integrity.getColumn(0).getString() != "ok") {
    throw core::InvalidInput(name + " is damaged (SQLite integrity check failed)");
  }
  SQLite::Statement tables(db, "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = 'items'");
  tables.executeStep();
  if (tables.getColumn(0).getInt() == 0) throw core::InvalidInput(name + " is not a Knowledge Market store (no items)");
  const int version = core::schema_version(db);
  if (version > core::migrations().back().version) {
    throw core::InvalidInput(name + " was written by a newer Knowledge Market (store schema " + std::to_string(version) + ")");
  }
}

std::size_t count_items(SQLite::Database& db) { return core::ItemStore(db).size(); }

}  // namespace

BackupReport backup_store(const std::string& db_dir, const std::string& file) {
  const std::string store = core::sqlite_path(db_dir);
  if (!fs::exists(store)) throw core::InvalidInput("no store in '" + db_dir + "'");
  if (fs::exists(file)) throw core::InvalidInput(file + " already exists: a backup never overwrites");
  BackupReport report;
  try {
    SQLite::Database source(store, SQLite::OPEN_READONLY);
    source.setBusyTimeout(10000);
    {
      SQLite::Database target(file, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
      SQLite::Backup copy(target, source);
      // One step: the copy reads one snapshot of the store. In WAL mode a reader never blocks
      // the writers (copying in several steps would restart at every write: under steady
      // writes it might never end).
      copy.executeStep(-1);
      check_store(target, file);
      report.items = count_items(target);
    }
  } catch (...) {
    fs::remove(file);
    throw;
  }
  report.bytes = fs::file_size(file);
  return report;
}

BackupReport restore_store(const std::string& file, const std::string& db_dir, const std::string& shards,
                           const std::function<void(std::size_t)>& progress) {
  if (!fs::exists(file)) throw core::InvalidInput("no backup file " + file);
  const std::string store = core::sqlite_path(db_dir);
  if (fs::exists(store)) {
    throw core::InvalidInput("'" + db_dir + "' already holds a store: restore into a new folder, then point km-server at it");
  }
  try {
    SQLite::Database backup(file, SQLite::OPEN_READONLY);
    check_store(backup, file);
  } catch (const SQLite::Exception& e) {
    throw core::InvalidInput(file + " is not a Knowledge Market backup (" + e.what() + ")", "invalid_input", e.getErrorCode());
  }
  const bool created = !fs::exists(db_dir);
  BackupReport report;
  try {
    fs::create_directories(db_dir);
    fs::copy_file(file, store);
    SQLite::Database db = core::open_database(store);  // applies the migrations an older backup lacks
    core::ItemStore items(db);
    report.items = rebuild_index(items, core::IndexLayout::parse(db_dir, shards), std::chrono::milliseconds(0), progress).documents;
  } catch (...) {
    if (created) fs::remove_all(db_dir);
    else {
      fs::remove(store);
      fs::remove_all(core::index_path(db_dir));
    }
    throw;
  }
  report.bytes = fs::file_size(file);
  return report;
}

}  // namespace km::indexer
