#include "search/match_counts.h"

#include <map>

#include "core/index_schema.h"

namespace km::search {
namespace schema = core::schema;
namespace {

using Counts = std::map<std::string, Xapian::doccount>;

// Adds one to each value of `values` (several separated by '\n' in the concepts slot).
void add_values(const std::string& values, Xapian::doccount n, Counts& counts) {
  std::size_t start = 0;
  while (start < values.size()) {
    const std::size_t end = std::min(values.find('\n', start), values.size());
    if (end > start) counts[values.substr(start, end - start)] += n;
    start = end + 1;
  }
}

// Counts the values of one slot in the first kFacetBound documents it sees, and only those.
// Over several local shards Xapian's matcher does not stop at a pass's bound: it sees every
// match (8,400 for a common word at 20,000 items in 2 shards, where one database stops at
// 1,000), and reading all their values was half of a page's time. A class of ours, so not for
// remote shards (count_matches falls back to BuiltinCounter there).
class BoundedCounter : public Xapian::MatchSpy {
 public:
  explicit BoundedCounter(Xapian::valueno slot) : slot_(slot) {}
  void operator()(const Xapian::Document& doc, double) override {
    if (++seen_ <= kFacetBound) add_values(doc.get_value(slot_), 1, counts_);
  }
  Counts counts() const { return counts_; }

 private:
  Xapian::valueno slot_;
  Xapian::doccount seen_ = 0;
  Counts counts_;
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
Seen count_pass(Xapian::Database& db, const Xapian::Query& query, const std::vector<Xapian::MatchSpy*>& spies,
                Xapian::doccount bound) {
  Xapian::Enquire enquire(db);
  enquire.set_weighting_scheme(Xapian::BoolWeight());
  enquire.set_query(query);
  for (Xapian::MatchSpy* spy : spies) enquire.add_matchspy(spy);
  const Xapian::MSet mset = enquire.get_mset(0, 0, bound);
  return {mset.get_matches_lower_bound(), mset.get_matches_lower_bound() == mset.get_matches_upper_bound()};
}

nlohmann::json facet_values(const Dimension& d, const Counts& counts, const taxonomy::ConceptGraph& graph) {
  nlohmann::json values = nlohmann::json::array();
  for (const auto& [value, n] : counts) {
    values.push_back({{"value", value}, {"label", d.facet == Facet::concept_id ? graph.label(value) : value}, {"count", n}});
  }
  std::stable_sort(values.begin(), values.end(), [](const auto& a, const auto& b) { return a["count"] > b["count"]; });
  return values;
}

template <typename Counter>
MatchCounts count_with(Xapian::Database& db, const Xapian::Query& text, const std::function<Xapian::Query(Facet skip)>& filter,
                       const std::function<bool(Facet)>& active, const taxonomy::ConceptGraph& graph) {
  std::map<Facet, Counter> spies;
  for (const Dimension& d : kDimensions) spies.try_emplace(d.facet, d.slot);
  MatchCounts out;
  // Dimensions without an active filter count under the full filter, in the first kFacetBound
  // matches; if that pass counted every match it also gives the total, else a pass without
  // spies counts up to kCountBound. A dimension with a filter counts in a pass of its own
  // without it. Facet counts are exact when every match was counted.
  std::vector<Xapian::MatchSpy*> shared;
  for (const Dimension& d : kDimensions) {
    if (!active(d.facet)) shared.push_back(&spies.at(d.facet));
  }
  const Xapian::Query all_filters(Xapian::Query::OP_FILTER, text, filter(Facet::none));
  Seen total = count_pass(db, all_filters, shared, kFacetBound);
  out.facets_exact = total.exact && total.matches <= kFacetBound;
  if (!total.exact) total = count_pass(db, all_filters, {}, kCountBound);
  out.total_exact = total.exact && total.matches <= kCountBound;
  out.total = out.total_exact ? total.matches : kCountBound;
  for (const Dimension& d : kDimensions) {
    if (!active(d.facet)) continue;
    const Seen seen = count_pass(db, Xapian::Query(Xapian::Query::OP_FILTER, text, filter(d.facet)), {&spies.at(d.facet)}, kFacetBound);
    out.facets_exact &= seen.exact && seen.matches <= kFacetBound;
  }
  out.facets = nlohmann::json::object();
  for (const Dimension& d : kDimensions) out.facets[d.name] = facet_values(d, spies.at(d.facet).counts(), graph);
  return out;
}

}  // namespace

MatchCounts count_matches(Xapian::Database& db, const Xapian::Query& text,
                          const std::function<Xapian::Query(Facet skip)>& filter,
                          const std::function<bool(Facet)>& active, const taxonomy::ConceptGraph& graph) {
  try {
    return count_with<BoundedCounter>(db, text, filter, active, graph);
  } catch (const Xapian::UnimplementedError&) {
    // A remote shard: Xapian cannot send it a match spy of ours (no serialise()).
    return count_with<BuiltinCounter>(db, text, filter, active, graph);
  }
}

}  // namespace km::search
