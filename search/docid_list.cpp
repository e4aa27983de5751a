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
  shards->local.resize(n);
  if (n > 1) {
    // A multi-database's UUID is its shards' UUIDs joined by ':' (empty if one has none).
    shards->uuids = split_uuids(db.get_uuid());
    if (shards->uuids.size() != n) throw std::logic_error("DocidList: every shard needs a UUID (several in-memory shards?)");
  }
  for (Xapian::docid did : ids) shards->local[(did - 1) % n].push_back((did - 1) / n + 1);
  for (auto& list : shards->local) {
    std::sort(list.begin(), list.end());
    list.erase(std::unique(list.begin(), list.end()), list.end());
  }
  shards_ = std::move(shards);
  ids_ = shards_->local[0];
}

DocidList::DocidList(std::shared_ptr<const Shards> shards) : shards_(std::move(shards)) {}

DocidList* DocidList::clone() const {
  auto* copy = new DocidList(shards_);
  copy->ids_ = ids_;
  return copy;
}

void DocidList::init(const Xapian::Database& db) {
  pos_ = 0;
  started_ = false;
  if (shards_->uuids.empty()) return;  // one shard: ids_ is its list
  const auto it = std::find(shards_->uuids.begin(), shards_->uuids.end(), db.get_uuid());
  if (it == shards_->uuids.end()) throw std::logic_error("DocidList: a shard of another database");
  ids_ = shards_->local[static_cast<std::size_t>(it - shards_->uuids.begin())];
}

void DocidList::next(double) {
  if (started_) ++pos_;
  started_ = true;
}

void DocidList::skip_to(Xapian::docid did, double) {
  if (!started_) {
    started_ = true;
    pos_ = 0;
  }
  pos_ = static_cast<std::size_t>(std::lower_bound(ids_.begin() + static_cast<long>(std::min(pos_, ids_.size())), ids_.end(), did) -
                                  ids_.begin());
}

}  // namespace km::search
