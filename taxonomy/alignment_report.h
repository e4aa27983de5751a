#pragma once
// The alignment report of one organisation: how its taxonomy maps onto the shared one.
//
//   coverage   — share of local concepts with an approved mapping; share of the org's items
//                whose concepts reach the shared scheme;
//   unmapped   — local concepts without an approved mapping, with their item count and
//                search demand (past searches using one of their labels), most used first;
//   one_way    — shared concepts with items from this org only, or from the other org only;
//   conflicts  — several exactMatch targets, mappings touching deprecated concepts, cycles,
//                broad/narrow mappings that contradict the hierarchy;
//   suggestions — candidate mappings for every unmapped concept, best first.
// Counts come only from `items`, which the caller restricts to what the viewer may see.
// Pure functions; thread-safe.
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "taxonomy/concept_graph.h"
#include "taxonomy/suggestions.h"

namespace km::taxonomy {

struct SearchDemand {
  std::string query;
  std::size_t count = 0;
};

nlohmann::json alignment_report(const ConceptGraph& graph, const std::string& org, const std::vector<ItemConcepts>& items,
                                const std::vector<SearchDemand>& demand);

// The report as CSV (one section per block, "section,..." rows) and as a printable HTML page.
std::string alignment_report_csv(const nlohmann::json& report);
std::string alignment_report_html(const nlohmann::json& report);

}  // namespace km::taxonomy
