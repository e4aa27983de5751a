#pragma once
// IndexWriter: the one Xapian writer of an index folder.
//
// Xapian allows one writer per database across processes. The constructor waits up to
// `lock_wait` for another writer (km-server, another km-indexer) to let go, then throws
// km::core::Unavailable naming the folder. Changes become visible to readers at commit().
// Not thread-safe: one owner, or a lock around every call.
#include <xapian.h>

#include <chrono>
#include <string>

#include "core/item.h"
#include "indexer/document_builder.h"

namespace km::indexer {

// Whether an index written by an older schema (core/index_schema.h, kSchemaVersion) may be
// opened: only by a rebuild, which replaces it.
enum class OlderSchema { refuse, accept };

class IndexWriter {
 public:
  // Throws km::core::Unavailable when the index holds documents of an older schema, unless
  // `older` is accept. A new index is marked with the current schema.
  IndexWriter(const std::string& path, std::chrono::milliseconds lock_wait, OlderSchema older = OlderSchema::refuse);
  // An in-memory index (tests).
  IndexWriter();

  // Adds or replaces the item's document (matched by its unique id term); `index_concepts`
  // as for DocumentBuilder::build. The spelling data follows: the words of a replaced or
  // removed document are taken out of it.
  void put(const core::Item& item, const std::vector<std::string>& index_concepts, const core::VoteCounts& votes = {});
  void remove(const std::string& id);
  void commit();
  Xapian::WritableDatabase& database() { return db_; }

 private:
  void forget_spelling(const std::string& id_term);

  Xapian::WritableDatabase db_;
  DocumentBuilder builder_;
  bool spelling_;
};

// If a rebuild died between its renames (index/ missing, index.old/ present), puts the old
// index back. Safe at any time; does nothing when the index is where it should be.
void recover_index_swap(const std::string& index_dir);

}  // namespace km::indexer
