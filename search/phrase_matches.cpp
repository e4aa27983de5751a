#include "search/phrase_matches.h"

#include <algorithm>
#include <atomic>

#include "search/snapshot_cache.h"
#include "search/term_freqs.h"

namespace km::search {
namespace {

using Ids = SortedDocids::Ids;

std::atomic<std::size_t> found{0};

std::shared_ptr<const Ids> find(const Xapian::Database& shard, const std::vector<std::string>& terms) {
  Xapian::Enquire enquire(shard);
  enquire.set_weighting_scheme(Xapian::BoolWeight());
  enquire.set_docid_order(Xapian::Enquire::ASCENDING);
  enquire.set_query(Xapian::Query(Xapian::Query::OP_PHRASE, terms.begin(), terms.end(),
                                  static_cast<Xapian::termcount>(terms.size())));
  const Xapian::MSet mset = enquire.get_mset(0, shard.get_doccount());
  auto ids = std::make_shared<Ids>(mset.begin(), mset.end());
  std::sort(ids->begin(), ids->end());
  ++found;
  return ids;
}

// Lists by shard snapshot and phrase: four bytes a matching document, a few hundred kilobytes
// for a phrase of very common words at a million items.
std::shared_ptr<const Ids> cached(const Xapian::Database& shard, const std::vector<std::string>& terms) {
  static SnapshotCache<Ids> cache(256);
  std::optional<std::string> key = snapshot_key(shard);
  if (!key) return find(shard, terms);  // no revision to key on (an in-memory shard)
  for (const std::string& t : terms) *key += '\n' + t;
  return cache.get(*key, [&] { return find(shard, terms); });
}

// `type` over `each` of the parts of `query`.
template <typename Each>
Xapian::Query rebuilt(Xapian::Query::op type, const Xapian::Query& query, Each each) {
  std::vector<Xapian::Query> parts;
  for (std::size_t i = 0; i < query.get_num_subqueries(); ++i) parts.push_back(each(query.get_subquery(i)));
  return Xapian::Query(type, parts.begin(), parts.end());
}

// The PhraseMatches of `query` if it is an exact phrase of plain terms; else an empty query.
Xapian::Query phrase_source(const Xapian::Query& query) {
  using Q = Xapian::Query;
  if (query.get_type() != Q::OP_PHRASE) return {};
  std::vector<std::string> terms;
  for (std::size_t i = 0; i < query.get_num_subqueries(); ++i) {
    const Q term = query.get_subquery(i);
    if (term.get_type() != Q::LEAF_TERM) return {};
    terms.push_back(*term.get_terms_begin());
  }
  return Q((new PhraseMatches(std::move(terms)))->release());
}

// A phrase beside its PhraseMatches; anything else as it is.
Xapian::Query phrase_filtered(const Xapian::Query& phrase) {
  const Xapian::Query source = phrase_source(phrase);
  return source.empty() ? phrase : Xapian::Query(Xapian::Query::OP_FILTER, phrase, source);
}

// A synonym group holding a phrase, beside the OR of its members' matches (each phrase's
// PhraseMatches, each term itself) when its terms are rare: see with_phrase_filters().
Xapian::Query synonym_filtered(const Xapian::Query& group, const Xapian::Database& db) {
  using Q = Xapian::Query;
  const TermFreqs termfreq(db);
  std::vector<Q> matches;
  bool phrase = false;
  double terms = 0;  // documents holding the terms, at most
  for (std::size_t i = 0; i < group.get_num_subqueries(); ++i) {
    const Q member = group.get_subquery(i);
    Q source = phrase_source(member);
    if (source.empty() && member.get_type() != Q::LEAF_TERM) return group;
    if (member.get_type() == Q::LEAF_TERM) terms += termfreq(*member.get_terms_begin());
    phrase |= !source.empty();
    matches.push_back(source.empty() ? member : source);
  }
  if (!phrase || terms > kRareTerms * db.get_doccount()) return group;
  return Q(Q::OP_FILTER, group, Q(Q::OP_OR, matches.begin(), matches.end()));
}

}  // namespace

std::size_t PhraseMatches::lists_found() { return found; }

void PhraseMatches::init(const Xapian::Database& db) { walk(cached(db, terms_)); }

bool is_filtered_synonym(const Xapian::Query& query) {
  return query.get_type() == Xapian::Query::OP_FILTER && query.get_subquery(0).get_type() == Xapian::Query::OP_SYNONYM;
}

Xapian::Query with_phrase_filters(const Xapian::Query& query, const Xapian::Database& db) {
  using Q = Xapian::Query;
  switch (const Q::op type = query.get_type()) {
    case Q::OP_PHRASE:
      return phrase_filtered(query);
    case Q::OP_SYNONYM:
      return synonym_filtered(query, db);
    case Q::OP_OR: case Q::OP_AND: case Q::OP_AND_NOT: case Q::OP_XOR: case Q::OP_AND_MAYBE: case Q::OP_FILTER:
    case Q::OP_MAX:
      return rebuilt(type, query, [&](const Q& part) { return with_phrase_filters(part, db); });
    default:
      return query;
  }
}

Xapian::Query matches_only(const Xapian::Query& query) {
  using Q = Xapian::Query;
  switch (const Q::op type = query.get_type()) {
    case Q::OP_PHRASE:
      return phrase_filtered(query);
    case Q::OP_SCALE_WEIGHT:
    case Q::OP_AND_MAYBE:
      return matches_only(query.get_subquery(0));
    case Q::OP_SYNONYM: case Q::OP_MAX:
      return rebuilt(Q::OP_OR, query, matches_only);
    case Q::OP_FILTER:
      if (query.get_subquery(0).get_type() == Q::OP_PHRASE && query.get_subquery(1).get_type() == Q::LEAF_POSTING_SOURCE) {
        return query;  // a phrase with_phrase_filters() has filtered already
      }
      if (is_filtered_synonym(query)) return query.get_subquery(1);  // its matches, found already
      [[fallthrough]];
    case Q::OP_OR: case Q::OP_AND: case Q::OP_AND_NOT: case Q::OP_XOR:
      return rebuilt(type, query, matches_only);
    default:
      return query;
  }
}

}  // namespace km::search
