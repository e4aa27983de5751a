#include "taxonomy/query_expansion.h"

#include <algorithm>
#include <set>

namespace km::taxonomy {
namespace {

constexpr std::size_t kMaxLabelWords = 5;

int strength(Relation r) {
  switch (r) {
    case Relation::exactMatch: return 4;
    case Relation::closeMatch: return 3;
    case Relation::broadMatch:
    case Relation::narrowMatch: return 2;
    case Relation::relatedMatch: return 1;
  }
  return 0;
}

Relation weakest(Relation a, Relation b) { return strength(a) <= strength(b) ? a : b; }

double weight_of(Relation r) {
  switch (strength(r)) {
    case 4:
    case 3: return 1.0;
    case 2: return 0.5;
    default: return 0.25;
  }
}

struct Target {
  std::string concept_id;
  Relation relation;
};

// Concepts aligned with `id` through approved mappings, with the path's weakest relation.
std::vector<Target> aligned(const ConceptGraph& graph, const std::string& id) {
  std::vector<Target> out;
  auto via_shared = [&](const std::string& shared, Relation first) {
    for (const Mapping* m : graph.approved_to(shared)) {
      if (m->source != id) out.push_back({m->source, weakest(first, m->relation)});
    }
  };
  // The other organisations' concepts come first: when labels coincide, a result is explained
  // in the other org's words ("case" ~ partner "ticket"), which is what the worker needs to see.
  if (graph.is_shared(id)) {
    via_shared(id, Relation::exactMatch);
  } else {
    for (const Mapping* m : graph.approved_from(id)) via_shared(m->target, m->relation);
    for (const Mapping* m : graph.approved_from(id)) out.push_back({m->target, m->relation});
  }
  return out;
}

}  // namespace

std::string Expansion::reason() const {
  return "\"" + matched + "\" \u2248 " + owner + " \"" + label + "\" (" + std::string(to_string(relation)) + ")";
}

std::vector<QuerySpan> expand_query(const ConceptGraph& graph, const std::string& query, bool include_related) {
  const std::vector<std::string> words = words_of(query);
  std::vector<QuerySpan> out;
  std::set<std::string> seen_labels;
  for (const auto& w : words) seen_labels.insert(label_key(w));
  std::size_t i = 0;
  while (i < words.size()) {
    std::size_t matched_len = 0;
    QuerySpan span{words[i], {}};
    for (std::size_t len = std::min(kMaxLabelWords, words.size() - i); len > 0 && matched_len == 0; --len) {
      std::string phrase;
      for (std::size_t k = i; k < i + len; ++k) phrase += (phrase.empty() ? "" : " ") + words[k];
      const auto& named = graph.concepts_with_key(label_key(phrase));
      if (named.empty()) continue;
      matched_len = len;
      span.text = phrase;
      seen_labels.insert(label_key(phrase));
      for (const auto& from : named) {
        for (const Target& t : aligned(graph, from)) {
          if (t.relation == Relation::relatedMatch && !include_related) continue;
          const Concept* c = graph.find(t.concept_id);
          if (!c) continue;
          std::vector<std::string> labels = {c->pref_label};
          labels.insert(labels.end(), c->alt_labels.begin(), c->alt_labels.end());
          for (const auto& label : labels) {
            if (!seen_labels.insert(label_key(label)).second) continue;  // already searched for
            span.expansions.push_back({phrase, from, c->id, label, graph.owner(c->id), t.relation, weight_of(t.relation)});
          }
        }
      }
    }
    i += matched_len ? matched_len : 1;
    out.push_back(std::move(span));
  }
  return out;
}

}  // namespace km::taxonomy
