#include "search/match_counts.h"

#include <algorithm>
#include <map>
#include <optional>
#include <string_view>
#include <unordered_map>

#include "core/index_layout.h"
#include "core/index_schema.h"
#include "search/doc_values.h"
#include "search/query_terms.h"
#include "search/snapshot_cache.h"
#include "search/term_postings.h"
#include "search/visible_docs.h"

namespace km::search {
namespace schema = core::schema;
namespace {

// Hashes std::string and std::string_view alike, so a Counts is searched by string_view.
struct TextHash {
  using is_transparent = void;
  std::size_t operator()(std::string_view text) const { return std::hash<std::string_view>()(text); }
};
using Counts = std::unordered_map<std::string, Xapian::doccount, TextHash, std::equal_to<>>;

// Adds `n` to each value of `values` (several in the concepts slot: core/index_schema.h).
void add_values(const std::string& values, Xapian::doccount n, Counts& counts) {
  schema::for_each_listed_id(values, [&](std::string_view value) {
    auto entry = counts.find(value);
    if (entry == counts.end()) entry = counts.emplace(value, 0).first;
    entry->second += n;
  });
}

// The values of some slots in the first `limit` documents a pass sees, and only those.
// A class of ours, so not for remote shards (count_matches falls back to BuiltinCounter there).
// With the snapshot's DocValues (one local database) a document's values are array lookups,
// counted by code; else they are read from the document. Several local shards are counted one
// by one (count_local): read as one database, Xapian's matcher would not stop at a pass's bound
// (it sees every match: 8,400 for a common word at 20,000 items in 2 shards, where one database
// stops at 1,000), and it hands a spy a shard's own document number.
class FirstMatches : public Xapian::MatchSpy {
 public:
  FirstMatches(std::vector<Xapian::valueno> slots, std::shared_ptr<const DocValues> values, Xapian::doccount limit)
      : slots_(std::move(slots)), values_(std::move(values)), limit_(limit), counts_(slots_.size()), coded_(slots_.size()) {
    if (!values_) return;
    for (std::size_t i = 0; i < slots_.size(); ++i) coded_[i].assign(values_->codes(slots_[i]), 0);
  }
  void operator()(const Xapian::Document& doc, double) override {
    if (read_ >= limit_) return;
    ++read_;
    for (std::size_t i = 0; i < slots_.size(); ++i) {
      if (values_) ++coded_[i][values_->code(slots_[i], doc.get_docid())];
      else add_values(doc.get_value(slots_[i]), 1, counts_[i]);
    }
  }
  // The same for a match found without Xapian's matcher (needs the DocValues).
  void add(Xapian::docid did) {
    if (read_ >= limit_) return;
    ++read_;
    for (std::size_t i = 0; i < slots_.size(); ++i) ++coded_[i][values_->code(slots_[i], did)];
  }
  // How many documents' values were counted.
  Xapian::doccount read() const { return read_; }
  Counts counts(Xapian::valueno slot) const {
    const std::size_t i = static_cast<std::size_t>(std::find(slots_.begin(), slots_.end(), slot) - slots_.begin());
    if (!values_) return counts_.at(i);
    // Each id's count from its codes' (a concept is listed in many combinations of concepts).
    std::vector<Xapian::doccount> by_id(values_->listed_ids(slot).size(), 0);
    for (DocValues::Code code = 1; code < coded_.at(i).size(); ++code) {
      if (coded_[i][code] == 0) continue;
      for (const std::uint32_t id : values_->listed(slot, code)) by_id[id] += coded_[i][code];
    }
    Counts out;
    for (std::size_t id = 0; id < by_id.size(); ++id) {
      if (by_id[id] > 0) out.emplace(values_->listed_ids(slot)[id], by_id[id]);
    }
    return out;
  }

 private:
  std::vector<Xapian::valueno> slots_;
  std::shared_ptr<const DocValues> values_;
  Xapian::doccount limit_;
  Xapian::doccount read_ = 0;
  std::vector<Counts> counts_;                       // by slot, without values_
  std::vector<std::vector<Xapian::doccount>> coded_;  // by slot and code, with values_
};

// Xapian's own ValueCountMatchSpy, which a remote shard (xapian-tcpsrv) runs on its side: it
// counts each distinct value of the slot, so the concepts slot by its combinations, split here.
class BuiltinCounter : public Xapian::ValueCountMatchSpy {
 public:
  using Xapian::ValueCountMatchSpy::ValueCountMatchSpy;
  Counts counts() const {
    Counts out;
    for (auto v = values_begin(); v != values_end(); ++v) add_values(*v, v.get_termfreq(), out);
    return out;
  }
};

struct Dimension {
  const char* name;
  Facet facet;
  Xapian::valueno slot;
};
constexpr Dimension kDimensions[] = {{"org", Facet::org, schema::kOrgSlot},
                                     {"kind", Facet::kind, schema::kKindSlot},
                                     {"community", Facet::community, schema::kCommunitySlot},
                                     {"concept", Facet::concept_id, schema::kConceptsSlot}};

// One counting pass: the matches of `query` up to `bound`, no scores (BoolWeight lets the
// matcher of one database stop once it has seen `bound` documents). How many it found, and
// whether Xapian knows that count exactly.
struct Seen {
  Xapian::doccount matches = 0;
  bool exact = true;
};
Seen count_pass(const Xapian::Database& db, const Xapian::Query& query, const std::vector<Xapian::MatchSpy*>& spies,
                Xapian::doccount bound) {
  Xapian::Enquire enquire(db);
  enquire.set_weighting_scheme(Xapian::BoolWeight());
  enquire.set_query(query);
  for (Xapian::MatchSpy* spy : spies) enquire.add_matchspy(spy);
  const Xapian::MSet mset = enquire.get_mset(0, 0, bound);
  return {mset.get_matches_lower_bound(), mset.get_matches_lower_bound() == mset.get_matches_upper_bound()};
}

// A term's documents in ascending order, walked once: from its kept postings where its list is
// short enough to keep (TermPostingsCache::kMaxPostings) and the shard has a snapshot to keep
// it by; else read from Xapian as walked (a long list, of which a count bounded at kFacetBound
// reads only the first chunks).
class Cursor {
 public:
  Cursor(const Xapian::Database& shard, const std::optional<std::string>& snapshot, const std::string& term) {
    if (snapshot && shard.get_termfreq(term) <= TermPostingsCache::kMaxPostings) {
      kept_ = TermPostingsCache::get(shard, *snapshot, term);
      at_ = kept_->docs().data();
      end_ = at_ + kept_->docs().size();
    } else {
      it_ = shard.postlist_begin(term);
      stop_ = shard.postlist_end(term);
    }
  }
  bool done() const { return kept_ ? at_ == end_ : it_ == stop_; }
  Xapian::docid docid() const { return kept_ ? *at_ : *it_; }
  void next() {
    if (kept_) ++at_;
    else ++it_;
  }

 private:
  std::shared_ptr<const TermPostings> kept_;
  const Xapian::docid* at_ = nullptr;
  const Xapian::docid* end_ = nullptr;
  Xapian::PostingIterator it_, stop_;
};

// The counting pass of count_pass() without Xapian's matcher, for `terms` ORed (their lists
// kept for `snapshot`, the shard's snapshot_key_of_parts(), where it has one): the union of
// their documents that `accept` takes, in document order as the unweighted matcher walks it, up
// to `bound` matches (exact when it found no match beyond them), each of the first ones handed
// to `first`.
Seen count_ored(const Xapian::Database& shard, const std::optional<std::string>& snapshot, const std::vector<std::string>& terms,
                const PlainCheck& accept, FirstMatches& first, Xapian::doccount bound) {
  std::vector<Cursor> heads;
  heads.reserve(terms.size());
  for (const std::string& term : terms) {
    heads.emplace_back(shard, snapshot, term);
    if (heads.back().done()) heads.pop_back();
  }
  Seen seen;
  // Whether the walk goes on after `did`.
  const auto take = [&](Xapian::docid did) {
    if (!accept(did)) return true;
    if (seen.matches == bound) {
      seen.exact = false;
      return false;
    }
    ++seen.matches;
    first.add(did);
    return true;
  };
  if (heads.size() == 1) {
    for (Cursor& h = heads.front(); !h.done() && take(h.docid()); h.next()) {
    }
    return seen;
  }
  while (!heads.empty()) {
    Xapian::docid did = heads.front().docid();
    for (const Cursor& h : heads) did = std::min(did, h.docid());
    bool ended = false;
    for (Cursor& h : heads) {
      if (h.docid() != did) continue;
      h.next();
      ended = ended || h.done();
    }
    if (ended) std::erase_if(heads, [](const Cursor& h) { return h.done(); });
    if (!take(did)) break;
  }
  return seen;
}

// The values `listing` lists, most first, then by value.
nlohmann::json facet_values(const Dimension& d, const Counts& counts, const FacetListing& listing,
                            const taxonomy::ConceptGraph& graph) {
  std::vector<const Counts::value_type*> order;
  order.reserve(counts.size());
  for (const auto& entry : counts) order.push_back(&entry);
  const auto most = [](const auto* a, const auto* b) { return a->second != b->second ? a->second > b->second : a->first < b->first; };
  if (listing.limit > 0 && listing.limit < order.size()) {
    const auto limit = order.begin() + static_cast<std::ptrdiff_t>(listing.limit);
    std::partial_sort(order.begin(), limit, order.end(), most);
    const auto keep = listing.keep.find(d.facet);
    const auto kept_end = std::partition(limit, order.end(), [&](const auto* entry) {
      return keep != listing.keep.end() && std::find(keep->second.begin(), keep->second.end(), entry->first) != keep->second.end();
    });
    std::sort(limit, kept_end, most);
    order.erase(kept_end, order.end());
  } else {
    std::sort(order.begin(), order.end(), most);
  }
  nlohmann::json values = nlohmann::json::array();
  for (const auto* entry : order) {
    const std::string& value = entry->first;
    values.push_back({{"value", value}, {"label", d.facet == Facet::concept_id ? graph.label(value) : value}, {"count", entry->second}});
  }
  return values;
}

MatchCounts finish(MatchCounts out, const std::map<Facet, Counts>& counts, const FacetListing& listing,
                   const taxonomy::ConceptGraph& graph) {
  out.facets = nlohmann::json::object();
  out.distinct = nlohmann::json::object();
  for (const Dimension& d : kDimensions) {
    out.facets[d.name] = facet_values(d, counts.at(d.facet), listing, graph);
    out.distinct[d.name] = counts.at(d.facet).size();
  }
  return out;
}

// What the counting passes of the shards counted so far found: their matches up to the bounds,
// and the facet values of their first matches under each dimension's filter.
struct Tally {
  Seen total;
  Xapian::doccount facets_read = 0;  // documents whose values the full-filter pass counted
  std::map<Facet, Seen> own;         // the pass of each dimension with an active filter
  std::map<Facet, Counts> counts;
};

void add(Seen& sum, const Seen& part) {
  sum.matches += part.matches;
  sum.exact &= part.exact;
}

// What is left of `bound` after `used`; at least 1, so that a shard after a full budget is
// still asked whether it holds any match (a total of exactly the bound stays exact).
Xapian::doccount left(Xapian::doccount bound, Xapian::doccount used) { return used < bound ? bound - used : 1; }

// Adds one database's counts to `sum`, within what the databases before it left of the bounds:
// over shards the passes together look at no more matches than one database's would.
// Dimensions without an active filter count under the full filter, in its first matches, in
// the same pass that counts the total. A dimension with a filter counts in a pass of its own
// without it.
void tally_local(const Xapian::Database& db, const Xapian::Query& text, const std::function<Xapian::Query(Facet skip)>& filter,
                 const std::function<bool(Facet)>& active, const PlainFilter* plain, Xapian::doccount count_bound, Tally& sum) {
  std::vector<Xapian::valueno> shared;
  for (const Dimension& d : kDimensions) {
    if (!active(d.facet)) shared.push_back(d.slot);
  }
  const std::shared_ptr<const DocValues> values = DocValues::of(db);
  const Xapian::doccount facets_left = kFacetBound - std::min(sum.facets_read, kFacetBound);
  FirstMatches first(shared, values, facets_left);
  const Xapian::doccount bound = left(count_bound, sum.total.matches);
  std::optional<std::vector<std::string>> terms;
  if (plain && values) terms = ored_terms(text);
  const std::optional<std::string> snapshot = terms ? snapshot_key_of_parts(db) : std::nullopt;  // the kept lists'
  add(sum.total, terms ? count_ored(db, snapshot, *terms, PlainCheck(db, *values, *plain, Facet::none), first, bound)
                       : count_pass(db, Xapian::Query(Xapian::Query::OP_FILTER, text, filter(Facet::none)), {&first}, bound));
  sum.facets_read += first.read();
  auto merge = [&](Facet facet, const Counts& counted) {
    for (const auto& [value, n] : counted) sum.counts[facet][value] += n;
  };
  for (const Dimension& d : kDimensions) {
    if (!active(d.facet)) {
      merge(d.facet, first.counts(d.slot));
      continue;
    }
    Seen& own = sum.own[d.facet];
    FirstMatches counted({d.slot}, values, kFacetBound - std::min(own.matches, kFacetBound));
    const Xapian::doccount own_bound = left(kFacetBound, own.matches);
    add(own, terms ? count_ored(db, snapshot, *terms, PlainCheck(db, *values, *plain, d.facet), counted, own_bound)
                   : count_pass(db, Xapian::Query(Xapian::Query::OP_FILTER, text, filter(d.facet)), {&counted}, own_bound));
    merge(d.facet, counted.counts(d.slot));
  }
}

// The counts of one local database, or of several local shards counted one by one (each
// shard's values are in memory), each within what the ones before it left of the bounds.
// Exact where every shard's are and the sum is within the bounds: then the same as one
// database holding the same items; beyond them, lower bounds as ever.
MatchCounts count_local(const std::vector<const Xapian::Database*>& shards, const Xapian::Query& text,
                        const std::function<Xapian::Query(Facet skip)>& filter, const std::function<bool(Facet)>& active,
                        const PlainFilter* plain, bool beyond_bound, const FacetListing& listing,
                        const taxonomy::ConceptGraph& graph) {
  Tally sum;
  for (const Dimension& d : kDimensions) sum.counts[d.facet];
  const Xapian::doccount count_bound = beyond_bound ? kFacetBound : kCountBound;
  for (const Xapian::Database* shard : shards) tally_local(*shard, text, filter, active, plain, count_bound, sum);
  MatchCounts out;
  out.total_exact = !beyond_bound && sum.total.exact && sum.total.matches <= kCountBound;
  out.total = out.total_exact ? sum.total.matches : kCountBound;
  out.facets_exact = sum.total.exact && sum.total.matches <= kFacetBound;
  for (const auto& [facet, seen] : sum.own) out.facets_exact &= seen.exact && seen.matches <= kFacetBound;
  return finish(std::move(out), sum.counts, listing, graph);
}

// The same counts with Xapian's own match spies, which a remote shard runs on its side: a pass
// up to kFacetBound with the spies, then one up to kCountBound for the total if there are more.
MatchCounts count_builtin(Xapian::Database& db, const Xapian::Query& text, const std::function<Xapian::Query(Facet skip)>& filter,
                          const std::function<bool(Facet)>& active, bool beyond_bound, const FacetListing& listing,
                          const taxonomy::ConceptGraph& graph) {
  std::map<Facet, BuiltinCounter> spies;
  for (const Dimension& d : kDimensions) spies.try_emplace(d.facet, d.slot);
  MatchCounts out;
  std::vector<Xapian::MatchSpy*> shared;
  for (const Dimension& d : kDimensions) {
    if (!active(d.facet)) shared.push_back(&spies.at(d.facet));
  }
  const Xapian::Query all_filters(Xapian::Query::OP_FILTER, text, filter(Facet::none));
  Seen total = count_pass(db, all_filters, shared, kFacetBound);
  out.facets_exact = total.exact && total.matches <= kFacetBound;
  if (!total.exact && !beyond_bound) total = count_pass(db, all_filters, {}, kCountBound);
  out.total_exact = !beyond_bound && total.exact && total.matches <= kCountBound;
  out.total = out.total_exact ? total.matches : kCountBound;
  for (const Dimension& d : kDimensions) {
    if (!active(d.facet)) continue;
    const Seen seen = count_pass(db, Xapian::Query(Xapian::Query::OP_FILTER, text, filter(d.facet)), {&spies.at(d.facet)}, kFacetBound);
    out.facets_exact &= seen.exact && seen.matches <= kFacetBound;
  }
  std::map<Facet, Counts> counts;
  for (const Dimension& d : kDimensions) counts[d.facet] = spies.at(d.facet).counts();
  return finish(std::move(out), counts, listing, graph);
}

}  // namespace

MatchCounts count_matches(Xapian::Database& db, const Xapian::Query& text,
                          const std::function<Xapian::Query(Facet skip)>& filter,
                          const std::function<bool(Facet)>& active, const taxonomy::ConceptGraph& graph,
                          Xapian::doccount known_matches, const PlainFilter* plain, const FacetListing& listing) {
  const bool beyond_bound = known_matches >= kCountBound;
  try {
    return count_local(core::parts_of(db), text, filter, active, plain, beyond_bound, listing, graph);
  } catch (const Xapian::UnimplementedError&) {
    // A remote shard: Xapian cannot send it a match spy of ours (no serialise()).
    return count_builtin(db, text, filter, active, beyond_bound, listing, graph);
  }
}

}  // namespace km::search
