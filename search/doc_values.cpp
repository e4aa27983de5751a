#include "search/doc_values.h"

#include <algorithm>
#include <atomic>
#include <stdexcept>
#include <map>
#include <mutex>
#include <string_view>
#include <unordered_map>

#include "core/index_layout.h"
#include "search/snapshot_cache.h"

namespace km::search {
namespace {

std::atomic<std::size_t> read_count{0};

}  // namespace

std::size_t DocValues::column(Xapian::valueno slot) {
  const auto found = std::find(std::begin(kSlots), std::end(kSlots), slot);
  if (found == std::end(kSlots)) throw std::logic_error("DocValues holds no slot " + std::to_string(slot));
  return static_cast<std::size_t>(found - std::begin(kSlots));
}

std::shared_ptr<const DocValues> DocValues::read(const Xapian::Database& db) {
  auto out = std::make_shared<DocValues>();
  for (std::size_t i = 0; i < std::size(kSlots); ++i) {
    Column& column = out->columns_[i];
    column.codes.assign(static_cast<std::size_t>(db.get_lastdocid()) + 1, 0);
    std::unordered_map<std::string, Code> known;
    for (auto v = db.valuestream_begin(kSlots[i]); v != db.valuestream_end(kSlots[i]); ++v) {
      std::string value = *v;
      if (value.empty()) continue;
      auto [entry, added] = known.try_emplace(value, static_cast<Code>(column.values.size()));
      if (added) column.values.push_back(std::move(value));
      column.codes[v.get_docid()] = entry->second;
    }
    std::unordered_map<std::string_view, std::uint32_t> numbers;
    column.listed.resize(column.values.size());
    for (std::size_t code = 1; code < column.values.size(); ++code) {
      core::schema::for_each_listed_id(column.values[code], [&](std::string_view id) {
        auto [entry, added] = numbers.try_emplace(id, static_cast<std::uint32_t>(column.ids.size()));
        if (added) column.ids.emplace_back(id);
        column.listed[code].push_back(entry->second);
      });
    }
  }
  out->lengths_.assign(static_cast<std::size_t>(db.get_lastdocid()) + 1, 0);
  for (auto p = db.postlist_begin(""); p != db.postlist_end(""); ++p) out->lengths_[*p] = p.get_doclength();
  ++read_count;
  return out;
}

namespace {

// Each shard (database UUID) keeps its latest snapshot and the one before it, which older leases
// may still read: one cache per shard, so that the shards of one index do not push each other
// out. Shards not used for longest are forgotten beyond twice the most an index may have (a
// rebuild gives every shard a new UUID).
constexpr std::size_t kShardsKept = 128;

std::shared_ptr<SnapshotCache<DocValues>> cache(const std::string& key) {
  struct Shard {
    std::shared_ptr<SnapshotCache<DocValues>> cache = std::make_shared<SnapshotCache<DocValues>>(2);
    std::uint64_t used = 0;
  };
  static std::mutex mutex;
  static std::map<std::string, Shard> shards;
  static std::uint64_t clock = 0;
  std::lock_guard lock(mutex);
  Shard& shard = shards[key.substr(0, key.rfind('@'))];
  shard.used = ++clock;
  if (shards.size() > kShardsKept) {
    const auto oldest = std::min_element(shards.begin(), shards.end(), [](const auto& a, const auto& b) { return a.second.used < b.second.used; });
    shards.erase(oldest);  // never `shard`: it was used last
  }
  return shard.cache;  // shared: a caller may still use the cache of a shard forgotten meanwhile
}

}  // namespace

std::shared_ptr<const DocValues> DocValues::of(const Xapian::Database& db) {
  const std::optional<std::string> key = snapshot_key(db);
  return key ? cache(*key)->find(*key) : nullptr;
}

std::shared_ptr<const DocValues> DocValues::load(const Xapian::Database& db) {
  const std::optional<std::string> key = snapshot_key(db);
  if (!key) return nullptr;
  return cache(*key)->get(*key, [&] { return read(db); });
}

std::vector<std::shared_ptr<const DocValues>> DocValues::of_parts(const Xapian::Database& db) {
  std::vector<std::shared_ptr<const DocValues>> out;
  for (const Xapian::Database* part : core::parts_of(db)) {
    out.push_back(of(*part));
    if (!out.back()) return {};
  }
  return out;
}

DocValuesLoader::~DocValuesLoader() {
  std::thread last;
  {
    std::lock_guard lock(mutex_);
    last = std::move(thread_);
  }
  if (last.joinable()) last.join();
}

void DocValuesLoader::request(const Xapian::Database& seen) {
  const auto parts = core::parts_of(seen);
  if (std::none_of(parts.begin(), parts.end(), [](const Xapian::Database* part) { return snapshot_key(*part) && !DocValues::of(*part); })) {
    return;
  }
  std::lock_guard lock(mutex_);
  if (running_ || std::chrono::steady_clock::now() < next_start_) return;
  if (thread_.joinable()) thread_.join();  // the last read, finished
  running_ = true;
  thread_ = std::thread([this] {
    const auto start = std::chrono::steady_clock::now();
    try {
      const core::ShardedDatabase db = open_();
      for (const Xapian::Database* part : core::parts_of(db)) DocValues::load(*part);
    } catch (const std::exception&) {  // the index swapped by a rebuild mid-read: a later request reads again
    } catch (const Xapian::Error&) {
    }
    const auto end = std::chrono::steady_clock::now();
    std::lock_guard done(mutex_);
    running_ = false;
    next_start_ = end + 3 * (end - start);
  });
}

std::size_t DocValues::snapshots_read() { return read_count; }

}  // namespace km::search
