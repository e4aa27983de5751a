#include "taxonomy/import.h"

#include <SQLiteCpp/Transaction.h>

#include <fstream>
#include <sstream>

#include "core/error.h"
#include "core/text.h"
#include "taxonomy/csv_io.h"
#include "taxonomy/scheme_store.h"
#include "taxonomy/skos_io.h"

namespace km::taxonomy {
namespace {

bool is_csv(const std::string& path) { return path.size() > 4 && path.compare(path.size() - 4, 4, ".csv") == 0; }

// Writes mappings; a mapping whose concepts do not exist fails the whole import.
void write_mappings(SQLite::Database& db, const std::vector<MappingRow>& rows, const std::string& name) {
  MappingStore store(db);
  std::vector<std::string> errors;
  for (const MappingRow& row : rows) {
    try {
      store.put(row.mapping);
      store.mark_items_pending(row.mapping.source);
    } catch (const core::InvalidInput& e) {
      errors.push_back(name + ":" + std::to_string(row.line) + ": " + e.what());
    }
  }
  if (!errors.empty()) {
    std::string message;
    for (const auto& e : errors) message += (message.empty() ? "" : "\n") + e;
    throw core::InvalidInput(message);
  }
}

}  // namespace

ImportSummary import_scheme(SQLite::Database& db, const std::string& path, Scheme head) {
  const std::string text = core::read_file_text(path);
  SkosDocument doc;
  if (is_csv(path)) doc.scheme = read_scheme_csv(text, path, std::move(head));
  else doc = read_skos(text, rdf_format_of(path), path, std::move(head));
  SQLite::Transaction tx(db, SQLite::TransactionBehavior::IMMEDIATE);
  SchemeStore(db).replace_scheme(doc.scheme);
  std::vector<MappingRow> rows;
  for (const Mapping& m : doc.mappings) rows.push_back({0, m});
  write_mappings(db, rows, path);
  ImportSummary summary{doc.scheme.concepts.size(), doc.mappings.size()};
  // Hierarchy changes move ancestors, so every tagged item may index differently.
  db.exec("UPDATE items SET index_pending = 1 WHERE id IN (SELECT item_id FROM item_concepts)");
  tx.commit();
  return summary;
}

ImportSummary import_mappings(SQLite::Database& db, const std::string& path, const std::string& by) {
  if (!is_csv(path)) throw core::InvalidInput(path + ": mappings are imported from .csv (SKOS files carry theirs)");
  std::vector<MappingRow> rows = read_mappings_csv(core::read_file_text(path), path);
  for (MappingRow& row : rows) row.mapping.updated_by = by;
  SQLite::Transaction tx(db, SQLite::TransactionBehavior::IMMEDIATE);
  write_mappings(db, rows, path);
  ImportSummary summary{0, rows.size()};
  tx.commit();
  return summary;
}

std::size_t apply_mapping(SQLite::Database& db, const Mapping& mapping) {
  SQLite::Transaction tx(db, SQLite::TransactionBehavior::IMMEDIATE);
  MappingStore store(db);
  store.put(mapping);
  std::size_t marked = store.mark_items_pending(mapping.source);
  tx.commit();
  return marked;
}

}  // namespace km::taxonomy
