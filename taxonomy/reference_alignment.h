#pragma once
// Reference alignments to score mapping suggestions against, from either of two formats:
//   .csv — header "source,target", concept ids (data/alignment_reference.csv);
//   .rdf/.xml — the Alignment API format of the Ontology Alignment Evaluation Initiative
//     (reference.rdf: one Cell per pair, entity1 and entity2 as concept URIs, a relation and a
//     measure), the URIs turned into ids through the concepts' stored source URIs.
// Throws km::core::InvalidInput for a malformed file ("file:line: reason") and when no pair
// names a loaded concept (the vocabularies were not imported). Not thread-safe (borrows the
// database handle).
#include <SQLiteCpp/Database.h>

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace km::taxonomy {

using ConceptPairs = std::vector<std::pair<std::string, std::string>>;

// The (entity1, entity2) URI pairs of an Alignment API document, in document order.
ConceptPairs read_alignment_cells(std::string_view text, const std::string& name);
// The reference at `path` as (source id, target id) pairs; a URI that names no loaded concept
// is kept as it is (a pair no suggestion can find).
ConceptPairs read_reference(SQLite::Database& db, const std::string& path);

}  // namespace km::taxonomy
