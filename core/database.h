#pragma once
// The SQLite store of record: opening it the same way everywhere and migrating its schema.
//
// open_database() sets WAL mode, foreign keys and a busy timeout, then applies the numbered
// migrations of core/migrations.cpp that the file has not seen yet, each in its own
// transaction. A SQLite::Database handle is not thread-safe: give each thread its own, or lock.
// Throws SQLite::Exception when the file cannot be opened; km::core::Error when the file was
// written by a newer version of Knowledge Market.
#include <SQLiteCpp/Database.h>
#include <string>
#include <vector>

namespace km::core {

struct Migration {
  int version;
  const char* description;
  const char* sql;
};

// All migrations, in order. Versions are 1, 2, 3... with no gaps.
const std::vector<Migration>& migrations();

// Opens (creating if needed) the database at `path` (":memory:" for tests) and migrates it.
SQLite::Database open_database(const std::string& path);

// Applies the pending migrations; returns the schema version afterwards.
int migrate(SQLite::Database& db);

// Schema version recorded in the database (0 for an empty one).
int schema_version(SQLite::Database& db);

}  // namespace km::core
