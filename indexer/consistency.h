#pragma once
// Whether the search index and the SQLite store of record agree, and mending them when they
// do not. They agree when the index holds exactly the store's items, each at the version the
// store holds (its content hash, kept in every document's kHashSlot), and nothing is left
// pending. After a crash they may not: the store is the truth and the index is mended from it.
//
// The index writer must be held (IndexWriter) while repairing. Not thread-safe.
#include <xapian.h>

#include <string>
#include <vector>

#include "core/item_store.h"
#include "indexer/index_writer.h"

namespace km::indexer {

struct ConsistencyReport {
  std::size_t items = 0;             // in the store
  std::size_t documents = 0;         // in the index
  std::vector<std::string> pending;  // changed in the store, waiting to be indexed (a crash, or a writer at work)
  std::vector<std::string> missing;  // in the store, not pending, and not in the index
  std::vector<std::string> stale;    // in the index at another version than the store's
  std::vector<std::string> extra;    // in the index but not in the store
  bool agree() const { return pending.empty() && missing.empty() && stale.empty() && extra.empty(); }
};

ConsistencyReport check_index(core::ItemStore& store, const Xapian::Database& index);

// Indexes every pending, missing and stale item from the store and removes the extra
// documents, then commits; then indexes whatever else is pending.
void repair_index(core::ItemStore& store, IndexWriter& writer, const ConsistencyReport& found);

}  // namespace km::indexer
