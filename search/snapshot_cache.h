#pragma once
// SnapshotCache<T>: things built from one snapshot of a database (a shard's UUID and revision),
// kept for that snapshot only, the least recently used dropped first. A commit makes a new
// revision, so a T is never used for a later snapshot than the one it was built from (DESIGN.md
// "No leak"). The first caller for a key builds; callers for the same key meanwhile wait for
// that build rather than repeating it; other keys go on. Thread-safe.
#include <xapian.h>

#include <chrono>
#include <cstddef>
#include <future>
#include <list>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <utility>

#include "core/index_layout.h"

namespace km::search {

// "uuid@revision" of a single local database; nullopt for one without a revision of its own
// (an in-memory database, several shards as one, a remote shard).
inline std::optional<std::string> snapshot_key(const Xapian::Database& db) {
  try {
    std::string key = db.get_uuid() + '@' + std::to_string(db.get_revision());
    if (key.front() == '@') return std::nullopt;
    return key;
  } catch (const Xapian::Error&) {
    return std::nullopt;
  }
}

// Every part's snapshot_key joined (core::parts_of: each shard of a ShardedDatabase); nullopt
// if a part has none (in memory, remote).
inline std::optional<std::string> snapshot_key_of_parts(const Xapian::Database& db) {
  std::string key;
  for (const Xapian::Database* part : core::parts_of(db)) {
    const std::optional<std::string> one = snapshot_key(*part);
    if (!one) return std::nullopt;
    key += *one + '|';
  }
  return key;
}

template <typename T>
class SnapshotCache {
 public:
  explicit SnapshotCache(std::size_t capacity) : capacity_(capacity) {}

  // The T of `key` if it is built; null if it is not cached or still being built.
  std::shared_ptr<const T> find(const std::string& key) {
    std::lock_guard lock(mutex_);
    const auto found = index_.find(key);
    if (found == index_.end()) return nullptr;
    const Future& future = found->second->second;
    if (future.wait_for(std::chrono::seconds(0)) != std::future_status::ready) return nullptr;
    entries_.splice(entries_.begin(), entries_, found->second);
    try {
      return future.get();
    } catch (...) {
      return nullptr;  // a failed build, about to be forgotten
    }
  }

  // The T of `key` (a snapshot_key, plus whatever else the T depends on), built by build() if
  // it is not cached. An exception from build() reaches every caller waiting for it and is not
  // cached.
  template <typename Build>
  std::shared_ptr<const T> get(const std::string& key, Build&& build) {
    std::promise<std::shared_ptr<const T>> promise;
    Future future;
    bool builder = false;
    {
      std::lock_guard lock(mutex_);
      if (const auto found = index_.find(key); found != index_.end()) {
        entries_.splice(entries_.begin(), entries_, found->second);
        future = found->second->second;
      } else {
        builder = true;
        future = promise.get_future().share();
        entries_.emplace_front(key, future);
        index_[key] = entries_.begin();
        if (entries_.size() > capacity_) {
          index_.erase(entries_.back().first);
          entries_.pop_back();
        }
      }
    }
    if (builder) {
      try {
        promise.set_value(build());  // outside the lock: other keys go on meanwhile
      } catch (...) {
        promise.set_exception(std::current_exception());
        forget(key);
      }
    }
    return future.get();
  }

 private:
  using Future = std::shared_future<std::shared_ptr<const T>>;
  using Entry = std::pair<std::string, Future>;

  void forget(const std::string& key) {
    std::lock_guard lock(mutex_);
    if (const auto found = index_.find(key); found != index_.end()) {
      entries_.erase(found->second);
      index_.erase(found);
    }
  }

  std::size_t capacity_;
  std::mutex mutex_;
  std::list<Entry> entries_;
  std::unordered_map<std::string, typename std::list<Entry>::iterator> index_;
};

}  // namespace km::search
