#pragma once
// ItemStore: items in the SQLite store of record, and the owner of the `items` and
// `item_concepts` tables: the only code that writes them (others mark items pending through
// mark_pending and mark_tagged_pending, never with their own SQL).
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
#include <set>
#include <string>
#include <vector>

#include "core/item.h"

namespace km::core {

enum class UpsertOutcome { added, updated, unchanged };

struct PendingItem {
  Item item;
  std::string content_hash;
};

// An item's columns, without its document: what reports count, cheap over every item.
struct ItemRow {
  std::string id, org;
  Kind kind = Kind::lesson;
  Status status = Status::draft;
  std::string community, author, created, updated, review_by;
  bool tagged = false;  // has at least one concept
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
  // Marks items pending for the index although their content is unchanged: something their
  // index entry holds (votes, a concept's mappings or ancestors) changed. Each returns how many
  // items it marked; an unknown id is skipped. Not transactional by itself: a caller that also
  // writes what changed wraps both in one transaction, so a crash cannot lose the mark.
  std::size_t mark_pending(const std::vector<std::string>& ids);
  // The items tagged with `concept_id`.
  std::size_t mark_tagged_pending(const std::string& concept_id);
  // Every item tagged with any concept.
  std::size_t mark_tagged_pending();
  // Clears index_pending for items still at the given hash (a newer version stays pending).
  void mark_indexed(const std::vector<std::pair<std::string, std::string>>& id_and_hash);
  // Calls `fn` for every item in id order (used by rebuild).
  void for_each(const std::function<void(const Item&, const std::string& hash)>& fn);

  StoreCounts counts();
  std::size_t size();
  // Every item's columns, in id order.
  std::vector<ItemRow> rows();
  // The concepts of every tagged item, each list sorted.
  std::map<std::string, std::vector<std::string>> concepts_by_item();
  // The review queue: ids of the items not retired that `author` wrote or (when `org` is not
  // empty) that belong to `org`, and that are past their review-by date on `today`
  // (YYYY-MM-DD) or listed in `also_due`; by review-by date, then id.
  std::vector<std::string> review_due(const std::string& today, const std::string& author, const std::string& org,
                                      const std::set<std::string>& also_due);
  // The organisations items belong to.
  std::set<std::string> orgs();
  // The borrowed handle, for callers that group several calls in one transaction.
  SQLite::Database& database() { return db_; }

 private:
  SQLite::Database& db_;
};

}  // namespace km::core
