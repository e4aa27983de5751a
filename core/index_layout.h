#pragma once
// IndexLayout: where the shards of the Xapian index live, and which shard holds an item.
//
// The `shards` setting (core/config.h) is either
//   - a count N: local shards under the --db folder. 1 is the single Glass folder <db>/index
//     (the layout of every store made before shards existed); N > 1 are <db>/index/shard-0 ...
//     shard-(N-1);
//   - or a comma-separated list, one entry per shard: a folder (relative to the --db folder
//     unless absolute) or tcp://host:port?writer=wport, a remote shard: a xapian-tcpsrv serving
//     it to readers on port, and a xapian-tcpsrv --writable on the same database on wport for
//     the writer (a writable xapian-tcpsrv serves one connection at a time, and the writer holds
//     its connection while it runs). Without ?writer= the shard can be searched, not written.
// An item's shard is FNV-1a(id) mod N: stable, so an update lands where the old version is.
// Every shard records "k/N" in its metadata (kShardKey) when it is created; a shard holding
// another position, or a counted layout whose folders say another N, is refused with the
// command that reshards (`km-indexer rebuild --shards N`).
//
// Readers see all shards as one Xapian::Database (add_database): results, totals, facets and
// spelling are those of a single database holding the same documents. Thread-safe (const).
#include <xapian.h>

#include <string>
#include <string_view>
#include <vector>

namespace km::core {

inline constexpr const char* kShardKey = "km:shard";
// Over several shards, or one remote shard, shard 0 counts the index's commits (Xapian gives
// no revision for a database of several shards, nor for a remote one): IndexWriter::commit() bumps it after every shard committed, so a
// reader that sees a count sees every commit before it (readers reopen shard 0 first). The
// search cache keys on it (search/search_cache.h).
inline constexpr const char* kGenerationKey = "km:generation";

// What changes with every commit of the index: its revision with one local shard, the
// generation counted in shard 0 otherwise.
std::string index_revision(const Xapian::Database& db);

// Every shard of a layout as one database, with each shard's own handle beside it. They share
// Xapian's objects: a reopen() of the whole reopens each shard, and they are one reader (one
// thread at a time). A pass that must stop at a bound runs shard by shard: over several local
// shards Xapian's matcher does not stop at get_mset's check_at_least (it sees every match).
class ShardedDatabase : public Xapian::Database {
 public:
  ShardedDatabase() = default;
  // `remote`: some shard is a remote one (xapian-tcpsrv).
  explicit ShardedDatabase(std::vector<Xapian::Database> shards, bool remote = false);
  const std::vector<Xapian::Database>& shards() const { return shards_; }
  bool has_remote() const { return remote_; }

 private:
  std::vector<Xapian::Database> shards_;
  bool remote_ = false;
};

// Each shard's own handle where `db` is a ShardedDatabase of several; else `db` itself.
std::vector<const Xapian::Database*> parts_of(const Xapian::Database& db);

// Whether `db` is a ShardedDatabase with a remote shard. Any other database counts as local; a
// remote one opened some other way (Xapian::Remote::open) is still caught by Xapian, which
// throws UnimplementedError for a class of ours before a match starts.
bool has_remote_part(const Xapian::Database& db);

struct Shard {
  std::string path;  // local folder; empty for a remote shard
  std::string host;  // remote shard: the host and port of a xapian-tcpsrv serving it to readers
  unsigned port = 0;
  unsigned writer_port = 0;  // remote shard: its xapian-tcpsrv --writable on the same host (0: none)
  static Shard local(std::string folder) {
    Shard shard;
    shard.path = std::move(folder);
    return shard;
  }
  bool remote() const { return !host.empty(); }
  std::string name() const { return remote() ? "tcp://" + host + ":" + std::to_string(port) : path; }
};

// FNV-1a 64 of the id, mod `count`: the same on every machine and build.
std::size_t shard_of(std::string_view item_id, std::size_t count);

// The "k/N" a shard records in its metadata.
std::string shard_label(std::size_t index, std::size_t count);

class IndexLayout {
 public:
  // One local shard in `folder`: the layout of `shards = 1` (tools and tests name the folder).
  IndexLayout(std::string folder) : shards_{Shard::local(folder)}, root_(std::move(folder)) {}  // NOLINT: implicit on purpose
  // Throws InvalidInput for a malformed setting (naming the entry).
  static IndexLayout parse(const std::string& db_dir, const std::string& setting);

  const std::vector<Shard>& shards() const { return shards_; }
  std::size_t size() const { return shards_.size(); }
  std::size_t shard_of(std::string_view item_id) const { return core::shard_of(item_id, shards_.size()); }
  // The folder a rebuild replaces as a whole (<db>/index) for a counted layout; empty for a
  // listed one, whose shards a rebuild rewrites in place.
  const std::string& root() const { return root_; }
  // The same layout with its folders under another root (a rebuild's fresh copy).
  IndexLayout under(const std::string& root) const;

  // Throws Unavailable when the folders under root() hold another number of shards than this
  // layout (a store made with another `shards` value).
  void check_folders() const;
  // Opens every shard, read-only, as one database. Throws Unavailable naming the first shard
  // that cannot be opened (server down, folder missing) or that holds another position.
  ShardedDatabase open() const;

 private:
  std::vector<Shard> shards_;
  std::string root_;
};

// Throws Unavailable when a non-empty shard says it is not shard `index` of `count` (a shard
// of an unlabelled single-folder index, made before shards existed, is 0/1).
void check_shard_label(const Xapian::Database& shard, const std::string& name, std::size_t index, std::size_t count);

}  // namespace km::core
