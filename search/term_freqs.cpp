#include "search/term_freqs.h"

#include <atomic>
#include <mutex>
#include <unordered_map>

#include "search/snapshot_cache.h"

namespace km::search {

struct TermFreqs::Table {
  mutable std::mutex mutex;
  mutable std::unordered_map<std::string, Xapian::doccount> freqs;
};

namespace {

std::atomic<std::size_t> made{0};

SnapshotCache<TermFreqs::Table>& cache() {
  static SnapshotCache<TermFreqs::Table> instance(4);  // the latest snapshots that leases may read
  return instance;
}

}  // namespace

TermFreqs::TermFreqs(const Xapian::Database& db) : db_(db) {
  if (const auto key = snapshot_key_of_parts(db)) {
    table_ = cache().get(*key, [] {
      ++made;
      return std::make_shared<const Table>();
    });
  }
}

Xapian::doccount TermFreqs::operator()(const std::string& term) const {
  if (!table_) return db_.get_termfreq(term);
  {
    std::lock_guard lock(table_->mutex);
    if (const auto found = table_->freqs.find(term); found != table_->freqs.end()) return found->second;
  }
  const Xapian::doccount freq = db_.get_termfreq(term);  // outside the lock: other searches go on
  std::lock_guard lock(table_->mutex);
  if (table_->freqs.size() < kMaxTerms) table_->freqs.emplace(term, freq);
  return freq;
}

std::size_t TermFreqs::tables_made() { return made; }

}  // namespace km::search
