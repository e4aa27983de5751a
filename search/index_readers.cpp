#include "search/index_readers.h"

#include <chrono>
#include <thread>

#include "core/error.h"

namespace km::search {

IndexReaders::Lease IndexReaders::acquire() {
  std::unique_ptr<Xapian::Database> db;
  {
    std::lock_guard lock(mutex_);
    if (!idle_.empty()) {
      db = std::move(idle_.back());
      idle_.pop_back();
    }
  }
  if (db) {
    try {
      db->reopen();
    } catch (const Xapian::Error&) {
      db.reset();  // the folder was replaced by a rebuild: open it again below
    }
  }
  // A rebuild swaps the index folder by two renames: a reader opened in between finds no
  // folder. Try again for a moment before calling the index unavailable. An open can also meet
  // the revision it reads discarded by the commits after it (Glass checks each table's root:
  // DatabaseModifiedError, or DatabaseCorruptError for a block rewritten meanwhile): that too
  // is tried again, at once.
  for (int attempt = 1; !db; ++attempt) {
    try {
      db = std::make_unique<core::ShardedDatabase>(layout_.open());
    } catch (const core::Unavailable&) {
      if (attempt == kOpenAttempts) throw;
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    } catch (const Xapian::DatabaseModifiedError&) {
      if (attempt == kOpenAttempts) throw;
    } catch (const Xapian::DatabaseCorruptError&) {  // a rewritten block read as the wrong level
      if (attempt == kOpenAttempts) throw;
    }
  }
  values_loader_.request(*db);
  return Lease(*this, std::move(db));
}

void IndexReaders::release(std::unique_ptr<Xapian::Database> db) {
  if (!db) return;
  std::lock_guard lock(mutex_);
  idle_.push_back(std::move(db));
}

}  // namespace km::search
