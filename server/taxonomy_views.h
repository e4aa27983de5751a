#pragma once
// What the taxonomy endpoints show a user: concept trees with the counts of items the user
// may see, and the visible items' concepts that feed the alignment report. Every count goes
// through the visibility filter (DESIGN.md "No leak"). Callers lease the Xapian database.
#include <xapian.h>

#include <nlohmann/json.hpp>
#include <vector>

#include "core/user.h"
#include "taxonomy/concept_graph.h"
#include "taxonomy/suggestions.h"

namespace km::server {

// Org and own concepts of every non-retired item the user may see.
std::vector<taxonomy::ItemConcepts> visible_item_concepts(Xapian::Database& db, const core::User& user);

// The scheme as a tree (top concepts first, children nested), each concept with the number of
// visible items indexed under it (its own items, and for shared concepts those that reach it),
// its label in `lang` (English when it has none), every label with its language, its source
// URI and its external links.
nlohmann::json concept_tree(Xapian::Database& db, const core::User& user, const taxonomy::ConceptGraph& graph,
                            const std::string& scheme, const std::string& lang = "en");

}  // namespace km::server
