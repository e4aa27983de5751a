#pragma once
// The routing table: which community of practice answers requests about a shared concept.
// import_routing() replaces the table from a CSV "concept,community" (all rows valid, or
// nothing changes: InvalidInput lists "file:line: reason"). Not thread-safe.
#include <SQLiteCpp/Database.h>

#include <map>
#include <string>

namespace km::taxonomy {

std::size_t import_routing(SQLite::Database& db, const std::string& path);
std::map<std::string, std::string> load_routing(SQLite::Database& db);

}  // namespace km::taxonomy
