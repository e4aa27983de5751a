#pragma once
// SchemeStore and MappingStore: concept schemes and mappings in the SQLite store of record.
//
// replace_scheme() swaps a whole scheme (call it inside a transaction) after validating it (unique ids,
// ids prefixed "<scheme>:", broader links inside the scheme, labels present and UTF-8): a bad
// scheme throws km::core::InvalidInput listing every problem and changes nothing.
// Mapping writes validate that the source is a local concept and the target a shared one.
// Both borrow the database handle and are not thread-safe. SQLite errors propagate.
#include <SQLiteCpp/Database.h>

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/km_report.h"
#include "core/statement_cache.h"
#include "taxonomy/model.h"

namespace km::taxonomy {

// Every problem of a scheme, as "concept id: reason" lines (empty when valid).
std::vector<std::string> validate_scheme(const Scheme& scheme);

// Version counter of the taxonomy, bumped by every scheme or mapping write. With `kept` (a cache
// of db's), its statement is kept there.
long taxonomy_version(SQLite::Database& db, core::StatementCache* kept = nullptr);

class SchemeStore {
 public:
  explicit SchemeStore(SQLite::Database& db) : db_(db) {}

  void replace_scheme(const Scheme& scheme);
  std::vector<Scheme> schemes();                     // without concepts
  std::optional<Scheme> scheme(const std::string& id);  // with concepts, in id order
  std::vector<Concept> all_concepts();
  // The concept whose stored source URI is `uri` (see Concept::uri), if any.
  std::optional<std::string> concept_with_uri(const std::string& uri);
  // Whether the concept is in the shared scheme (false: in a local one); none when no loaded
  // scheme has it.
  std::optional<bool> in_shared_scheme(const std::string& concept_id);
  // The URI a concept is exported under: its source URI, else the project's own form.
  std::string concept_uri(const std::string& id);

 private:
  SQLite::Database& db_;
};

class MappingStore {
 public:
  explicit MappingStore(SQLite::Database& db) : db_(db) {}

  // Inserts or replaces the mapping (source, target). Throws InvalidInput when the source is
  // not a local concept or the target not a shared one.
  void put(const Mapping& mapping);
  std::optional<Mapping> get(const std::string& source, const std::string& target);
  // All mappings, optionally only those whose source is in `scheme`.
  std::vector<Mapping> list(const std::string& scheme = "");
  // Per organisation: its active local concepts, and how many an approved mapping aligns
  // with the shared scheme (the KM report's taxonomy coverage).
  std::map<std::string, core::ConceptCoverage> coverage();

 private:
  SQLite::Database& db_;
};

}  // namespace km::taxonomy
