#pragma once
// IndexReaders: a pool of Xapian::Database readers, one leased per request.
//
// A Xapian::Database must be used by one thread at a time, so each request leases its own.
// acquire() reopens the lease to the latest commit (cheap when nothing changed), so a write
// committed before a request starts is visible to it. If the index folder was swapped by a
// rebuild, the reader is opened afresh. Thread-safe.
#include <xapian.h>

#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace km::search {

class IndexReaders {
 public:
  explicit IndexReaders(std::string path) : path_(std::move(path)) {}

  class Lease {
   public:
    Lease(IndexReaders& pool, std::unique_ptr<Xapian::Database> db) : pool_(pool), db_(std::move(db)) {}
    ~Lease() { pool_.release(std::move(db_)); }
    Lease(const Lease&) = delete;
    Lease& operator=(const Lease&) = delete;
    Xapian::Database& db() { return *db_; }

   private:
    IndexReaders& pool_;
    std::unique_ptr<Xapian::Database> db_;
  };

  Lease acquire();

  // Runs fn(db) on a leased reader. If a writer's commits overtake the reader mid-request
  // (Xapian::DatabaseModifiedError: Glass keeps only the previous revision for readers), reopens
  // at the latest commit and runs fn again, up to kAttempts in all; then the error propagates
  // (mapped to 503). A burst of writes must not fail the searches running beside it.
  static constexpr int kAttempts = 8;
  template <typename Fn>
  auto with_reader(Fn&& fn) {
    Lease lease = acquire();
    for (int attempt = 1;; ++attempt) {
      try {
        return fn(lease.db());
      } catch (const Xapian::DatabaseModifiedError&) {
        if (attempt == kAttempts) throw;
        lease.db().reopen();
      }
    }
  }

  // As with_reader, with fn(db, second): two readers for work done in two threads at once.
  template <typename Fn>
  auto with_two_readers(Fn&& fn) {
    Lease first = acquire();
    Lease second = acquire();
    for (int attempt = 1;; ++attempt) {
      try {
        return fn(first.db(), second.db());
      } catch (const Xapian::DatabaseModifiedError&) {
        if (attempt == kAttempts) throw;
        first.db().reopen();
        second.db().reopen();
      }
    }
  }

 private:
  void release(std::unique_ptr<Xapian::Database> db);

  std::string path_;
  std::mutex mutex_;
  std::vector<std::unique_ptr<Xapian::Database>> idle_;
};

}  // namespace km::search
