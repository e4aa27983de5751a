#pragma once
// RankingOptions: how search scores, for what a user cannot tune. The defaults are the tuned
// ones (README "Search quality"), measured with km-eval on every collection; km-eval's --set
// overrides them for experiments.
#include <xapian.h>

#include <algorithm>
#include <cmath>
#include <string>
#include <utility>
#include <vector>

#include "search/matches.h"

namespace km::search {

struct RankingOptions {
  double bm25_k1 = 1.2;         // term-frequency saturation (Xapian's own default: 1)
  double bm25_b = 0.75;         // document-length normalisation (Xapian's own default: 0.5)
  bool stopwords = true;        // drop English stop words from free-text queries
  double literal_weight = 0.3;  // words of a span that names a concept, matched one by one beside its synonym group
  double proximity = 0.0;       // weight of adjacent query-word pairs found near each other (0: off)
  unsigned proximity_window = 6;
  double title = 0.4;           // extra weight of query words (and their expansions) found in titles (0: off)
  unsigned prf_docs = 5;        // pseudo-relevance feedback (RM3): top documents to learn from (0: off).
                                // 10 scored the same (Cranfield 0.4176 vs 0.4157, data/eval 0.8248
                                // vs 0.8265) and cost 6% more page time at 100,000 items
  unsigned prf_terms = 15;      // terms of their relevance model added to the query (20 scored the same
                                // and cost 6% more ranking time at 100,000 items)
  double prf_weight = 0.5;      // RM3 interpolation weight of those terms against the query's words
  double prf_max_df = 0.2;      // feedback terms only from words in at most this fraction of the documents
                                // (commoner ones barely reorder, and their long posting lists made
                                // half the cost of re-ranking at 100,000 items)
  // The boosts and signals re-rank the best `rerank_depth` matches of plain BM25 (a rescoring
  // window, as Elasticsearch's rescore: matches beyond it follow in BM25 order, so every page is
  // a slice of one order): bounded work per query whatever the corpus size.
  bool kept_first_pass = true;  // off: every first pass through Xapian's matcher (the same results; for
                                // tests and benchmarks, search/first_pass.h)
  unsigned rerank_depth = 60;   // 150 scored the same (data/eval 0.8263 vs 0.8248, Cranfield 0.4167 vs
                                // 0.4176) and cost 10% more page time at 100,000 items
  // Signals (search/signal_boost.h), added to the text score of every re-ranked match:
  bool signals = true;           // off: rank by text alone (km-eval --set signals=0)
  double signal_neutral = 1.0;   // what a plain draft with no votes gets
  double signal_validated = 0.5; // validated items above drafts
  double signal_vote = 0.3;      // per net helpful vote...
  int signal_max_votes = 5;      // ...counted up to this many either way
  double signal_stale = 0.6;     // items past their review-by date
  double signal_retired = 1.0;   // retired items (seen only by km_leads who ask)

  // Sets one option by name ("bm25_k1", "prf_docs"...). Throws km::core::InvalidInput.
  void set(const std::string& name, const std::string& value);
};

// BM25 with the options' parameters.
Xapian::BM25Weight bm25(const RankingOptions& options);

// That BM25 computed as Xapian's BM25Weight (1.4) computes it, step for step, with k2 = 0, k3 = 1
// and a query frequency of 1: the same bits as the matcher gives, for weighing kept postings
// without it (the boosts below, search/first_pass.h).
class Bm25 {
 public:
  Bm25(const Xapian::Database& db, const RankingOptions& options);
  // A term's weight in `termfreq` of the documents, times `factor` (BM25Weight::init).
  double termweight(double termfreq, double factor = 1) const {
    double tw = (documents_ - termfreq + 0.5) / (termfreq + 0.5);
    if (tw < 2) tw = tw * 0.5 + 1;
    return std::log(tw) * factor * (k1_ + 1);
  }
  // What a document of `length` words adds to the denominator of get_sumpart.
  double length_part(Xapian::termcount length) const {
    return k1_ * (std::max(length * len_factor_, 0.5) * b_ + (1 - b_));  // min_normlen 0.5, as bm25()
  }
  // get_sumpart: the weight of a term of `termweight` found `wdf` times in that document.
  static double weight(double termweight, double wdf, double length_part) { return termweight * (wdf / (length_part + wdf)); }

 private:
  double documents_, len_factor_, k1_, b_;
};

// What re-ranks a first pass's matches: terms weighed one by one, each with its weight factor
// (a term's BM25 weight times it): the feedback (RM3) terms, and the title boost's terms where
// its query ORs distinct plain terms (no expansion applies); and the rest (the title boost of
// an expanded query: synonym groups, phrases; the proximity boost) as a query of Xapian's.
struct Boosts {
  Xapian::Query query;                                // ORed; empty if none applies
  std::vector<std::pair<std::string, double>> terms;  // none if no boost applies
};

// The boosts of a query. `title` is the query over title terms (expansions included, so every
// organisation's words count alike); `words` are the query's plain words in order; `top` is the
// first pass (BM25 over the text query under the user's filter, best first), whose first
// prf_docs documents the feedback learns from. Thread-compatible (uses the caller's db).
Boosts boosts(Xapian::Database& db, const Xapian::Query& title, const Matches& top,
              const std::vector<std::string>& words, const RankingOptions& options);

// What `boosts` adds to the text score of each of the first `window` matches of `top` (all of
// them if fewer), in the order of `top` (0 for a match that holds none of their terms). Scored
// over those documents alone, and without running the text query again: a match's text score
// plus its boost weight is its score under "text AND_MAYBE (boosts ORed)", except that a word in
// both counts its weight in each, as if it appeared once in each (BM25's query-frequency factor
// is not shared).
// - The query's part: Xapian's matcher over those documents, as a posting source over their
//   numbers in each shard; where a remote shard cannot run it (Xapian's remote backend knows
//   only built-in classes), their id terms.
// - The terms: BM25 as Xapian's BM25Weight computes it, from each term's postings kept per
//   snapshot (search/term_postings.h) where every shard is local and the term is in at most
//   TermPostingsCache::kMaxPostings documents; else through the matcher with the query's part.
std::vector<double> boost_weights(Xapian::Database& db, const Boosts& boosts, const Matches& top,
                                  Xapian::doccount window, const RankingOptions& options);

// The unique id term ("Q" + item id) of a document; empty if it has none.
std::string id_term_of(const Xapian::Database& db, Xapian::docid did);

}  // namespace km::search
