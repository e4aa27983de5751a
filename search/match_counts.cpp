#include "search/match_counts.h"

#include <map>

#include "core/index_schema.h"

namespace km::search {
namespace schema = core::schema;
namespace {

// Counts each value of a slot that may hold several values separated by '\n' (the concepts
// slot; a single value otherwise) in the first kFacetBound documents it sees.
class MultiValueCountSpy : public Xapian::MatchSpy {
 public:
  explicit MultiValueCountSpy(Xapian::valueno slot) : slot_(slot) {}
  void operator()(const Xapian::Document& doc, double) override {
    if (++seen_ > kFacetBound) return;
    const std::string values = doc.get_value(slot_);
    std::size_t start = 0;
    while (start < values.size()) {
      std::size_t end = std::min(values.find('\n', start), values.size());
      if (end > start) ++counts_[values.substr(start, end - start)];
      start = end + 1;
    }
  }
  const std::map<std::string, Xapian::doccount>& counts() const { return counts_; }
  bool exhaustive() const { return seen_ <= kFacetBound; }

 private:
  Xapian::valueno slot_;
  Xapian::doccount seen_ = 0;
  std::map<std::string, Xapian::doccount> counts_;
};

// Counts the documents a pass sees.
class CountSpy : public Xapian::MatchSpy {
 public:
  void operator()(const Xapian::Document&, double) override { ++seen_; }
  Xapian::doccount seen() const { return seen_; }

 private:
  Xapian::doccount seen_ = 0;
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
// matcher stop once it has seen `bound` documents). Whether it saw every match.
bool count_pass(Xapian::Database& db, const Xapian::Query& query, const std::vector<Xapian::MatchSpy*>& spies,
                CountSpy& seen, Xapian::doccount bound) {
  Xapian::Enquire enquire(db);
  enquire.set_weighting_scheme(Xapian::BoolWeight());
  enquire.set_query(query);
  enquire.add_matchspy(&seen);
  for (Xapian::MatchSpy* spy : spies) enquire.add_matchspy(spy);
  const Xapian::MSet mset = enquire.get_mset(0, 0, bound);
  return seen.seen() < bound || mset.get_matches_upper_bound() == seen.seen();
}

nlohmann::json facet_values(const Dimension& d, const MultiValueCountSpy& spy, const taxonomy::ConceptGraph& graph) {
  nlohmann::json values = nlohmann::json::array();
  for (const auto& [value, n] : spy.counts()) {
    values.push_back({{"value", value}, {"label", d.facet == Facet::concept_id ? graph.label(value) : value}, {"count", n}});
  }
  std::stable_sort(values.begin(), values.end(), [](const auto& a, const auto& b) { return a["count"] > b["count"]; });
  return values;
}

}  // namespace

MatchCounts count_matches(Xapian::Database& db, const Xapian::Query& text,
                          const std::function<Xapian::Query(Facet skip)>& filter,
                          const std::function<bool(Facet)>& active, const taxonomy::ConceptGraph& graph) {
  std::map<Facet, MultiValueCountSpy> spies;
  for (const Dimension& d : kDimensions) spies.try_emplace(d.facet, d.slot);
  MatchCounts out;
  // Dimensions without an active filter count under the full filter: they share the pass that
  // also gives the total. A dimension with a filter counts in a pass of its own without it.
  std::vector<Xapian::MatchSpy*> shared;
  for (const Dimension& d : kDimensions) {
    if (!active(d.facet)) shared.push_back(&spies.at(d.facet));
  }
  CountSpy matches;
  const bool exact = count_pass(db, Xapian::Query(Xapian::Query::OP_FILTER, text, filter(Facet::none)), shared, matches,
                                kCountBound);
  out.total = matches.seen();
  out.total_exact = exact;
  out.facets_exact = true;
  for (const Dimension& d : kDimensions) {
    if (!active(d.facet)) continue;
    // Only facet values are wanted here: one match past kFacetBound tells they are not all.
    CountSpy seen;
    count_pass(db, Xapian::Query(Xapian::Query::OP_FILTER, text, filter(d.facet)), {&spies.at(d.facet)}, seen,
               kFacetBound + 1);
  }
  for (const auto& [facet, spy] : spies) out.facets_exact &= spy.exhaustive();
  out.facets = nlohmann::json::object();
  for (const Dimension& d : kDimensions) out.facets[d.name] = facet_values(d, spies.at(d.facet), graph);
  return out;
}

}  // namespace km::search
