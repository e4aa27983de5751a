#pragma once
// ItemStore: items in the SQLite store of record.
//
// Every item version carries its content hash and an index_pending flag: an upsert that adds or
// changes an item sets the flag in the same transaction, and the indexer clears it only after
// the Xapian commit that holds that version. A crash at any point therefore leaves pending rows
// that the next run indexes again (replacing by id, so never twice).
//
// The store borrows the database handle; it is not thread-safe (neither is the handle).
// SQLite errors propagate as SQLite::Exception.
#include <SQLiteCpp/Database.h>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/item.h"

namespace km::core {

enum class UpsertOutcome { added, updated, unchanged };

struct PendingItem {
  Item item;
  std::string content_hash;
};

// Helpful / not-helpful votes on an item (one per user).
struct VoteCounts {
  int helpful = 0;
  int not_helpful = 0;
  bool operator==(const VoteCounts&) const = default;
};

struct StoreCounts {
  std::size_t total = 0;
  std::size_t pending = 0;
  std::map<std::string, std::size_t> by_org, by_kind, by_status;
};

class ItemStore {
 public:
  explicit ItemStore(SQLite::Database& db) : db_(db) {}

  // Inserts or replaces `item` unless its content hash is unchanged. Not transactional by
  // itself: wrap batches in a SQLite::Transaction.
  UpsertOutcome upsert(const Item& item);
  std::optional<Item> get(const std::string& id);
  // Only what decides who may see the item (id, org, status, visibility, community, author),
  // read from its columns: deciding before reading the whole item costs a hidden item what it
  // costs a missing one (no timing difference to learn from).
  std::optional<Item> access(const std::string& id);
  bool contains(const std::string& id);

  // Items whose current version is not yet in the index, oldest change first.
  std::vector<PendingItem> pending(std::size_t limit);
  // Clears index_pending for items still at the given hash (a newer version stays pending).
  void mark_indexed(const std::vector<std::pair<std::string, std::string>>& id_and_hash);
  // Calls `fn` for every item in id order (used by rebuild).
  void for_each(const std::function<void(const Item&, const std::string& hash)>& fn);

  StoreCounts counts();
  VoteCounts votes(const std::string& id);
  // The borrowed handle, for callers that group several calls in one transaction.
  SQLite::Database& database() { return db_; }

 private:
  SQLite::Database& db_;
};

}  // namespace km::core
