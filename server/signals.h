#pragma once
// Signals: the customer's voice, recorded in the store of record — every search (who, which
// org, the query, how many results, which page), every item view (and the search it was clicked
// from), and helpful / not-helpful votes. Votes feed the ranking (search/signal_boost.h) through
// the index, so recording one marks its item for re-indexing. Not thread-safe (borrows the
// handle); SQLite errors propagate.
#include <SQLiteCpp/Database.h>

#include <optional>
#include <string>

#include "core/item_store.h"
#include "core/user.h"

namespace km::server {

// Returns the search's id, for clicks to refer to.
long long log_search(SQLite::Database& db, const core::User& user, const std::string& query, std::size_t results, int page);
// Distinct past queries that found something and start with `prefix` (case-insensitive),
// most frequent first.
std::vector<std::string> past_queries(SQLite::Database& db, const std::string& prefix, int limit);
void log_view(SQLite::Database& db, const core::User& user, const std::string& item_id, std::optional<long long> search_id);
// Records (or replaces) the user's vote on a visible item; returns the item's vote counts.
core::VoteCounts record_feedback(SQLite::Database& db, const core::User& user, const std::string& item_id, bool helpful,
                                 const std::string& query, const std::string& comment);

}  // namespace km::server
