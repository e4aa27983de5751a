#include "taxonomy/suggestions.h"

#include <algorithm>
#include <map>
#include <set>
#include <unordered_map>

#include "taxonomy/label_match.h"

namespace km::taxonomy {
namespace {

// Weights of the evidence in a candidate's confidence.
constexpr double kLabelWeight = 0.75;
constexpr double kStructureWeight = 0.2;
constexpr double kUsageWeight = 0.1;

// Every concept's labels, prepared once per call.
class FormsCache {
 public:
  explicit FormsCache(const ConceptGraph& graph) {
    for (const Concept& c : graph.concepts()) forms_.emplace(c.id, label_forms(c));
  }
  const std::vector<LabelForms>& of(const Concept& c) const { return forms_.at(c.id); }

 private:
  std::unordered_map<std::string, std::vector<LabelForms>> forms_;
};

struct LabelMatch {
  double score = 0;
  std::string evidence;
};

std::string kind_of(const Label& l) { return l.kind == LabelKind::pref ? "label " : "alternative label "; }

// Best likeness between any of the concept's labels (every language) and any label of the
// candidate or of the other org's concepts already mapped to it.
LabelMatch label_match(const ConceptGraph& graph, const FormsCache& forms, const Concept& local, const Concept& shared) {
  LabelMatch best;
  auto consider = [&](const Concept& other, const std::string& whose) {
    const std::vector<LabelForms>& theirs = forms.of(other);
    for (const LabelForms& a : forms.of(local)) {
      // A false friend: matched in another language although the candidate speaks this one.
      const bool speaks = std::any_of(theirs.begin(), theirs.end(), [&](const LabelForms& b) {
        return !a.label.lang.empty() && primary_language(b.label.lang) == primary_language(a.label.lang);
      });
      for (const LabelForms& b : theirs) {
        LabelSimilarity sim = compare_labels(a, b);
        if (speaks && !same_language(a.label, b.label)) sim.score *= 0.75;
        if (sim.score > best.score) {
          best.score = sim.score;
          best.evidence = kind_of(a.label) + quoted(a.label) + " ~ " + kind_of(b.label) + quoted(b.label) + " of " + whose +
                          " \"" + other.pref_label + "\" (" + sim.how + ")";
        }
      }
    }
  };
  consider(shared, "shared");
  for (const Mapping* m : graph.approved_to(shared.id)) {
    if (m->source == local.id) continue;  // never its own mapping
    if (const Concept* peer = graph.find(m->source)) consider(*peer, graph.owner(peer->id));
  }
  return best;
}

// The shared concepts the concept's parents map to (exact or close), excluding itself.
std::set<std::string> parent_targets(const ConceptGraph& graph, const Concept& local) {
  std::set<std::string> out;
  for (const auto& parent : local.broader) {
    for (const Mapping* m : graph.approved_from(parent)) {
      if (m->relation == Relation::exactMatch || m->relation == Relation::closeMatch) out.insert(m->target);
    }
  }
  return out;
}

// For each shared concept, the share of the concept's items that reach it through their other
// concepts.
std::map<std::string, double> usage_of(const ConceptGraph& graph, const std::string& concept_id,
                                       const std::vector<ItemConcepts>& items) {
  std::map<std::string, double> counts;
  std::size_t tagged = 0;
  for (const ItemConcepts& item : items) {
    if (std::find(item.concepts.begin(), item.concepts.end(), concept_id) == item.concepts.end()) continue;
    ++tagged;
    std::vector<std::string> others;
    for (const auto& c : item.concepts) {
      if (c != concept_id) others.push_back(c);
    }
    for (const auto& reached : graph.index_concepts(others)) {
      if (graph.is_shared(reached)) counts[reached] += 1;
    }
  }
  for (auto& [k, v] : counts) v /= static_cast<double>(tagged);
  return counts;
}

Candidate score_candidate(const ConceptGraph& graph, const Concept& shared, const LabelMatch& labels, double label_score,
                          const std::set<std::string>& parents, const std::map<std::string, double>& usage) {
  Candidate c;
  c.target = shared.id;
  double structure = 0;
  for (const auto& b : shared.broader) {
    if (parents.count(b)) {
      structure = 1;
      c.evidence.push_back("parent maps to \"" + graph.label(b) + "\", the candidate's parent");
    }
  }
  auto u = usage.find(shared.id);
  double used = u == usage.end() ? 0 : u->second;
  if (labels.score > 0) c.evidence.insert(c.evidence.begin(), labels.evidence);
  if (used > 0) {
    c.evidence.push_back(std::to_string(static_cast<int>(used * 100)) + "% of its items also reach it");
  }
  c.confidence = std::min(1.0, kLabelWeight * label_score + kStructureWeight * structure + kUsageWeight * used);
  c.relation = labels.score >= 0.9 ? Relation::exactMatch : Relation::closeMatch;
  return c;
}

// A fuzzy match (below singular/plural) that another candidate matches about as well is a
// guess between them: its label evidence counts for less, down to 70% on a tie.
std::vector<double> ambiguity_discounted(const std::vector<LabelMatch>& matches) {
  std::vector<double> out;
  double first = 0, second = 0;
  for (const auto& m : matches) {
    if (m.score > first) second = first, first = m.score;
    else if (m.score > second) second = m.score;
  }
  for (const auto& m : matches) {
    const double rival = m.score == first ? second : first;
    const double margin = m.score - rival;
    out.push_back(m.score >= 0.9 ? m.score : m.score * std::clamp(0.7 + 3 * margin, 0.7, 1.0));
  }
  return out;
}

}  // namespace

std::vector<Suggestion> suggest_mappings(const ConceptGraph& graph, const std::vector<std::string>& concept_ids,
                                         const std::vector<ItemConcepts>& items, std::size_t limit) {
  std::vector<const Concept*> shared;
  for (const Concept& c : graph.concepts()) {
    if (graph.is_shared(c.id) && c.status == ConceptStatus::active) shared.push_back(&c);
  }
  std::vector<Suggestion> out;
  const FormsCache forms(graph);
  for (const auto& id : concept_ids) {
    const Concept* local = graph.find(id);
    if (!local) continue;
    const auto parents = parent_targets(graph, *local);
    const auto usage = usage_of(graph, id, items);
    std::set<std::string> rejected;
    for (const Mapping& m : graph.mappings()) {
      if (m.source == id && m.status == MappingStatus::rejected) rejected.insert(m.target);
    }
    std::vector<LabelMatch> matches;
    for (const Concept* candidate : shared) matches.push_back(label_match(graph, forms, *local, *candidate));
    const std::vector<double> label_scores = ambiguity_discounted(matches);
    Suggestion s{id, {}};
    std::vector<double> exactness;
    for (std::size_t i = 0; i < shared.size(); ++i) {
      Candidate c = score_candidate(graph, *shared[i], matches[i], label_scores[i], parents, usage);
      if (c.confidence > 0.05 && rejected.count(c.target) == 0) {
        s.candidates.push_back(std::move(c));
        exactness.push_back(matches[i].score);
      }
    }
    // Best first; on equal confidence the more exact label match first.
    std::vector<std::size_t> order(s.candidates.size());
    for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
      if (s.candidates[a].confidence != s.candidates[b].confidence) return s.candidates[a].confidence > s.candidates[b].confidence;
      return exactness[a] > exactness[b];
    });
    std::vector<Candidate> sorted;
    for (std::size_t i = 0; i < order.size() && i < limit; ++i) sorted.push_back(std::move(s.candidates[order[i]]));
    s.candidates = std::move(sorted);
    out.push_back(std::move(s));
  }
  return out;
}

}  // namespace km::taxonomy
