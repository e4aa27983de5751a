#include "taxonomy/alignment_report.h"

#include <algorithm>
#include <map>
#include <set>

#include "core/error.h"
#include "core/text.h"

namespace km::taxonomy {
namespace {

bool is_equivalence(Relation r) { return r == Relation::exactMatch || r == Relation::closeMatch; }

std::vector<const Concept*> local_concepts(const ConceptGraph& graph, const std::string& org) {
  std::vector<const Concept*> out;
  for (const Concept& c : graph.concepts()) {
    if (graph.owner(c.id) == org) out.push_back(&c);
  }
  return out;
}

// Searches whose words contain one of the concept's labels (as whole stemmed words).
std::size_t demand_for(const Concept& c, const std::vector<SearchDemand>& demand) {
  std::vector<std::string> keys = {label_key(c.pref_label)};
  for (const auto& alt : c.alt_labels) keys.push_back(label_key(alt));
  std::size_t total = 0;
  for (const SearchDemand& d : demand) {
    const std::string query = " " + label_key(d.query) + " ";
    for (const auto& key : keys) {
      if (!key.empty() && query.find(" " + key + " ") != std::string::npos) {
        total += d.count;
        break;
      }
    }
  }
  return total;
}

nlohmann::json coverage(const ConceptGraph& graph, const std::vector<const Concept*>& locals, const std::string& org,
                        const std::vector<ItemConcepts>& items) {
  std::size_t mapped = 0;
  for (const Concept* c : locals) mapped += graph.approved_from(c->id).empty() ? 0 : 1;
  std::size_t org_items = 0, reaching = 0;
  for (const ItemConcepts& item : items) {
    if (item.org != org) continue;
    ++org_items;
    auto reached = graph.index_concepts(item.concepts);
    reaching += std::any_of(reached.begin(), reached.end(), [&](const auto& id) { return graph.is_shared(id); });
  }
  auto share = [](std::size_t part, std::size_t whole) { return whole ? static_cast<double>(part) / static_cast<double>(whole) : 0.0; };
  return {{"local_concepts", locals.size()}, {"mapped_concepts", mapped}, {"concept_share", share(mapped, locals.size())},
          {"items", org_items},               {"items_reaching_shared", reaching}, {"item_share", share(reaching, org_items)}};
}

nlohmann::json one_way(const ConceptGraph& graph, const std::string& org, const std::vector<ItemConcepts>& items) {
  std::map<std::string, std::map<std::string, std::size_t>> per_concept;  // shared concept -> org -> items
  for (const ItemConcepts& item : items) {
    for (const auto& id : graph.index_concepts(item.concepts)) {
      if (graph.is_shared(id)) ++per_concept[id][item.org];
    }
  }
  nlohmann::json out = nlohmann::json::array();
  for (const auto& [id, counts] : per_concept) {
    if (counts.size() != 1) continue;
    const std::string& only = counts.begin()->first;
    out.push_back({{"concept", id}, {"label", graph.label(id)}, {"only_org", only}, {"counts", counts},
                   {"direction", only == org ? "outbound only: the other org contributes nothing here"
                                             : "inbound only: " + org + " contributes nothing here"}});
  }
  return out;
}

nlohmann::json conflict(const std::string& type, const std::string& concept_id, const std::string& detail) {
  return {{"type", type}, {"concept", concept_id}, {"detail", detail}};
}

nlohmann::json conflicts(const ConceptGraph& graph, const std::vector<const Concept*>& locals) {
  nlohmann::json out = nlohmann::json::array();
  for (const Concept* c : locals) {
    auto mappings = graph.approved_from(c->id);
    std::vector<std::string> exact;
    for (const Mapping* m : mappings) {
      if (m->relation == Relation::exactMatch) exact.push_back(m->target);
      const Concept* target = graph.find(m->target);
      if (c->status == ConceptStatus::deprecated || (target && target->status == ConceptStatus::deprecated)) {
        out.push_back(conflict("deprecated", c->id, "approved mapping " + c->id + " -> " + m->target + " involves a deprecated concept"));
      }
      // Where the parent's equivalent sits: the concept must map at or below it.
      for (const auto& parent : c->broader) {
        for (const Mapping* pm : graph.approved_from(parent)) {
          if (!is_equivalence(pm->relation)) continue;
          auto above_parent = graph.ancestors(pm->target);
          bool target_above = std::find(above_parent.begin(), above_parent.end(), m->target) != above_parent.end();
          // Equivalent to something above the parent's match, or "narrower" than the concept
          // while at or above what its parent is: both put the concept above its own parent.
          bool contradicts = (is_equivalence(m->relation) && target_above) ||
                             (m->relation == Relation::narrowMatch && (target_above || m->target == pm->target));
          if (contradicts) {
            out.push_back(conflict("hierarchy", c->id, c->id + " " + std::string(to_string(m->relation)) + " " + m->target +
                                                           ", which is broader than " + pm->target + ", the match of its parent " + parent));
          }
        }
      }
    }
    if (exact.size() > 1) {
      std::string list;
      for (const auto& t : exact) list += (list.empty() ? "" : ", ") + t;
      out.push_back(conflict("multiple_exact", c->id, c->id + " has " + std::to_string(exact.size()) + " exactMatch targets: " + list));
    }
    for (const auto& b : c->broader) {
      auto above = graph.ancestors(b);
      if (b == c->id || std::find(above.begin(), above.end(), c->id) != above.end()) {
        out.push_back(conflict("cycle", c->id, c->id + " is its own ancestor through " + b));
      }
    }
  }
  return out;
}

}  // namespace

nlohmann::json alignment_report(const ConceptGraph& graph, const std::string& org, const std::vector<ItemConcepts>& items,
                                const std::vector<SearchDemand>& demand) {
  const auto locals = local_concepts(graph, org);
  if (locals.empty()) throw core::NotFound("no local scheme for org '" + org + "'");
  std::map<std::string, std::size_t> item_counts;
  for (const ItemConcepts& item : items) {
    for (const auto& c : item.concepts) ++item_counts[c];
  }
  nlohmann::json unmapped = nlohmann::json::array();
  std::vector<std::string> unmapped_ids;
  for (const Concept* c : locals) {
    if (!graph.approved_from(c->id).empty()) continue;
    unmapped_ids.push_back(c->id);
    unmapped.push_back({{"concept", c->id}, {"label", c->pref_label}, {"items", item_counts[c->id]}, {"demand", demand_for(*c, demand)}});
  }
  std::stable_sort(unmapped.begin(), unmapped.end(), [](const auto& a, const auto& b) {
    return std::make_pair(a["items"].template get<std::size_t>(), a["demand"].template get<std::size_t>()) >
           std::make_pair(b["items"].template get<std::size_t>(), b["demand"].template get<std::size_t>());
  });
  nlohmann::json suggestions = nlohmann::json::array();
  for (const Suggestion& s : suggest_mappings(graph, unmapped_ids, items)) {
    nlohmann::json candidates = nlohmann::json::array();
    for (const Candidate& c : s.candidates) {
      candidates.push_back({{"target", c.target}, {"label", graph.label(c.target)}, {"relation", to_string(c.relation)},
                            {"confidence", c.confidence}, {"evidence", c.evidence}});
    }
    suggestions.push_back({{"concept", s.concept_id}, {"label", graph.label(s.concept_id)}, {"candidates", candidates}});
  }
  return {{"org", org},
          {"generated_at", core::utc_timestamp()},
          {"coverage", coverage(graph, locals, org, items)},
          {"unmapped", unmapped},
          {"one_way", one_way(graph, org, items)},
          {"conflicts", conflicts(graph, locals)},
          {"suggestions", suggestions}};
}

}  // namespace km::taxonomy
