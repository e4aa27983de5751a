#include "core/database.h"

#include <SQLiteCpp/Transaction.h>

#include "core/error.h"

namespace km::core {

int schema_version(SQLite::Database& db) {
  db.exec("CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, "
          "description TEXT NOT NULL, applied_at TEXT NOT NULL DEFAULT (datetime('now')))");
  SQLite::Statement query(db, "SELECT COALESCE(MAX(version), 0) FROM schema_migrations");
  query.executeStep();
  return query.getColumn(0).getInt();
}

int migrate(SQLite::Database& db) {
  int version = schema_version(db);
  const auto& all = migrations();
  if (!all.empty() && version > all.back().version) {
    throw Error("schema_too_new", "database schema version " + std::to_string(version) +
                                      " is newer than this program knows (" +
                                      std::to_string(all.back().version) + ")");
  }
  for (const Migration& m : all) {
    if (m.version <= version) continue;
    // IMMEDIATE: two processes starting together must not both apply the same migration.
    SQLite::Transaction tx(db, SQLite::TransactionBehavior::IMMEDIATE);
    if (schema_version(db) >= m.version) continue;  // another process got there first
    db.exec(m.sql);
    SQLite::Statement record(db, "INSERT INTO schema_migrations(version, description) VALUES (?, ?)");
    record.bind(1, m.version);
    record.bind(2, m.description);
    record.exec();
    tx.commit();
    version = m.version;
  }
  return version;
}

SQLite::Database open_database(const std::string& path) {
  SQLite::Database db(path, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE | SQLite::OPEN_FULLMUTEX);
  db.setBusyTimeout(10000);
  db.exec("PRAGMA journal_mode = WAL");
  db.exec("PRAGMA synchronous = NORMAL");
  db.exec("PRAGMA foreign_keys = ON");
  migrate(db);
  return db;
}

}  // namespace km::core
