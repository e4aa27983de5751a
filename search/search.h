#pragma once
// Search over the index for one user: query parsing, visibility, filters, facets, snippets,
// spelling, suggestions and similar items. Every count, term and title it returns comes from
// items the user may see (DESIGN.md "No leak").
//
// What a search costs, whatever the size of the corpus (measured by bench/run.sh):
//   - ranking: one BM25 pass for the best RankingOptions::rerank_depth matches (60; as many as
//     the page needs if more), then the feedback and title boosts scored over those 60 alone and
//     added, with the signals, to their text scores (matches beyond them keep BM25 order); the
//     feedback's candidate terms' frequencies read once per snapshot (term_freqs.h); for a few
//     plain words under who may see what and org, kind or community filters, on one local
//     database, that pass walks the words' postings kept per snapshot with MaxScore instead of
//     Xapian's matcher, with the same weights and order (first_pass.h);
//   - counts: one unscored pass up to kCountBound (10,000) matches reading the facet values of
//     the first kFacetBound (1,000), and one per active facet filter (match_counts.h); the
//     pass stops at kFacetBound when kCountBound matches are known already: found by the
//     ranking pass (on one reader the counts follow it) or held by one of the query's top-level
//     words (term_bound.h, counted once per snapshot and visibility class);
//   - phrases: filtered by their matches, found once per shard snapshot (phrase_matches.h), so
//     positions are read where the phrase is: in the ranking each phrase outside a synonym
//     group and each group of phrases and rare terms as a whole, in the counts (which run the
//     query reduced to its matches) every phrase;
//   - visibility: with local shards, a bitmap per shard snapshot and visibility class
//     (visible_docs.h), built on the first search after a commit; the audience terms otherwise;
//   - paging: page x per_page up to kCountBound (InvalidInput above it);
//   - facets: every value of the counted matches counted, the SearchParams::facet_limit most
//     frequent of each dimension (10) and those the search filters on listed;
//   - snippets for the page's results; a spelling check only when a word is unknown, each of
//     its lookups stopping at the first visible match.
// km-server runs the counts and the spelling check on a second reader, in parallel with the
// ranking and the snippets (the `counting` argument of search()).
// What it guarantees: totals and facet counts exact up to those bounds and lower bounds beyond
// them (total_exact, facets_exact); the visibility filter in every pass.
//
// Functions take a Xapian::Database leased by the caller (one thread at a time). Throws
// km::core::InvalidInput for bad parameters or query syntax, NotFound for an invisible or
// unknown item; Xapian errors propagate.
#include <xapian.h>

#include <nlohmann/json.hpp>
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "core/user.h"
#include "search/ranking.h"
#include "taxonomy/concept_graph.h"

namespace km::search {

enum class SortOrder { relevance, newest };

struct SearchParams {
  std::string q;
  std::vector<std::string> org, kind, community, concepts, status;  // OR within, AND across
  std::string from, to;  // ISO dates, on the updated date, inclusive
  SortOrder sort = SortOrder::relevance;
  int page = 1;
  int per_page = 10;
  // Values listed per facet dimension, most first (0: all); the active filters' values are
  // listed beyond them. The answer's facets_distinct tells how many each dimension holds.
  std::size_t facet_limit = 10;
  bool include_retired = false;  // km_lead and admin only
  bool expand = true;            // cross-vocabulary expansion through the taxonomy
  bool include_related = false;  // also expand along relatedMatch
  // Evaluation only (km-eval): no visibility filter, every non-retired item counts. Never set
  // from an HTTP request — parse_search_params() leaves it false.
  bool unrestricted = false;
  // The day the signals judge freshness on ("YYYY-MM-DD"); empty: today (UTC). km-eval --today
  // only, so that judged figures do not move as items pass their review-by dates.
  std::string today;
  RankingOptions ranking;
};

// `graph` gives concept labels, narrower concepts for the concept filter, and expansions.
// With `counting`, a second reader of the same index, the counts and the spelling check run on
// it in a thread of their own while this one ranks and renders: the page takes the longer of
// the two, not their sum (readers leased together may be one commit apart: the counts then
// include or miss an item the results do not).
nlohmann::json search(Xapian::Database& db, const core::User& user, const SearchParams& params,
                      const taxonomy::ConceptGraph& graph, Xapian::Database* counting = nullptr);

// The same ranking as search(), without rendering the page (snippets, reasons, facets, spelling):
// the ids of the page's items, best first. For km-eval, which judges and times the ranking.
std::vector<std::string> search_ids(Xapian::Database& db, const core::User& user, const SearchParams& params,
                                    const taxonomy::ConceptGraph& graph);

// Completions of `prefix`: past queries that found something (`past_queries`, most frequent
// first — offered only when all their words find an item this user may see together), titles
// of visible items, then concept labels.
nlohmann::json suggest(Xapian::Database& db, const core::User& user, const std::string& prefix, int limit,
                       const taxonomy::ConceptGraph& graph, const std::vector<std::string>& past_queries = {});

// Visible items most like `id` (relevance-set expansion); NotFound if `id` is not visible.
nlohmann::json similar(Xapian::Database& db, const core::User& user, const std::string& id, int limit,
                       const taxonomy::ConceptGraph& graph);

}  // namespace km::search
