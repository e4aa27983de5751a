#pragma once
// IndexWriter: the writer of a whole index, one ShardWriter per shard (core/index_layout.h).
//
// Each item goes to its shard (IndexLayout::shard_of). put_all() and commit() work on every
// shard at once, one thread per shard, so a batch is indexed on as many cores as there are
// shards; each shard keeps its own write lock. Changes become visible to readers at commit(),
// shard by shard (a reader between two shards' commits sees some of a batch; the store's
// index_pending flags are cleared only after every shard committed).
// Not thread-safe: one owner, or a lock around every call.
#include <chrono>
#include <future>
#include <memory>
#include <string>
#include <vector>

#include "core/index_layout.h"
#include "indexer/shard_writer.h"

namespace km::indexer {

// One document to write: the item, its index concepts (DocumentBuilder::build) and votes.
struct IndexEntry {
  core::Item item;
  std::vector<std::string> concepts;
  core::VoteCounts votes;
};

class IndexWriter {
 public:
  // Opens every shard (see ShardWriter for the errors), after checking that the folders hold
  // this layout and putting back an index a rebuild left half-swapped.
  IndexWriter(const core::IndexLayout& layout, std::chrono::milliseconds lock_wait,
              OlderSchema older = OlderSchema::refuse);
  // One in-memory shard (tests).
  IndexWriter();

  void put(const core::Item& item, const std::vector<std::string>& index_concepts, const core::VoteCounts& votes = {});
  // Writes every entry to its shard, the shards in parallel. If a shard fails, the others
  // finish their part and the first error is rethrown (nothing is committed by this call).
  void put_all(const std::vector<IndexEntry>& entries);
  void remove(const std::string& id);
  // Commits every shard, in parallel; the first error is rethrown after all have finished.
  void commit();
  // put_all(entries) then commit(), in a thread of its own: the caller prepares the next batch
  // meanwhile, and must not use the writer until the future is ready (get() rethrows).
  std::future<void> write_async(std::vector<IndexEntry> entries);

  std::size_t shard_count() const { return shards_.size(); }
  ShardWriter& shard(std::size_t k) { return *shards_[k]; }
  // Every shard as one database, for reading what this writer wrote.
  Xapian::Database database();

 private:
  ShardWriter& shard_for(const std::string& id);
  // Runs work(k) for every shard k, each in its own thread (the caller's for the last one).
  template <typename Work>
  void on_every_shard(Work&& work);

  std::vector<std::unique_ptr<ShardWriter>> shards_;
  bool counts_generations_ = false;  // core::kGenerationKey: several shards, or a remote one
};

}  // namespace km::indexer
