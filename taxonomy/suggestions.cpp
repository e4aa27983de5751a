#include "taxonomy/suggestions.h"

#include <algorithm>
#include <map>
#include <set>
#include <sstream>

namespace km::taxonomy {
namespace {

using Tokens = std::set<std::string>;

Tokens tokens_of(const std::string& key) {
  Tokens out;
  std::istringstream s(key);
  std::string w;
  while (s >> w) out.insert(w);
  return out;
}

std::vector<Tokens> label_tokens(const Concept& c) {
  std::vector<Tokens> out = {tokens_of(label_key(c.pref_label))};
  for (const auto& alt : c.alt_labels) out.push_back(tokens_of(label_key(alt)));
  return out;
}

double jaccard(const Tokens& a, const Tokens& b) {
  if (a.empty() || b.empty()) return 0;
  std::size_t common = 0;
  for (const auto& t : a) common += b.count(t);
  return static_cast<double>(common) / static_cast<double>(a.size() + b.size() - common);
}

struct LabelMatch {
  double score = 0;
  std::string evidence;
};

// Best overlap between the concept's labels and the candidate's (or its mapped concepts').
LabelMatch label_match(const ConceptGraph& graph, const Concept& local, const Concept& shared) {
  LabelMatch best;
  auto consider = [&](const Concept& other, const std::string& how) {
    for (const Tokens& a : label_tokens(local)) {
      for (const Tokens& b : label_tokens(other)) {
        double s = jaccard(a, b);
        if (s > best.score) {
          best.score = s;
          best.evidence = "labels overlap " + std::to_string(static_cast<int>(s * 100)) + "% with " + how + " \"" +
                          other.pref_label + "\"";
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

Candidate score_candidate(const ConceptGraph& graph, const Concept& local, const Concept& shared,
                          const std::set<std::string>& parents, const std::map<std::string, double>& usage) {
  Candidate c;
  c.target = shared.id;
  LabelMatch labels = label_match(graph, local, shared);
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
  c.confidence = std::min(1.0, 0.7 * labels.score + 0.2 * structure + 0.1 * used);
  c.relation = labels.score >= 0.999 ? Relation::exactMatch : Relation::closeMatch;
  return c;
}

}  // namespace

std::vector<Suggestion> suggest_mappings(const ConceptGraph& graph, const std::vector<std::string>& concept_ids,
                                         const std::vector<ItemConcepts>& items, std::size_t limit) {
  std::vector<const Concept*> shared;
  for (const Concept& c : graph.concepts()) {
    if (graph.is_shared(c.id) && c.status == ConceptStatus::active) shared.push_back(&c);
  }
  std::vector<Suggestion> out;
  for (const auto& id : concept_ids) {
    const Concept* local = graph.find(id);
    if (!local) continue;
    const auto parents = parent_targets(graph, *local);
    const auto usage = usage_of(graph, id, items);
    Suggestion s{id, {}};
    for (const Concept* candidate : shared) {
      Candidate c = score_candidate(graph, *local, *candidate, parents, usage);
      if (c.confidence > 0.05) s.candidates.push_back(std::move(c));
    }
    std::stable_sort(s.candidates.begin(), s.candidates.end(),
                     [](const Candidate& a, const Candidate& b) { return a.confidence > b.confidence; });
    if (s.candidates.size() > limit) s.candidates.resize(limit);
    out.push_back(std::move(s));
  }
  return out;
}

}  // namespace km::taxonomy
