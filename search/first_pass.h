#pragma once
// The first pass of a search (plain BM25 over the text query, under the user's filter, best
// first) computed without Xapian's matcher, for the common case.
//
// Why: the first pass was 44% of km-server's CPU at 32 connections and 100,000 items (`perf`,
// 2026-12-05): Xapian decodes each posting list block by block, read with a system call each,
// and weighs every candidate through a tree of virtual calls. Most searches are a few plain
// words ORed; their lists are the same common words query after query, so they are kept per
// snapshot (search/term_postings.h) and weighed here in one walk.
//
// The weights are Xapian's to the last bit, so a page is the same whichever way it was found
// (FirstPassTest compares both on every query shape it handles): BM25Weight (1.4) with k2 = 0,
// k3 = 1 and a query frequency of 1, summed over the same tree of ORs as Xapian's matcher builds
// (OrContext::postlist: the two rarest lists paired first, as a Huffman code, by estimated
// frequency), and the same order (weight, then document number). Documents that cannot reach
// the page are skipped without being weighed (MaxScore, first_pass.cpp).
#include <xapian.h>

#include <optional>
#include <string>
#include <vector>

#include "search/matches.h"
#include "search/plain_filter.h"
#include "search/ranking.h"

namespace km::search {

struct KeptPass {
  Matches best;                  // at most `count`
  Xapian::doccount visible = 0;  // a lower bound on the visible matches (those looked at)
};

// The lists longer than this are left to Xapian's matcher, which skips what cannot reach the
// page: reading such a list whole and weighing every entry costs more (at 1,000,000 items a
// common word is in 400,000 documents).
inline constexpr Xapian::doccount kMaxFirstPassPostings = 131072;

// The `count` best matches, among the documents `filter` lets through, of an OR of `terms` (distinct,
// each a leaf of within-query frequency 1, in the query's order), weighed with `o`'s BM25. None
// where this cannot be computed here: `db` is not one local database with a snapshot and its
// DocValues (for the documents' lengths), a term repeats, is in no document or in more than
// kMaxFirstPassPostings. Thread-safe (the kept lists are shared).
std::optional<KeptPass> kept_first_pass(const Xapian::Database& db, const std::vector<std::string>& terms,
                                        const PlainFilter& filter, Xapian::doccount count, const RankingOptions& o);

// First passes computed here so far (tests: which searches took this way).
std::size_t kept_first_passes();

}  // namespace km::search
