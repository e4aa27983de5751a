#pragma once
// SharedStore: the server's one SQLite connection, shared by request threads under a mutex.
//
// SQLite answers our queries in microseconds, so one serialised connection is simpler than a
// pool and cannot deadlock. with() runs `fn(db)` while holding the lock; fn must not call
// with() again. Thread-safe.
#include <SQLiteCpp/Database.h>

#include <mutex>
#include <string>

namespace km::server {

class SharedStore {
 public:
  explicit SharedStore(const std::string& path);

  template <typename Fn>
  auto with(Fn&& fn) {
    std::lock_guard lock(mutex_);
    return fn(db_);
  }

 private:
  std::mutex mutex_;
  SQLite::Database db_;
};

}  // namespace km::server
