#pragma once
// `km-indexer taxonomy ...`: concept schemes, mappings, alignment reports, suggestion scores.
//   import --scheme ID [--title T] [--org ORG] FILE   (.csv, .ttl, .rdf/.xml)
//   mappings FILE                                     (.csv)
//   export --scheme ID [--format csv|ttl|rdf]
//   list
//   report --org ORG [--format json|csv|html]
//   score --reference FILE [--threshold X] [--baseline] [--json]   (CSV of ids, or Alignment API reference.rdf)
// Imports re-index only the items they affect. Returns an exit code; throws km::core errors.
#include <SQLiteCpp/Database.h>

#include <chrono>
#include <map>
#include <ostream>
#include <string>
#include <vector>

#include "core/index_layout.h"

namespace km::indexer {

struct TaxonomyCommand {
  std::vector<std::string> operands;            // after "taxonomy"
  std::map<std::string, std::string> options;   // scheme, title, org, format, reference, threshold, json
  core::IndexLayout index;
  std::chrono::milliseconds lock_wait{30000};
};

int run_taxonomy_command(SQLite::Database& db, const TaxonomyCommand& command, std::ostream& out);

}  // namespace km::indexer
