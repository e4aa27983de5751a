#pragma once
// SignalStore: the customer's voice in the store of record, and the owner of `search_log`,
// `item_views` and `feedback`: the only code that writes them. Every search (who, which org,
// the query, how many results, which page), every item view (and the search it was clicked
// from) and helpful / not-helpful votes (one per user and item). Votes are in each item's index
// entry (they weigh in the ranking), so a vote marks its item pending (core/item_store.h) in the
// same transaction. The KM report, the autocomplete and the alignment report's demand read them
// through the named queries at the end.
// Not thread-safe: it works on the caller's connection (server code holds the SharedStore lock).
// Throws SQLite::Exception on database errors.
#include <SQLiteCpp/Database.h>

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/statement_cache.h"
#include "core/user.h"

namespace km::core {

// Helpful / not-helpful votes on an item (one per user).
struct VoteCounts {
  int helpful = 0;
  int not_helpful = 0;
  bool operator==(const VoteCounts&) const = default;
};

// One search as the KM report counts it.
struct SearchRecord {
  std::string org, user_id, at, query;
  long long results = 0;
  bool clicked = false;  // found something and its own searcher opened a result
};

// Who did something (searched, voted), from which organisation, when (the participation figures).
struct Activity {
  std::string org, user_id, at;
};

// A helpful vote by a user of `voter_org` on an item of `item_org` (the knowledge flow).
struct HelpfulVote {
  std::string item_org, voter_org, at;
};

class SignalStore {
 public:
  explicit SignalStore(SQLite::Database& db) : db_(db) {}
  // log_search() with its statement kept in `kept` (a cache of db's), as for every search.
  SignalStore(SQLite::Database& db, StatementCache& kept) : db_(db), kept_(&kept) {}

  // Records a search; returns its id, for clicks to refer to.
  long long log_search(const User& user, const std::string& query, std::size_t results, int page);
  // Records a view of an item; a view from one of the user's own searches is a click on it
  // (another user's search id is dropped: anyone could otherwise credit any search with a click).
  void log_view(const User& user, const std::string& item_id, std::optional<long long> search_id);
  // Records (or replaces) the user's vote and marks the item pending for the index, in one
  // transaction; returns the item's vote counts.
  VoteCounts vote(const User& user, const std::string& item_id, bool helpful, const std::string& query,
                  const std::string& comment);
  VoteCounts votes(const std::string& item_id);

  // Distinct past queries that found something and start with `prefix` (case-insensitive),
  // most frequent first.
  std::vector<std::string> past_queries(const std::string& prefix, int limit);
  // How often each non-empty query was searched, lower-cased (SQLite's ASCII lower()).
  std::map<std::string, std::size_t> query_counts();
  // Every search, in the order they were made, handed to `fn` one at a time (a year of searches
  // is hundreds of thousands of rows: streamed, not held).
  void for_each_search(const std::function<void(const SearchRecord&)>& fn);
  // Every search's searcher.
  std::vector<Activity> searchers();
  // Every vote, helpful or not.
  std::vector<Activity> voters();
  // Every helpful vote, with its item's organisation.
  std::vector<HelpfulVote> helpful_votes();

 private:
  SQLite::Database& db_;
  StatementCache* kept_ = nullptr;
};

}  // namespace km::core
