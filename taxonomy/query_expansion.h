#pragma once
// Cross-vocabulary query expansion: a query that names a concept by one of its labels in any
// scheme also looks for the labels of the concepts aligned with it in the other schemes.
//
// Words are matched against labels by their stems, longest label first, without overlap
// ("case escalation" may match "case" and "escalation", or a two-word label). Expansions
// follow approved mappings through the shared scheme: local -> shared -> other local. Their
// weight follows the weakest relation on the path: exact and close 1.0, broad and narrow 0.5,
// related 0.25 and only when asked for. Pure functions; thread-safe.
#include <string>
#include <vector>

#include "taxonomy/concept_graph.h"

namespace km::taxonomy {

struct Expansion {
  std::string matched;       // the query's words that named the concept (lower case)
  std::string from_concept;  // the concept they named
  std::string concept_id;    // the aligned concept
  std::string label;         // the label to search for
  std::string owner;         // org of the aligned concept's scheme, or "shared"
  Relation relation;         // weakest relation on the path
  double weight;
  // e.g. "case" ≈ partner "ticket" (exactMatch)
  std::string reason() const;
};

// The query's words in order, grouped into spans: a span that names a concept carries the
// expansions of that concept; other spans are single words with none.
struct QuerySpan {
  std::string text;
  std::vector<Expansion> expansions;
};

std::vector<QuerySpan> expand_query(const ConceptGraph& graph, const std::string& query, bool include_related = false);

}  // namespace km::taxonomy
