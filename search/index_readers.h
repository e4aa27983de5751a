#pragma once
// IndexReaders: a pool of Xapian::Database readers, one leased per request.
//
// A Xapian::Database must be used by one thread at a time, so each request leases its own.
// acquire() reopens the lease to the latest commit (cheap when nothing changed), so a write
// committed before a request starts is visible to it. If the index folder was swapped by a
// rebuild, the reader is opened afresh. A reader is every shard of the layout as one database
// (core::IndexLayout::open; Unavailable names a shard that cannot be opened). A reader at a
// snapshot whose in-memory values are not read yet has them read in the background
// (search/doc_values.h). Thread-safe.
#include <xapian.h>

#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "core/index_layout.h"
#include "search/doc_values.h"

namespace km::search {

class IndexReaders {
 public:
  explicit IndexReaders(core::IndexLayout layout) : layout_(std::move(layout)) {}

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

  // The lock this process's index writer holds around its commits (km-server's ItemService):
  // a request overtaken kAttempts - 1 times runs its last attempt holding it, so no commit of
  // this process can overtake it again. Set once, before requests run; optional.
  void set_commit_gate(std::mutex* gate) { commit_gate_ = gate; }

  // Runs fn(db) on a leased reader. If a writer's commits overtake the reader mid-request
  // (Xapian::DatabaseModifiedError: Glass keeps only the previous revision for readers), reopens
  // at the latest commit and runs fn again, up to kAttempts in all, the last one behind the
  // commit gate; then the error propagates (mapped to 503; only another process's commits can
  // still cause it). A burst of writes must not fail the searches running beside it.
  static constexpr int kAttempts = 4;
  // Opening a reader: tries 10 ms apart before the Unavailable of an index that cannot be opened
  // (a rebuild's swap in progress; a shard server down) reaches the caller.
  static constexpr int kOpenAttempts = 20;
  template <typename Fn>
  auto with_reader(Fn&& fn) {
    Lease lease = acquire();
    return with_retries([&] { return fn(lease.db()); }, [&] { lease.db().reopen(); });
  }

  // As with_reader, with fn(db, second): two readers for work done in two threads at once.
  template <typename Fn>
  auto with_two_readers(Fn&& fn) {
    Lease first = acquire();
    Lease second = acquire();
    return with_retries([&] { return fn(first.db(), second.db()); }, [&] {
      first.db().reopen();
      second.db().reopen();
    });
  }

 private:
  void release(std::unique_ptr<Xapian::Database> db);

  // Each retry reopens the readers first, inside the same try: a reopen can itself meet the
  // revision it is opening discarded by the next commits (Glass checks each table's root block:
  // DatabaseModifiedError, or DatabaseCorruptError when a rewritten block reads as the wrong
  // level), and that is a retry too, never the request's error (a reopen in the handler made
  // SoakTest fail now and then with a 503, and once a 500).
  template <typename Run, typename Reopen>
  auto with_retries(Run&& run, Reopen&& reopen) {
    for (int attempt = 1;; ++attempt) {
      try {
        if (attempt == kAttempts && commit_gate_) {
          std::lock_guard quiet(*commit_gate_);
          reopen();
          return run();
        }
        if (attempt > 1) reopen();
        return run();
      } catch (const Xapian::DatabaseModifiedError&) {
        if (attempt == kAttempts) throw;
      } catch (const Xapian::DatabaseCorruptError&) {
        // A block rewritten under a reader can also read as the wrong level of its B-tree. The
        // last attempt runs where no commit of this process can race it: there it is real.
        if (attempt == kAttempts) throw;
      }
    }
  }

  core::IndexLayout layout_;
  std::mutex mutex_;
  std::vector<std::unique_ptr<Xapian::Database>> idle_;
  std::mutex* commit_gate_ = nullptr;
  DocValuesLoader values_loader_{[this] { return layout_.open(); }};  // last: its thread stops first
};

}  // namespace km::search
