#pragma once
// ItemService: reads and writes items on behalf of a user, keeping SQLite and the index in step.
//
// Writes go to SQLite first (index_pending set), then to the index, committed before the call
// returns, so a write is searchable by the next request. The Xapian write lock is taken only
// for the duration of one write (km-indexer can ingest while the server runs: each waits for
// the other). Thread-safe: writes are serialised by a mutex.
//
// Throws: InvalidInput (validation, all problems listed), Forbidden (role or ownership),
// NotFound (unknown or invisible id: the two are indistinguishable), Conflict (id exists),
// Unavailable (index write lock not obtained within the wait).
#include <SQLiteCpp/Database.h>

#include <chrono>
#include <mutex>
#include <nlohmann/json.hpp>
#include <string>

#include "core/index_layout.h"
#include "core/item.h"
#include "core/user.h"
#include "server/shared_store.h"

namespace km::server {

class ItemService {
 public:
  // `sqlite_path` is the store's file: indexing reads and clears the pending flags through a
  // connection of its own, so that the shared store is not held while Xapian works.
  ItemService(SharedStore& store, const std::string& sqlite_path, core::IndexLayout index,
              std::chrono::milliseconds lock_wait);

  core::Item get(const core::User& user, const std::string& id, bool include_retired);
  // Contributors create items of their own org; `author` defaults to the user, `id` is
  // generated when absent.
  core::Item create(const core::User& user, nlohmann::json fields);
  // JSON merge patch; the author, a km_lead of the item's org, or an admin may patch.
  core::Item update(const core::User& user, const std::string& id, const nlohmann::json& patch);
  // Sets status retired (nothing is ever hard-deleted); same permission as update.
  core::Item retire(const core::User& user, const std::string& id);
  // Writes an item the system itself produced (an accepted answer): validated by the caller's
  // rules, not a user's role. Throws Conflict if the id exists.
  void publish(const core::Item& item);
  // Items past their review-by date, or failed in a quality sample since they last changed, that
  // the user owns: their own, and for a km_lead every item of their org. Oldest review date first.
  std::vector<core::Item> review_due(const core::User& user);
  // Indexes items left pending (by a crash or an interrupted ingest). Returns how many.
  std::size_t index_pending();
  // Held around every index commit of this service (search::IndexReaders::set_commit_gate).
  std::mutex& commit_gate() { return write_mutex_; }

 private:
  void write(const core::Item& item);
  core::Item editable(const core::User& user, const std::string& id);
  void check_author(const core::User& user, const core::Item& item);

  SharedStore& store_;
  SQLite::Database indexing_db_;  // used under write_mutex_ only
  core::IndexLayout index_;
  std::chrono::milliseconds lock_wait_;
  std::mutex write_mutex_;
};

}  // namespace km::server
