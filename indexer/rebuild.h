#pragma once
// Rebuilds the Xapian index of a --db folder from the SQLite store of record alone.
//
// The new index is built beside the live one (index.rebuild/), committed, then swapped in by
// renaming, while the live index's write lock is held: a running km-server (the live writer)
// makes rebuild fail with km::core::Unavailable instead of racing it. A rebuild killed before
// the swap leaves the live index untouched; one killed between the two renames is repaired by
// recover_index_swap() (indexer/index_writer.h), which every writer open calls.
#include <chrono>
#include <functional>
#include <string>

#include "core/item_store.h"

namespace km::indexer {

struct RebuildReport {
  std::size_t documents = 0;
};

RebuildReport rebuild_index(core::ItemStore& store, const std::string& index_dir,
                            std::chrono::milliseconds lock_wait,
                            const std::function<void(std::size_t)>& progress = {});

}  // namespace km::indexer
