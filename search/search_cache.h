#pragma once
// SearchCache: whole search answers (search() of search.h), kept so that a query asked again
// costs a lookup. Real search traffic repeats itself: the same few hundred queries make most
// of a day's searches.
//
// A cached answer is served only to a search with the same key: the same index and revision (a
// commit or a rebuild makes every older entry unreachable), the same taxonomy generation, the same day (the
// signals' freshness), the same parameters, and the same *visibility class* — organisation,
// communities, whether retired items are included, and the user's own id when the user is the
// author of any indexed item (an author sees their own drafts). Two users of one class are
// allowed to see exactly the same items, so one's answer is the other's: no leak (DESIGN.md).
// Ranking options are not part of the key: the server always searches with the defaults.
//
// Least recently used entries go first; `capacity` 0 turns the cache off. Thread-safe.
#include <xapian.h>

#include <list>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <unordered_map>

#include "core/user.h"
#include "search/search.h"

namespace km::search {

class SearchCache {
 public:
  explicit SearchCache(std::size_t capacity) : capacity_(capacity) {}

  // search(db, user, params, graph, counting), from the cache when an equal key was answered
  // before. `taxonomy_generation` changes whenever `graph` does. Throws what search() throws
  // (errors are never cached).
  nlohmann::json search(Xapian::Database& db, const core::User& user, const SearchParams& params,
                        const taxonomy::ConceptGraph& graph, long taxonomy_generation,
                        Xapian::Database* counting = nullptr);

  // The key of a search (exposed for tests).
  static std::string key(Xapian::Database& db, const core::User& user, const SearchParams& params,
                         long taxonomy_generation);

  std::size_t hits() const;
  std::size_t misses() const;

 private:
  // Answers are kept serialised: a tenth of the memory of a parsed nlohmann::json.
  using Entries = std::list<std::pair<std::string, std::string>>;

  std::size_t capacity_;
  mutable std::mutex mutex_;
  Entries entries_;  // most recently used first
  std::unordered_map<std::string, Entries::iterator> index_;
  std::size_t hits_ = 0, misses_ = 0;
};

}  // namespace km::search
