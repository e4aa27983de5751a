#pragma once
// The counts of a search page: how many visible items match, and the facet counts (org, kind,
// community, concept), each dimension counted under the other filters.
//
// Bounded work: each counting pass looks at no more than kCountBound matches, whatever the
// size of the corpus or the number of local shards (each shard counts within what the shards
// before it left), and reads the facet values of the first kFacetBound. Up to those bounds
// the counts are exact; beyond them `total` is the bound ("10,000+ results": total_exact
// false) and facet counts are what the first kFacetBound matches hold (facets_exact false):
// lower bounds, never estimates. Every pass runs under the
// visibility filter, so no count includes an item the user may not see (DESIGN.md "No leak").
//
// Thread-compatible (uses the caller's db). Xapian errors propagate.
#include <xapian.h>

#include <functional>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "search/plain_filter.h"
#include "taxonomy/concept_graph.h"

namespace km::search {

inline constexpr Xapian::doccount kCountBound = 10000;
inline constexpr Xapian::doccount kFacetBound = 1000;

struct MatchCounts {
  Xapian::doccount total = 0;
  bool total_exact = true;
  nlohmann::json facets;    // {"org": [{"value", "label", "count"}, ...], ...}, most first
  nlohmann::json distinct;  // {"org": 2, ...}: how many values each dimension's counts hold (of
                            // the same matches as the facets: a lower bound where they are)
  bool facets_exact = true;
};

// Which facet values the counts list: each dimension's `limit` most frequent (ties by value;
// 0: all of them), then those of `keep` (a search's active filters) beyond them, most first.
struct FacetListing {
  std::size_t limit = 0;
  std::map<Facet, std::vector<std::string>> keep;
};

// `filter(skip)` is the search's filter (visibility and every active filter) without the
// filter on dimension `skip`; `active(f)` tells whether dimension f has an active filter.
// `known_matches`: a lower bound on the matches under the full filter that the caller already
// has (a ranking pass's MSet::get_matches_lower_bound()); at kCountBound or more the total is
// known to be beyond the bound, and its pass stops at the facets' kFacetBound.
// `plain`: where the search's filter is a PlainFilter (filter(skip) is its visibility filter AND
// its allowed values of every dimension but `skip`) and `text` ORs plain terms alone, a local
// shard with its DocValues is counted by walking the terms' documents directly, each checked
// against the shard's visibility bitmap and its facet values in memory: from the terms' kept
// postings (search/term_postings.h) where a list holds at most TermPostingsCache::kMaxPostings
// documents, else from Xapian's posting list as far as the count goes. The same counts,
// without the matcher's work per match (a document object for the facets' spy, the OR and
// filter trees); a pass whose matches end exactly at its bound is known to be exact, where the
// matcher, stopping there, is not sure.
MatchCounts count_matches(Xapian::Database& db, const Xapian::Query& text,
                          const std::function<Xapian::Query(Facet skip)>& filter,
                          const std::function<bool(Facet)>& active, const taxonomy::ConceptGraph& graph,
                          Xapian::doccount known_matches = 0, const PlainFilter* plain = nullptr,
                          const FacetListing& listing = {});

}  // namespace km::search
