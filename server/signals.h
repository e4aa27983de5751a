#pragma once
// Signals: the customer's voice, recorded in the store of record. For now, the search log
// (every search: who, which org, the query, how many results) that feeds search demand in the
// alignment report. Not thread-safe (borrows the handle); SQLite errors propagate.
#include <SQLiteCpp/Database.h>

#include <string>

#include "core/user.h"

namespace km::server {

void log_search(SQLite::Database& db, const core::User& user, const std::string& query, std::size_t results);

}  // namespace km::server
