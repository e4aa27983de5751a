#include "core/index_layout.h"

#include <algorithm>
#include <filesystem>
#include <set>

#include "core/error.h"
#include "core/text.h"

namespace km::core {
namespace fs = std::filesystem;
namespace {

constexpr std::size_t kMaxShards = 64;

std::string trimmed(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return std::string(s);
}

Shard parse_entry(const std::string& db_dir, const std::string& entry) {
  constexpr std::string_view kTcp = "tcp://";
  if (entry.rfind(kTcp, 0) != 0) {
    if (entry.find("://") != std::string::npos) {
      throw InvalidInput("shards: '" + entry + "' is neither a folder nor tcp://host:port");
    }
    return Shard::local(fs::path(entry).is_absolute() ? entry : db_dir + "/" + entry);
  }
  // tcp://host:port[?writer=port]
  const std::string address = entry.substr(kTcp.size());
  const std::size_t query = address.find('?');
  const std::string rest = address.substr(0, query);
  const auto colon = rest.rfind(':');
  auto port_of = [&](std::string_view text, unsigned& port) {
    const auto parsed = parse_integer(text, 1, 65535);
    if (parsed) port = static_cast<unsigned>(*parsed);
    return parsed.has_value();
  };
  Shard shard;
  if (colon == std::string::npos || colon == 0 || !port_of(std::string_view(rest).substr(colon + 1), shard.port)) {
    throw InvalidInput("shards: '" + entry + "' needs the form tcp://host:port[?writer=port] (ports 1-65535)");
  }
  shard.host = rest.substr(0, colon);
  if (query != std::string::npos) {
    constexpr std::string_view kWriter = "writer=";
    const std::string_view option = std::string_view(address).substr(query + 1);
    if (option.rfind(kWriter, 0) != 0 || !port_of(option.substr(kWriter.size()), shard.writer_port)) {
      throw InvalidInput("shards: '" + entry + "': after '?' only writer=port (the xapian-tcpsrv --writable of that shard)");
    }
  }
  return shard;
}

// How many shards the folders under a counted layout's root hold: 1 for a Glass folder, the
// number of shard-K folders otherwise, 0 for nothing yet.
std::size_t shards_on_disk(const std::string& root) {
  if (!fs::is_directory(root)) return 0;
  if (fs::exists(fs::path(root) / "iamglass")) return 1;
  std::size_t count = 0;
  for (const auto& entry : fs::directory_iterator(root)) {
    if (entry.is_directory() && entry.path().filename().string().rfind("shard-", 0) == 0) ++count;
  }
  return count;
}

}  // namespace

std::size_t shard_of(std::string_view item_id, std::size_t count) {
  std::uint64_t hash = 14695981039346656037ull;
  for (unsigned char c : item_id) {
    hash ^= c;
    hash *= 1099511628211ull;
  }
  return count <= 1 ? 0 : static_cast<std::size_t>(hash % count);
}

std::string index_revision(const Xapian::Database& db) {
  if (db.size() == 1) {
    try {
      return std::to_string(db.get_revision());
    } catch (const Xapian::UnimplementedError&) {  // a remote shard: it counts generations
    }
  }
  return "g" + db.get_metadata(kGenerationKey);
}

std::string shard_label(std::size_t index, std::size_t count) {
  return std::to_string(index) + "/" + std::to_string(count);
}

IndexLayout IndexLayout::parse(const std::string& db_dir, const std::string& setting) {
  IndexLayout layout(db_dir + "/index");
  layout.shards_.clear();
  const std::string value = trimmed(setting);
  if (!value.empty() && value.find_first_not_of("0123456789") == std::string::npos) {
    const std::size_t count = static_cast<std::size_t>(parse_integer(value, 0, 1'000'000).value_or(0));
    if (count < 1 || count > kMaxShards) {
      throw InvalidInput("shards: " + value + " is out of range [1, " + std::to_string(kMaxShards) + "]");
    }
    if (count == 1) layout.shards_.push_back(Shard::local(layout.root_));
    for (std::size_t k = 0; count > 1 && k < count; ++k) {
      layout.shards_.push_back(Shard::local(layout.root_ + "/shard-" + std::to_string(k)));
    }
    return layout;
  }
  layout.root_.clear();
  std::set<std::string> names;
  std::size_t start = 0;
  while (start <= value.size()) {
    const std::size_t comma = std::min(value.find(',', start), value.size());
    const std::string entry = trimmed(std::string_view(value).substr(start, comma - start));
    if (entry.empty()) throw InvalidInput("shards: an empty entry in '" + setting + "' (a count, or folders and tcp://host:port separated by commas)");
    Shard shard = parse_entry(db_dir, entry);
    if (!names.insert(shard.name()).second) throw InvalidInput("shards: '" + entry + "' is listed twice");
    layout.shards_.push_back(std::move(shard));
    if (layout.shards_.size() > kMaxShards) throw InvalidInput("shards: more than " + std::to_string(kMaxShards) + " shards");
    start = comma + 1;
  }
  return layout;
}

IndexLayout IndexLayout::under(const std::string& root) const {
  IndexLayout moved = *this;
  if (root_.empty()) return moved;
  moved.root_ = root;
  for (Shard& shard : moved.shards_) shard.path = root + shard.path.substr(root_.size());
  return moved;
}

void IndexLayout::check_folders() const {
  if (root_.empty()) return;
  const std::size_t found = shards_on_disk(root_);
  if (found != 0 && found != shards_.size()) {
    const std::string db_dir = fs::path(root_).parent_path().string();
    throw Unavailable("the index in " + root_ + " has " + std::to_string(found) + " shard(s) but the shards setting says " +
                      std::to_string(shards_.size()) + ": reshard it with `km-indexer rebuild --db " + db_dir +
                      " --shards " + std::to_string(shards_.size()) + "`, or set shards to " + std::to_string(found));
  }
}

void check_shard_label(const Xapian::Database& shard, const std::string& name, std::size_t index, std::size_t count) {
  const std::string label = shard.get_metadata(kShardKey);
  const std::string expected = shard_label(index, count);
  if (label == expected || shard.get_doccount() == 0) return;
  if (label.empty() && count == 1) return;  // a single index made before shards existed
  throw Unavailable("index shard " + name + " holds shard " + (label.empty() ? "0/1" : label) + ", the shards setting puts " +
                    expected + " there: reshard with `km-indexer rebuild --shards ...`, or list the shards in their order");
}

ShardedDatabase::ShardedDatabase(std::vector<Xapian::Database> shards, bool remote)
    : shards_(std::move(shards)), remote_(remote) {
  for (const Xapian::Database& shard : shards_) add_database(shard);
}

std::vector<const Xapian::Database*> parts_of(const Xapian::Database& db) {
  const auto* sharded = dynamic_cast<const ShardedDatabase*>(&db);
  if (!sharded || sharded->shards().size() < 2) return {&db};
  std::vector<const Xapian::Database*> out;
  for (const Xapian::Database& shard : sharded->shards()) out.push_back(&shard);
  return out;
}

bool has_remote_part(const Xapian::Database& db) {
  const auto* sharded = dynamic_cast<const ShardedDatabase*>(&db);
  return sharded && sharded->has_remote();
}

ShardedDatabase IndexLayout::open() const {
  check_folders();
  std::vector<Xapian::Database> opened;
  for (std::size_t k = 0; k < shards_.size(); ++k) {
    const Shard& shard = shards_[k];
    try {
      Xapian::Database one = shard.remote() ? Xapian::Remote::open(shard.host, shard.port, 10000, 2000)
                                            : Xapian::Database(shard.path);
      check_shard_label(one, shard.name(), k, shards_.size());
      opened.push_back(std::move(one));
    } catch (const Xapian::DatabaseOpeningError& e) {
      throw Unavailable("index shard " + shard.name() + " cannot be opened: " + e.get_msg());
    } catch (const Xapian::NetworkError& e) {
      throw Unavailable("index shard " + shard.name() + " is unreachable: " + e.get_msg());
    }
  }
  return ShardedDatabase(std::move(opened), std::any_of(shards_.begin(), shards_.end(), [](const Shard& s) { return s.remote(); }));
}

}  // namespace km::core
