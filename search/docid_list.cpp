#include "search/docid_list.h"

#include <algorithm>
#include <stdexcept>

namespace km::search {
namespace {

std::vector<std::string> split_uuids(const std::string& joined) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start <= joined.size()) {
    const std::size_t end = std::min(joined.find(':', start), joined.size());
    out.push_back(joined.substr(start, end - start));
    start = end + 1;
  }
  return out;
}

}  // namespace

DocidList::DocidList(const Xapian::Database& db, const std::vector<Xapian::docid>& ids) {
  const std::size_t n = std::max<std::size_t>(1, db.size());
  auto shards = std::make_shared<Shards>();
  if (n > 1) {
    // A multi-database's UUID is its shards' UUIDs joined by ':' (empty if one has none).
    shards->uuids = split_uuids(db.get_uuid());
    if (shards->uuids.size() != n) throw std::logic_error("DocidList: every shard needs a UUID (several in-memory shards?)");
  }
  std::vector<Ids> local(n);
  for (Xapian::docid did : ids) local[(did - 1) % n].push_back(static_cast<Xapian::docid>((did - 1) / n + 1));
  for (auto& list : local) {
    std::sort(list.begin(), list.end());
    list.erase(std::unique(list.begin(), list.end()), list.end());
    shards->local.push_back(std::make_shared<const Ids>(std::move(list)));
  }
  shards_ = std::move(shards);
  walk(shards_->local[0]);
}

DocidList::DocidList(std::shared_ptr<const Shards> shards) : shards_(std::move(shards)) { walk(shards_->local[0]); }

DocidList* DocidList::clone() const { return new DocidList(shards_); }

void DocidList::init(const Xapian::Database& db) {
  if (shards_->uuids.empty()) return walk(shards_->local[0]);  // one shard
  const auto it = std::find(shards_->uuids.begin(), shards_->uuids.end(), db.get_uuid());
  if (it == shards_->uuids.end()) throw std::logic_error("DocidList: a shard of another database");
  walk(shards_->local[static_cast<std::size_t>(it - shards_->uuids.begin())]);
}

}  // namespace km::search
