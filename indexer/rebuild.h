#pragma once
// Rebuilds the Xapian index of a --db folder from the SQLite store of record alone, every shard
// in parallel (indexer/index_writer.h). It is also how an index changes its number of shards.
//
// A counted layout (core/index_layout.h: local shards under <db>/index) is built beside the
// live one (index.rebuild/), committed, compacted (Xapian's compactor: full blocks, a third
// less disk at 100,000 items), then swapped in by renaming, while the live index's
// write locks are held: a running km-server (the live writer) makes rebuild fail with
// km::core::Unavailable instead of racing it. A rebuild killed before the swap leaves the live
// index untouched; one killed between the two renames is repaired by recover_index_swap()
// (indexer/shard_writer.h), which every writer open calls.
// A listed layout (folders or remote shards named one by one) is rewritten in place: every
// item's document is replaced and documents of items the store does not hold are removed.
#include <chrono>
#include <functional>
#include <string>

#include "core/index_layout.h"
#include "core/item_store.h"

namespace km::indexer {

struct RebuildReport {
  std::size_t documents = 0;
  std::size_t removed = 0;  // in-place rebuild: documents of items the store does not hold
};

RebuildReport rebuild_index(core::ItemStore& store, const core::IndexLayout& layout, std::chrono::milliseconds lock_wait,
                            const std::function<void(std::size_t)>& progress = {});

// Compacts the live index of a counted layout as rebuild compacts its fresh one (after a large
// ingest, the same gain without re-indexing: at 1,000,000 items 105 s against a rebuild's half
// hour): a compacted copy is written beside it (index.compact/) while its write locks are held,
// then swapped in by renaming. The items and their documents are unchanged. Throws
// km::core::Unavailable when a writer holds a lock past `lock_wait`, NotFound when there is no
// index, InvalidInput for a listed layout (its shards may be remote).
void compact_index(const core::IndexLayout& layout, std::chrono::milliseconds lock_wait);

}  // namespace km::indexer
