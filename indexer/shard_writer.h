#pragma once
// ShardWriter: the one Xapian writer of one index shard (core/index_layout.h).
//
// Xapian allows one writer per database across processes. The constructor waits up to
// `lock_wait` for another writer (km-server, another km-indexer) to let go, then throws
// km::core::Unavailable naming the shard; so does a remote shard whose server cannot be reached.
// Changes become visible to readers at commit(). Not thread-safe: one owner thread at a time
// (IndexWriter gives each shard its own thread).
#include <xapian.h>

#include <chrono>
#include <string>

#include "core/index_layout.h"
#include "core/item.h"
#include "indexer/document_builder.h"

namespace km::indexer {

// Whether an index written by an older schema (core/index_schema.h, kSchemaVersion) may be
// opened: only by a rebuild, which replaces it.
enum class OlderSchema { refuse, accept };

class ShardWriter {
 public:
  // Opens shard `index` of `count`. Throws km::core::Unavailable when the shard holds documents
  // of an older schema (unless `older` is accept) or of another shard position. A new shard is
  // marked with the current schema and its position.
  ShardWriter(const core::Shard& shard, std::size_t index, std::size_t count, std::chrono::milliseconds lock_wait,
              OlderSchema older = OlderSchema::refuse);
  // An in-memory shard (tests).
  ShardWriter();

  // Adds or replaces the item's document (matched by its unique id term); `index_concepts`
  // as for DocumentBuilder::build. The spelling data follows: the words of a replaced or
  // removed document are taken out of it.
  void put(const core::Item& item, const std::vector<std::string>& index_concepts, const core::VoteCounts& votes = {});
  void remove(const std::string& id);
  void commit();
  // Marks the shard as written by this schema (after a rebuild in place rewrote every document).
  void mark_current_schema();
  Xapian::WritableDatabase& database() { return db_; }

 private:
  void forget_spelling(const std::string& id_term);

  Xapian::WritableDatabase db_;
  DocumentBuilder builder_;
  bool spelling_;
};

// Opens a shard's Xapian writer, waiting up to `lock_wait` for another writer to let go; a
// local folder is created if missing. Throws Unavailable (locked, remote server unreachable).
Xapian::WritableDatabase open_shard_writable(const core::Shard& shard, std::chrono::milliseconds lock_wait);

// If a rebuild died between its renames (index/ missing, index.old/ present), puts the old
// index back. Safe at any time; does nothing when the index is where it should be.
void recover_index_swap(const std::string& index_dir);

}  // namespace km::indexer
