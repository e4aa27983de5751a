#include "indexer/index_writer.h"

#include <exception>
#include <filesystem>
#include <limits>
#include <thread>

#include "core/text.h"

namespace km::indexer {
namespace {

// The shards of a new counted layout are made together, in a side folder renamed into place: a
// writer killed while making them leaves no index with fewer shards than the setting (which
// check_folders() would take for another layout). What it leaves beside is made again.
void create_shards_at_once(const core::IndexLayout& layout, std::chrono::milliseconds lock_wait) {
  namespace fs = std::filesystem;
  if (layout.root().empty() || layout.size() == 1 || fs::exists(layout.root())) return;
  const std::string side = layout.root() + ".creating";
  fs::remove_all(side);
  const core::IndexLayout staged = layout.under(side);
  for (std::size_t k = 0; k < staged.size(); ++k) {
    ShardWriter(staged.shards()[k], k, staged.size(), lock_wait, OlderSchema::refuse);
  }
  std::error_code raced;  // another writer made them first: theirs are as good
  fs::rename(side, layout.root(), raced);
  if (raced) fs::remove_all(side);
}

}  // namespace

IndexWriter::IndexWriter(const core::IndexLayout& layout, std::chrono::milliseconds lock_wait, OlderSchema older) {
  if (!layout.root().empty()) recover_index_swap(layout.root());
  create_shards_at_once(layout, lock_wait);
  layout.check_folders();
  counts_generations_ = layout.size() > 1 || layout.shards()[0].remote();
  for (std::size_t k = 0; k < layout.size(); ++k) {
    shards_.push_back(std::make_unique<ShardWriter>(layout.shards()[k], k, layout.size(), lock_wait, older));
  }
}

IndexWriter::IndexWriter() { shards_.push_back(std::make_unique<ShardWriter>()); }

template <typename Work>
void IndexWriter::on_every_shard(Work&& work) {
  if (shards_.size() == 1) return work(0);
  std::vector<std::exception_ptr> errors(shards_.size());
  auto guarded = [&](std::size_t k) {
    try {
      work(k);
    } catch (...) {
      errors[k] = std::current_exception();
    }
  };
  {
    std::vector<std::jthread> threads;
    for (std::size_t k = 0; k + 1 < shards_.size(); ++k) threads.emplace_back(guarded, k);
    guarded(shards_.size() - 1);
  }
  for (const auto& error : errors) {
    if (error) std::rethrow_exception(error);
  }
}

ShardWriter& IndexWriter::shard_for(const std::string& id) {
  return *shards_[core::shard_of(id, shards_.size())];
}

void IndexWriter::put(const core::Item& item, const std::vector<std::string>& index_concepts, const core::VoteCounts& votes) {
  shard_for(item.id).put(item, index_concepts, votes);
}

void IndexWriter::put_all(const std::vector<IndexEntry>& entries) {
  std::vector<std::vector<const IndexEntry*>> by_shard(shards_.size());
  for (const IndexEntry& entry : entries) by_shard[core::shard_of(entry.item.id, shards_.size())].push_back(&entry);
  on_every_shard([&](std::size_t k) {
    for (const IndexEntry* entry : by_shard[k]) shards_[k]->put(entry->item, entry->concepts, entry->votes);
  });
}

void IndexWriter::remove(const std::string& id) { shard_for(id).remove(id); }

void IndexWriter::commit() {
  on_every_shard([&](std::size_t k) { shards_[k]->commit(); });
  if (!counts_generations_) return;
  Xapian::WritableDatabase& first = shards_[0]->database();
  const std::string generation = first.get_metadata(core::kGenerationKey);
  // The count is only compared for change: one that cannot be read starts again at 1.
  const long long last = core::parse_integer(generation, 0, std::numeric_limits<long long>::max() - 1).value_or(0);
  first.set_metadata(core::kGenerationKey, std::to_string(last + 1));
  first.commit();
}

std::future<void> IndexWriter::write_async(std::vector<IndexEntry> entries) {
  return std::async(std::launch::async, [this, batch = std::move(entries)] {
    put_all(batch);
    commit();
  });
}

Xapian::Database IndexWriter::database() {
  Xapian::Database all;
  for (auto& shard : shards_) all.add_database(shard->database());
  return all;
}

}  // namespace km::indexer
