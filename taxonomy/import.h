#pragma once
// Taxonomy changes as one unit each: read a file, validate everything, write it in one
// transaction, and mark the items whose index entries it changes as pending for the index.
// The caller then runs indexer::index_pending() (or the server does) — only those items are
// re-indexed, never the whole index.
//
// Throws km::core::InvalidInput listing every problem ("file:line: reason"); on a throw
// nothing has changed. Not thread-safe (borrows the database handle).
#include <SQLiteCpp/Database.h>

#include <string>

#include "taxonomy/model.h"

namespace km::taxonomy {

struct ImportSummary {
  std::size_t concepts = 0;
  std::size_t mappings = 0;
};

// A scheme from .csv, .ttl or .rdf/.xml (SKOS; its mapping triples are imported too).
// `head` names the scheme (id, and title/org when the file gives none).
ImportSummary import_scheme(SQLite::Database& db, const std::string& path, Scheme head);
// Mappings from .csv (source,relation,target,status,confidence,provenance,note).
ImportSummary import_mappings(SQLite::Database& db, const std::string& path, const std::string& by);
// One mapping written (proposed, approved, rejected...); returns items marked for re-indexing.
std::size_t apply_mapping(SQLite::Database& db, const Mapping& mapping);

}  // namespace km::taxonomy
