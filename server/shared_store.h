#pragma once
// SharedStore: the server's one SQLite connection, shared by request threads under a mutex.
//
// SQLite answers our queries in microseconds, so one serialised connection is simpler than a
// pool and cannot deadlock. with() runs `fn(db)` while holding the lock; fn must not call
// with() again. with_kept() runs `fn(db, kept)`, where `kept` keeps prepared statements for the
// queries of every request (core/statement_cache.h). Thread-safe.
#include <SQLiteCpp/Database.h>

#include <mutex>
#include <string>

#include "core/statement_cache.h"

namespace km::server {

class SharedStore {
 public:
  explicit SharedStore(const std::string& path);

  template <typename Fn>
  auto with(Fn&& fn) {
    std::lock_guard lock(mutex_);
    return fn(db_);
  }
  template <typename Fn>
  auto with_kept(Fn&& fn) {
    std::lock_guard lock(mutex_);
    return fn(db_, kept_);
  }

 private:
  std::mutex mutex_;
  SQLite::Database db_;
  core::StatementCache kept_{db_};
};

}  // namespace km::server
