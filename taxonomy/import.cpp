#include "taxonomy/import.h"

#include <SQLiteCpp/Transaction.h>

#include <algorithm>
#include <fstream>
#include <sstream>

#include "core/error.h"
#include "core/item_store.h"
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
  core::ItemStore items(db);
  std::vector<std::string> errors;
  for (const MappingRow& row : rows) {
    try {
      store.put(row.mapping);
      items.mark_tagged_pending(row.mapping.source);  // its items' index entries expand through it
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

// A *Match link's object -> a concept of a loaded scheme: by its stored source URI, else by
// the project's own URI form.
UriResolver loaded_concepts(SQLite::Database& db) {
  return [&db](const std::string& uri) -> std::optional<std::string> {
    SchemeStore store(db);
    if (auto id = store.concept_with_uri(uri)) return id;
    const std::string base = kSkosBase;
    if (uri.rfind(base, 0) != 0) return std::nullopt;
    const std::string rest = uri.substr(base.size());
    const auto slash = rest.find('/');
    if (slash == std::string::npos) return std::nullopt;
    const std::string id = rest.substr(0, slash) + ":" + rest.substr(slash + 1);
    return store.in_shared_scheme(id).has_value() ? std::optional<std::string>(id) : std::nullopt;
  };
}

Relation inverse(Relation r) {
  if (r == Relation::broadMatch) return Relation::narrowMatch;
  if (r == Relation::narrowMatch) return Relation::broadMatch;
  return r;  // exact, close and related are symmetric
}

bool is_shared_scheme(SQLite::Database& db, const std::string& concept_id) {
  return SchemeStore(db).in_shared_scheme(concept_id).value_or(false);
}

// Links resolved into a loaded scheme become mappings local -> shared: a shared scheme's link
// to a local concept is turned round (broad <-> narrow); a link between two local or two shared
// schemes cannot be a mapping and stays an external link.
void orient_mappings(SQLite::Database& db, SkosDocument& doc) {
  const bool importing_shared = doc.scheme.org.empty();
  std::vector<Mapping> kept;
  for (Mapping& m : doc.mappings) {
    const bool target_shared = is_shared_scheme(db, m.target);
    if (!importing_shared && target_shared) {
      kept.push_back(std::move(m));
    } else if (importing_shared && !target_shared) {
      std::swap(m.source, m.target);
      m.relation = inverse(m.relation);
      kept.push_back(std::move(m));
    } else {
      for (Concept& c : doc.scheme.concepts) {
        if (c.id == m.source) c.external_links.push_back({m.relation, SchemeStore(db).concept_uri(m.target)});
      }
    }
  }
  doc.mappings = std::move(kept);
  for (Concept& c : doc.scheme.concepts) std::sort(c.external_links.begin(), c.external_links.end());
}

}  // namespace

ImportSummary import_scheme(SQLite::Database& db, const std::string& path, Scheme head) {
  const std::string text = core::read_file_text(path);
  SkosDocument doc;
  if (is_csv(path)) doc.scheme = read_scheme_csv(text, path, std::move(head));
  else doc = read_skos(text, rdf_format_of(path), path, std::move(head), loaded_concepts(db));
  SQLite::Transaction tx(db, SQLite::TransactionBehavior::IMMEDIATE);
  orient_mappings(db, doc);
  SchemeStore(db).replace_scheme(doc.scheme);
  std::vector<MappingRow> rows;
  for (const Mapping& m : doc.mappings) rows.push_back({0, m});
  write_mappings(db, rows, path);
  ImportSummary summary{doc.scheme.concepts.size(), doc.mappings.size()};
  // Hierarchy changes move ancestors, so every tagged item may index differently.
  core::ItemStore(db).mark_tagged_pending();
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
  MappingStore(db).put(mapping);
  const std::size_t marked = core::ItemStore(db).mark_tagged_pending(mapping.source);
  tx.commit();
  return marked;
}

}  // namespace km::taxonomy
