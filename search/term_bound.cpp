#include "search/term_bound.h"

#include <algorithm>
#include <atomic>
#include <vector>

#include "core/index_layout.h"
#include "search/match_counts.h"
#include "search/snapshot_cache.h"
#include "search/term_freqs.h"

namespace km::search {
namespace {

std::atomic<std::size_t> counted{0};

// The words whose documents all match `query`: its terms, through OR, synonym, MAX, a weight's
// scaling and the deciding side of AND_MAYBE.
void top_words(const Xapian::Query& query, std::vector<std::string>& out) {
  using Q = Xapian::Query;
  switch (query.get_type()) {
    case Q::LEAF_TERM:
      out.push_back(*query.get_terms_begin());
      return;
    case Q::OP_OR: case Q::OP_SYNONYM: case Q::OP_MAX:
      for (std::size_t i = 0; i < query.get_num_subqueries(); ++i) top_words(query.get_subquery(i), out);
      return;
    case Q::OP_SCALE_WEIGHT: case Q::OP_AND_MAYBE:
      top_words(query.get_subquery(0), out);
      return;
    default:
      return;
  }
}

// The visible documents holding `word`, up to kCountBound, shard by shard (over several shards
// as one database Xapian's matcher would not stop at the bound).
Xapian::doccount count(const Xapian::Database& db, const std::string& word, const Xapian::Query& visible) {
  ++counted;
  Xapian::doccount sum = 0;
  for (const Xapian::Database* part : core::parts_of(db)) {
    Xapian::Enquire enquire(*part);
    enquire.set_weighting_scheme(Xapian::BoolWeight());
    enquire.set_query(Xapian::Query(Xapian::Query::OP_FILTER, Xapian::Query(word), visible));
    sum += enquire.get_mset(0, 0, kCountBound - sum).get_matches_lower_bound();
    if (sum >= kCountBound) return kCountBound;
  }
  return sum;
}

}  // namespace

Xapian::doccount term_bound(const Xapian::Database& db, const Xapian::Query& text, const Xapian::Query& visible,
                            const std::string& visibility_key) {
  static SnapshotCache<Xapian::doccount> cache(20000);  // a few dozen bytes each
  const std::optional<std::string> snapshot = snapshot_key_of_parts(db);
  if (!snapshot) return 0;
  std::vector<std::string> words;
  top_words(text, words);
  // Only a word held by kCountBound documents or more can prove the bound: the others are not
  // counted. The commonest first: it is the likeliest to prove it.
  const TermFreqs freq(db);
  std::vector<std::pair<Xapian::doccount, std::string>> common;
  for (std::string& word : words) {
    if (const Xapian::doccount n = freq(word); n >= kCountBound) common.emplace_back(n, std::move(word));
  }
  std::sort(common.begin(), common.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
  Xapian::doccount best = 0;
  for (const auto& entry : common) {
    const std::string& word = entry.second;  // not a structured binding: clang before 16 cannot capture one
    const std::string key = *snapshot + '\n' + visibility_key + '\n' + word;
    best = std::max(best, *cache.get(key, [&] { return std::make_shared<const Xapian::doccount>(count(db, word, visible)); }));
    if (best >= kCountBound) break;
  }
  return best;
}

std::size_t term_bounds_counted() { return counted; }

}  // namespace km::search
