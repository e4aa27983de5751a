#include "search/search_cache.h"

#include "core/index_layout.h"

#include <algorithm>

#include "core/index_schema.h"
#include "core/text.h"
#include "search/access.h"

namespace km::search {
namespace {

nlohmann::json sorted(std::vector<std::string> values) {
  std::sort(values.begin(), values.end());
  return values;
}

}  // namespace

std::string SearchCache::key(Xapian::Database& db, const core::User& user, const SearchParams& p,
                             long taxonomy_generation) {
  const bool author = db.get_termfreq(core::schema::term(core::schema::kAuthorPrefix, user.id)) > 0;
  const nlohmann::json visibility = {{"org", user.org},
                                     {"communities", sorted(user.communities)},
                                     {"retired", p.include_retired && may_see_retired(user)},
                                     {"author", author ? user.id : ""},
                                     {"unrestricted", p.unrestricted}};
  const nlohmann::json params = {{"q", p.q},
                                 {"org", sorted(p.org)},
                                 {"kind", sorted(p.kind)},
                                 {"community", sorted(p.community)},
                                 {"concepts", sorted(p.concepts)},
                                 {"status", sorted(p.status)},
                                 {"from", p.from},
                                 {"to", p.to},
                                 {"sort", p.sort == SortOrder::newest ? "newest" : "relevance"},
                                 {"page", p.page},
                                 {"per_page", p.per_page},
                                 {"facet_limit", p.facet_limit},
                                 {"expand", p.expand},
                                 {"related", p.include_related}};
  // A rebuilt index is a new database whose revisions start again: its uuid tells them apart.
  return nlohmann::json{{"index", db.get_uuid()},
                        {"revision", core::index_revision(db)},
                        {"taxonomy", taxonomy_generation},
                        {"day", core::utc_timestamp().substr(0, 10)},
                        {"visibility", visibility},
                        {"params", params}}
      .dump();
}

nlohmann::json SearchCache::search(Xapian::Database& db, const core::User& user, const SearchParams& params,
                                   const taxonomy::ConceptGraph& graph, long taxonomy_generation,
                                   Xapian::Database* counting) {
  if (capacity_ == 0) return search::search(db, user, params, graph, counting);
  const std::string k = key(db, user, params, taxonomy_generation);
  {
    std::lock_guard lock(mutex_);
    if (auto found = index_.find(k); found != index_.end()) {
      entries_.splice(entries_.begin(), entries_, found->second);
      ++hits_;
      return nlohmann::json::parse(found->second->second);
    }
    ++misses_;
  }
  nlohmann::json answer = search::search(db, user, params, graph, counting);
  std::lock_guard lock(mutex_);
  if (index_.count(k) == 0) {  // another thread may have answered the same meanwhile
    entries_.emplace_front(k, answer.dump());
    index_[k] = entries_.begin();
    if (entries_.size() > capacity_) {
      index_.erase(entries_.back().first);
      entries_.pop_back();
    }
  }
  return answer;
}

std::size_t SearchCache::hits() const {
  std::lock_guard lock(mutex_);
  return hits_;
}

std::size_t SearchCache::misses() const {
  std::lock_guard lock(mutex_);
  return misses_;
}

}  // namespace km::search
