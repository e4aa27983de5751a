#include "search/match_counts.h"

#include <map>

#include "core/index_schema.h"

namespace km::search {
namespace schema = core::schema;
namespace {

// Only Xapian's own match spies and bounds: a remote shard (xapian-tcpsrv) runs a pass's spies
// on its side and knows no class of ours.

// The counts of one dimension: a ValueCountMatchSpy counts each distinct value of its slot; a
// slot of several values separated by '\n' (the concepts) is counted by its combinations, which
// are split here.
std::map<std::string, Xapian::doccount> value_counts(const Xapian::ValueCountMatchSpy& spy) {
  std::map<std::string, Xapian::doccount> counts;
  for (auto v = spy.values_begin(); v != spy.values_end(); ++v) {
    const std::string values = *v;
    std::size_t start = 0;
    while (start < values.size()) {
      const std::size_t end = std::min(values.find('\n', start), values.size());
      if (end > start) counts[values.substr(start, end - start)] += v.get_termfreq();
      start = end + 1;
    }
  }
  return counts;
}

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
// matcher stop once it has seen `bound` documents, and the spies see those). How many it
// found, and whether that is all (a count Xapian knows exactly beyond the bound is not: the
// spies did not see those matches).
struct Seen {
  Xapian::doccount matches = 0;
  bool all = true;
};
Seen count_pass(Xapian::Database& db, const Xapian::Query& query, const std::vector<Xapian::MatchSpy*>& spies,
                Xapian::doccount bound) {
  Xapian::Enquire enquire(db);
  enquire.set_weighting_scheme(Xapian::BoolWeight());
  enquire.set_query(query);
  for (Xapian::MatchSpy* spy : spies) enquire.add_matchspy(spy);
  const Xapian::MSet mset = enquire.get_mset(0, 0, bound);
  const bool all = mset.get_matches_lower_bound() == mset.get_matches_upper_bound() && mset.get_matches_lower_bound() <= bound;
  return {all ? mset.get_matches_lower_bound() : bound, all};
}

nlohmann::json facet_values(const Dimension& d, const Xapian::ValueCountMatchSpy& spy, const taxonomy::ConceptGraph& graph) {
  nlohmann::json values = nlohmann::json::array();
  for (const auto& [value, n] : value_counts(spy)) {
    values.push_back({{"value", value}, {"label", d.facet == Facet::concept_id ? graph.label(value) : value}, {"count", n}});
  }
  std::stable_sort(values.begin(), values.end(), [](const auto& a, const auto& b) { return a["count"] > b["count"]; });
  return values;
}

}  // namespace

MatchCounts count_matches(Xapian::Database& db, const Xapian::Query& text,
                          const std::function<Xapian::Query(Facet skip)>& filter,
                          const std::function<bool(Facet)>& active, const taxonomy::ConceptGraph& graph) {
  std::map<Facet, Xapian::ValueCountMatchSpy> spies;
  for (const Dimension& d : kDimensions) spies.try_emplace(d.facet, d.slot);
  MatchCounts out;
  // Dimensions without an active filter count under the full filter, in the first kFacetBound
  // matches; if that pass saw every match it also gives the total, else a pass without spies
  // counts up to kCountBound. A dimension with a filter counts in a pass of its own without it.
  std::vector<Xapian::MatchSpy*> shared;
  for (const Dimension& d : kDimensions) {
    if (!active(d.facet)) shared.push_back(&spies.at(d.facet));
  }
  const Xapian::Query all_filters(Xapian::Query::OP_FILTER, text, filter(Facet::none));
  Seen total = count_pass(db, all_filters, shared, kFacetBound);
  bool facets_exact = total.all;
  if (!total.all) total = count_pass(db, all_filters, {}, kCountBound);
  out.total = total.matches;
  out.total_exact = total.all;
  for (const Dimension& d : kDimensions) {
    if (active(d.facet)) {
      facets_exact &= count_pass(db, Xapian::Query(Xapian::Query::OP_FILTER, text, filter(d.facet)), {&spies.at(d.facet)},
                                 kFacetBound).all;
    }
  }
  out.facets_exact = facets_exact;
  out.facets = nlohmann::json::object();
  for (const Dimension& d : kDimensions) out.facets[d.name] = facet_values(d, spies.at(d.facet), graph);
  return out;
}

}  // namespace km::search
