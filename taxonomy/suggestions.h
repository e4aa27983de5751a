#pragma once
// Mapping suggestions: for a local concept, the shared concepts it most likely maps to, with
// a confidence in [0, 1] and the evidence behind it:
//   labels    — normalised, stemmed token overlap between the concept's preferred and
//               alternative labels and those of the shared concept and of the other org's
//               concepts already mapped to it (1.0 for identical words);
//   structure — the concept's parent maps to the candidate's parent;
//   usage     — items tagged with the concept also reach the candidate via other concepts.
// A concept's own mappings are never evidence for itself, so suggestions can be scored
// against a reference alignment that includes them. Pure functions over a ConceptGraph.
#include <string>
#include <vector>

#include "taxonomy/concept_graph.h"

namespace km::taxonomy {

// The own concepts of one item (of an org), as usage evidence. Only items the viewer may see.
struct ItemConcepts {
  std::string org;
  std::vector<std::string> concepts;
};

struct Candidate {
  std::string target;
  Relation relation = Relation::closeMatch;
  double confidence = 0;
  std::vector<std::string> evidence;
};

struct Suggestion {
  std::string concept_id;
  std::vector<Candidate> candidates;  // best first
};

// The best `limit` shared concepts for each of `concept_ids`. A pair that a km_lead rejected (a
// mapping with status rejected in `graph`) is never suggested again.
std::vector<Suggestion> suggest_mappings(const ConceptGraph& graph, const std::vector<std::string>& concept_ids,
                                         const std::vector<ItemConcepts>& items, std::size_t limit = 3);

}  // namespace km::taxonomy
