#include "indexer/shard_writer.h"

#include <cctype>
#include <filesystem>
#include <thread>

#include "core/error.h"
#include "core/index_schema.h"

namespace km::indexer {
namespace {

// A writable xapian-tcpsrv serves one connection at a time: a second writer waits in its
// backlog. It gives up after this long without an answer (a commit of a batch takes far less).
constexpr unsigned kRemoteTimeoutMs = 60000;

// A Glass database writes its revision file (iamglass) last when it is created: a writer killed
// before that leaves a folder Xapian refuses to open but that holds nothing committed. Every item
// is still marked index_pending in SQLite, so starting that folder afresh loses nothing.
void clear_never_committed(const std::string& path) {
  namespace fs = std::filesystem;
  if (fs::is_directory(path) && !fs::is_empty(path) && !fs::exists(fs::path(path) / "iamglass")) {
    fs::remove_all(path);
  }
}

}  // namespace

Xapian::WritableDatabase open_shard_writable(const core::Shard& shard, std::chrono::milliseconds lock_wait) {
  if (!shard.remote()) {
    std::filesystem::create_directories(std::filesystem::path(shard.path).parent_path());
    clear_never_committed(shard.path);
  }
  const auto deadline = std::chrono::steady_clock::now() + lock_wait;
  while (true) {
    try {
      if (shard.remote()) {
        if (shard.writer_port == 0) {
          throw core::Unavailable("index shard " + shard.name() + " has no writer: list it as " + shard.name() +
                                  "?writer=PORT, PORT being a xapian-tcpsrv --writable on the same database");
        }
        return Xapian::Remote::open_writable(shard.host, shard.writer_port, kRemoteTimeoutMs, 2000);
      }
      return Xapian::WritableDatabase(shard.path, Xapian::DB_CREATE_OR_OPEN);
    } catch (const Xapian::DatabaseLockError& e) {
      if (std::chrono::steady_clock::now() >= deadline) {
        throw core::Unavailable("index " + shard.name() + " is locked by another writer (is km-server running? "
                                "it is the only writer while it runs)");
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    } catch (const Xapian::NetworkError& e) {
      throw core::Unavailable("index shard " + shard.name() + " is unreachable: " + e.get_msg() +
                              " (the writer needs a xapian-tcpsrv started with --writable)");
    }
  }
}

void recover_index_swap(const std::string& index_dir) {
  namespace fs = std::filesystem;
  const fs::path old_dir = index_dir + ".old";
  if (!fs::exists(index_dir) && fs::exists(old_dir)) fs::rename(old_dir, index_dir);
}

ShardWriter::ShardWriter(const core::Shard& shard, std::size_t index, std::size_t count,
                         std::chrono::milliseconds lock_wait, OlderSchema older)
    : db_(open_shard_writable(shard, lock_wait)),
      // Xapian's remote backend keeps no spelling data: a remote shard gets none.
      builder_(shard.remote() ? nullptr : &db_),
      spelling_(!shard.remote()) {
  const std::string path = shard.name();
  const std::string version = db_.get_metadata(core::schema::kSchemaKey);
  const std::string position = core::shard_label(index, count);
  if (db_.get_doccount() == 0) {
    // Committed at once: a writer must hold no pending change it did not make (rebuild swaps
    // the folder under the live writer, whose destructor would commit into the new one).
    if (version != core::schema::kSchemaVersion || db_.get_metadata(core::kShardKey) != position) {
      db_.set_metadata(core::schema::kSchemaKey, core::schema::kSchemaVersion);
      db_.set_metadata(core::kShardKey, position);
      db_.commit();
    }
    return;
  }
  core::check_shard_label(db_, path, index, count);
  if (version != core::schema::kSchemaVersion && older == OlderSchema::refuse) {
    throw core::Unavailable("index " + path + " was written by an older Knowledge Market (index schema " +
                            (version.empty() ? "1" : version) + ", this version needs " + core::schema::kSchemaVersion +
                            "): run `km-indexer rebuild --db DIR` on its store once");
  }
}

// The in-memory backend keeps no spelling data, so its builder gets no spelling database.
ShardWriter::ShardWriter() : db_(std::string(), Xapian::DB_BACKEND_INMEMORY), builder_(nullptr), spelling_(false) {}

void ShardWriter::put(const core::Item& item, const std::vector<std::string>& index_concepts, const core::VoteCounts& votes) {
  const std::string id_term = core::schema::term(core::schema::kIdPrefix, item.id);
  forget_spelling(id_term);
  db_.replace_document(id_term, builder_.build(item, index_concepts, votes));
}

void ShardWriter::remove(const std::string& id) {
  const std::string id_term = core::schema::term(core::schema::kIdPrefix, id);
  forget_spelling(id_term);
  db_.delete_document(id_term);
}

// The term generator added one spelling count per occurrence of each free-text word, and every
// occurrence has a position: take back as many as the old document has positions, so words no
// item uses any more stop being suggested.
void ShardWriter::forget_spelling(const std::string& id_term) {
  if (!spelling_) return;
  auto posting = db_.postlist_begin(id_term);
  if (posting == db_.postlist_end(id_term)) return;
  const Xapian::docid old = *posting;
  for (auto t = db_.termlist_begin(old); t != db_.termlist_end(old); ++t) {
    const std::string word = *t;
    const auto first = static_cast<unsigned char>(word.empty() ? 'A' : word[0]);
    if (std::isupper(first)) continue;  // prefixed terms (Z stems, titles, filters) are not words
    if (const Xapian::termcount n = t.positionlist_count(); n > 0) db_.remove_spelling(word, n);
  }
}

void ShardWriter::commit() { db_.commit(); }

void ShardWriter::mark_current_schema() { db_.set_metadata(core::schema::kSchemaKey, core::schema::kSchemaVersion); }

}  // namespace km::indexer
