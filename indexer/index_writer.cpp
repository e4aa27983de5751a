#include "indexer/index_writer.h"

#include <filesystem>
#include <thread>

#include "core/error.h"
#include "core/index_schema.h"

namespace km::indexer {
namespace {

// A Glass database writes its revision file (iamglass) last when it is created: a writer killed
// before that leaves a folder Xapian refuses to open but that holds nothing committed. Every item
// is still marked index_pending in SQLite, so starting that folder afresh loses nothing.
void clear_never_committed(const std::string& path) {
  namespace fs = std::filesystem;
  if (fs::is_directory(path) && !fs::is_empty(path) && !fs::exists(fs::path(path) / "iamglass")) {
    fs::remove_all(path);
  }
}

Xapian::WritableDatabase open_writable(const std::string& path, std::chrono::milliseconds lock_wait) {
  recover_index_swap(path);
  clear_never_committed(path);
  const auto deadline = std::chrono::steady_clock::now() + lock_wait;
  while (true) {
    try {
      return Xapian::WritableDatabase(path, Xapian::DB_CREATE_OR_OPEN);
    } catch (const Xapian::DatabaseLockError& e) {
      if (std::chrono::steady_clock::now() >= deadline) {
        throw core::Unavailable("index " + path + " is locked by another writer (is km-server running? "
                                "it is the only writer while it runs)");
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
  }
}

}  // namespace

void recover_index_swap(const std::string& index_dir) {
  namespace fs = std::filesystem;
  const fs::path old_dir = index_dir + ".old";
  if (!fs::exists(index_dir) && fs::exists(old_dir)) fs::rename(old_dir, index_dir);
}

IndexWriter::IndexWriter(const std::string& path, std::chrono::milliseconds lock_wait)
    : db_(open_writable(path, lock_wait)), builder_(&db_) {}

// The in-memory backend keeps no spelling data, so its builder gets no spelling database.
IndexWriter::IndexWriter() : db_(std::string(), Xapian::DB_BACKEND_INMEMORY), builder_(nullptr) {}

void IndexWriter::put(const core::Item& item, const std::vector<std::string>& index_concepts, const core::VoteCounts& votes) {
  db_.replace_document(core::schema::term(core::schema::kIdPrefix, item.id), builder_.build(item, index_concepts, votes));
}

void IndexWriter::remove(const std::string& id) {
  db_.delete_document(core::schema::term(core::schema::kIdPrefix, id));
}

void IndexWriter::commit() { db_.commit(); }

}  // namespace km::indexer
