#include "taxonomy/routing.h"

#include <SQLiteCpp/Statement.h>
#include <SQLiteCpp/Transaction.h>

#include <fstream>
#include <sstream>

#include "core/csv.h"
#include "core/error.h"
#include "core/text.h"
#include "taxonomy/concept_graph.h"

namespace km::taxonomy {

std::size_t import_routing(SQLite::Database& db, const std::string& path) {
  auto rows = core::parse_csv(core::read_file_text(path));
  if (rows.empty() || rows[0].cells.size() < 2 || core::trim(rows[0].cells[0]) != "concept") {
    throw core::InvalidInput(path + ":1: expected the header 'concept,community'");
  }
  const ConceptGraph graph = ConceptGraph::load(db);
  std::string errors;
  for (std::size_t i = 1; i < rows.size(); ++i) {
    const auto& r = rows[i];
    const std::string where = path + ":" + std::to_string(r.line) + ": ";
    if (!r.error.empty() || r.cells.size() != 2) errors += where + "expected concept,community\n";
    else if (!graph.is_shared(core::trim(r.cells[0]))) errors += where + "'" + r.cells[0] + "' is not a shared concept\n";
  }
  if (!errors.empty()) throw core::InvalidInput(errors.substr(0, errors.size() - 1));
  SQLite::Transaction tx(db, SQLite::TransactionBehavior::IMMEDIATE);
  db.exec("DELETE FROM routing");
  SQLite::Statement add(db, "INSERT OR REPLACE INTO routing(concept, community) VALUES (?, ?)");
  for (std::size_t i = 1; i < rows.size(); ++i) {
    add.bind(1, core::trim(rows[i].cells[0]));
    add.bind(2, core::trim(rows[i].cells[1]));
    add.exec();
    add.reset();
  }
  tx.commit();
  return rows.size() - 1;
}

std::map<std::string, std::string> load_routing(SQLite::Database& db) {
  std::map<std::string, std::string> out;
  SQLite::Statement q(db, "SELECT concept, community FROM routing");
  while (q.executeStep()) out[q.getColumn(0).getString()] = q.getColumn(1).getString();
  return out;
}

}  // namespace km::taxonomy
