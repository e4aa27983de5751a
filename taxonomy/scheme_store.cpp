#include "taxonomy/scheme_store.h"

#include <SQLiteCpp/Statement.h>
#include <SQLiteCpp/Transaction.h>

#include <nlohmann/json.hpp>
#include <map>
#include <set>

#include "core/error.h"
#include "core/text.h"
#include "taxonomy/skos_io.h"

namespace km::taxonomy {
namespace {

std::string join_errors(const std::vector<std::string>& errors) {
  std::string out;
  for (const auto& e : errors) out += (out.empty() ? "" : "\n") + e;
  return out;
}

nlohmann::json labels_json(const Concept& c) {
  nlohmann::json out = nlohmann::json::array();
  for (const Label& l : c.labels) out.push_back({{"kind", to_string(l.kind)}, {"lang", l.lang}, {"text", l.text}});
  return out;
}

nlohmann::json links_json(const Concept& c) {
  nlohmann::json out = nlohmann::json::array();
  for (const ExternalLink& l : c.external_links) out.push_back({{"relation", to_string(l.relation)}, {"uri", l.uri}});
  return out;
}

Concept read_concept(SQLite::Statement& q) {
  Concept c;
  c.id = q.getColumn(0).getString();
  c.scheme = q.getColumn(1).getString();
  c.pref_label = q.getColumn(2).getString();
  c.alt_labels = nlohmann::json::parse(q.getColumn(3).getString()).get<std::vector<std::string>>();
  c.definition = q.getColumn(4).getString();
  c.status = parse_concept_status(q.getColumn(5).getString()).value_or(ConceptStatus::active);
  for (const auto& l : nlohmann::json::parse(q.getColumn(6).getString())) {
    c.labels.push_back({parse_label_kind(l.at("kind").get<std::string>()).value_or(LabelKind::alt), l.at("lang"), l.at("text")});
  }
  c.uri = q.getColumn(7).getString();
  for (const auto& l : nlohmann::json::parse(q.getColumn(8).getString())) {
    c.external_links.push_back({parse_relation(l.at("relation").get<std::string>()).value_or(Relation::relatedMatch), l.at("uri")});
  }
  return c;
}

std::string scheme_of(SQLite::Database& db, const std::string& concept_id) {
  SQLite::Statement q(db, "SELECT c.scheme_id, COALESCE(s.org, '') FROM concepts c JOIN schemes s ON s.id = c.scheme_id "
                          "WHERE c.id = ?");
  q.bind(1, concept_id);
  if (!q.executeStep()) return {};
  return q.getColumn(1).getString().empty() ? "shared" : "local";
}

void bump_version(SQLite::Database& db) { db.exec("UPDATE taxonomy_version SET version = version + 1"); }

}  // namespace

long taxonomy_version(SQLite::Database& db, core::StatementCache* kept) {
  const std::string sql = "SELECT version FROM taxonomy_version";
  auto read = [](SQLite::Statement& q) -> long { return q.executeStep() ? q.getColumn(0).getInt64() : 0; };
  if (kept) return kept->run(sql, read);
  SQLite::Statement q(db, sql);
  return read(q);
}

std::vector<std::string> validate_scheme(const Scheme& scheme) {
  std::vector<std::string> errors;
  if (scheme.id.empty()) errors.push_back("scheme: id is required");
  std::set<std::string> ids;
  for (const Concept& c : scheme.concepts) ids.insert(c.id);
  if (ids.size() != scheme.concepts.size()) errors.push_back("scheme " + scheme.id + ": duplicate concept ids");
  for (const Concept& c : scheme.concepts) {
    if (c.id.rfind(scheme.id + ":", 0) != 0 || c.id.size() <= scheme.id.size() + 1) {
      errors.push_back(c.id + ": id must start with '" + scheme.id + ":'");
    }
    if (c.pref_label.empty()) errors.push_back(c.id + ": pref_label is required");
    bool valid = core::is_valid_utf8(c.pref_label) && core::is_valid_utf8(c.definition);
    for (const auto& alt : c.alt_labels) valid = valid && core::is_valid_utf8(alt);
    for (const Label& l : c.labels) valid = valid && core::is_valid_utf8(l.text) && core::is_valid_utf8(l.lang);
    if (!valid) errors.push_back(c.id + ": text is not valid UTF-8");
    for (const auto& b : c.broader) {
      if (!ids.count(b)) errors.push_back(c.id + ": broader concept '" + b + "' is not in scheme " + scheme.id);
      if (b == c.id) errors.push_back(c.id + ": a concept cannot be broader than itself");
    }
  }
  return errors;
}

void SchemeStore::replace_scheme(const Scheme& scheme) {
  if (auto errors = validate_scheme(scheme); !errors.empty()) throw core::InvalidInput(join_errors(errors));
  SQLite::Statement up(db_, "INSERT INTO schemes(id, title, org, uri) VALUES (?1, ?2, NULLIF(?3, ''), ?4) "
                            "ON CONFLICT(id) DO UPDATE SET title = ?2, org = NULLIF(?3, ''), uri = ?4");
  up.bind(1, scheme.id);
  up.bind(2, scheme.title.empty() ? scheme.id : scheme.title);
  up.bind(3, scheme.org);
  up.bind(4, scheme.uri);
  up.exec();
  SQLite::Statement clear(db_, "DELETE FROM concepts WHERE scheme_id = ?");
  clear.bind(1, scheme.id);
  clear.exec();
  SQLite::Statement add(db_, "INSERT INTO concepts(id, scheme_id, pref_label, alt_labels, definition, status, labels, uri, "
                             "external_links) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
  SQLite::Statement link(db_, "INSERT OR IGNORE INTO concept_broader(concept_id, broader_id) VALUES (?, ?)");
  for (const Concept& c : scheme.concepts) {
    add.bind(1, c.id);
    add.bind(2, scheme.id);
    add.bind(3, c.pref_label);
    add.bind(4, nlohmann::json(c.alt_labels).dump());
    add.bind(5, c.definition);
    add.bind(6, std::string(to_string(c.status)));
    add.bind(7, labels_json(c).dump());
    add.bind(8, c.uri);
    add.bind(9, links_json(c).dump());
    add.exec();
    add.reset();
    for (const auto& b : c.broader) {
      link.bind(1, c.id);
      link.bind(2, b);
      link.exec();
      link.reset();
    }
  }
  bump_version(db_);
}

std::vector<Scheme> SchemeStore::schemes() {
  SQLite::Statement q(db_, "SELECT id, title, COALESCE(org, ''), uri FROM schemes ORDER BY org IS NOT NULL, id");
  std::vector<Scheme> out;
  while (q.executeStep()) {
    out.push_back({q.getColumn(0).getString(), q.getColumn(1).getString(), q.getColumn(2).getString(), {}, q.getColumn(3).getString()});
  }
  return out;
}

std::optional<Scheme> SchemeStore::scheme(const std::string& id) {
  SQLite::Statement head(db_, "SELECT id, title, COALESCE(org, ''), uri FROM schemes WHERE id = ?");
  head.bind(1, id);
  if (!head.executeStep()) return std::nullopt;
  Scheme scheme{head.getColumn(0).getString(), head.getColumn(1).getString(), head.getColumn(2).getString(), {},
                head.getColumn(3).getString()};
  for (Concept& c : all_concepts()) {
    if (c.scheme == id) scheme.concepts.push_back(std::move(c));
  }
  return scheme;
}

std::vector<Concept> SchemeStore::all_concepts() {
  SQLite::Statement q(db_, "SELECT id, scheme_id, pref_label, alt_labels, definition, status, labels, uri, external_links "
                          "FROM concepts ORDER BY id");
  std::vector<Concept> out;
  std::map<std::string, std::size_t> index;
  while (q.executeStep()) {
    index[q.getColumn(0).getString()] = out.size();
    out.push_back(read_concept(q));
  }
  SQLite::Statement links(db_, "SELECT concept_id, broader_id FROM concept_broader ORDER BY concept_id, broader_id");
  while (links.executeStep()) {
    auto it = index.find(links.getColumn(0).getString());
    if (it != index.end()) out[it->second].broader.push_back(links.getColumn(1).getString());
  }
  return out;
}

std::optional<std::string> SchemeStore::concept_with_uri(const std::string& uri) {
  SQLite::Statement q(db_, "SELECT id FROM concepts WHERE uri = ? AND uri <> ''");
  q.bind(1, uri);
  if (q.executeStep()) return q.getColumn(0).getString();
  return std::nullopt;
}

std::optional<bool> SchemeStore::in_shared_scheme(const std::string& concept_id) {
  const std::string scheme = scheme_of(db_, concept_id);
  if (scheme.empty()) return std::nullopt;
  return scheme == "shared";
}

std::string SchemeStore::concept_uri(const std::string& id) {
  SQLite::Statement q(db_, "SELECT uri FROM concepts WHERE id = ?");
  q.bind(1, id);
  if (q.executeStep() && !q.getColumn(0).getString().empty()) return q.getColumn(0).getString();
  return default_uri_of(id);
}

void MappingStore::put(const Mapping& m) {
  if (scheme_of(db_, m.source) != "local") throw core::InvalidInput("source '" + m.source + "' is not a local concept");
  if (scheme_of(db_, m.target) != "shared") throw core::InvalidInput("target '" + m.target + "' is not a shared concept");
  if (m.confidence < 0 || m.confidence > 1) throw core::InvalidInput("confidence must be between 0 and 1");
  SQLite::Statement q(db_, R"sql(
    INSERT INTO mappings(source, target, relation, status, confidence, provenance, note, updated_by, updated_at)
    VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, COALESCE(NULLIF(?9, ''), strftime('%Y-%m-%dT%H:%M:%SZ', 'now')))
    ON CONFLICT(source, target) DO UPDATE SET relation = ?3, status = ?4, confidence = ?5, provenance = ?6,
      note = ?7, updated_by = ?8, updated_at = COALESCE(NULLIF(?9, ''), strftime('%Y-%m-%dT%H:%M:%SZ', 'now')))sql");
  q.bind(1, m.source);
  q.bind(2, m.target);
  q.bind(3, std::string(to_string(m.relation)));
  q.bind(4, std::string(to_string(m.status)));
  q.bind(5, m.confidence);
  q.bind(6, m.provenance);
  q.bind(7, m.note);
  q.bind(8, m.updated_by);
  q.bind(9, m.updated_at);
  q.exec();
  bump_version(db_);
}

namespace {

constexpr const char* kMappingColumns =
    "SELECT source, target, relation, status, confidence, provenance, note, updated_by, updated_at FROM mappings ";

Mapping read_mapping(SQLite::Statement& q) {
  Mapping m;
  m.source = q.getColumn(0).getString();
  m.target = q.getColumn(1).getString();
  m.relation = parse_relation(q.getColumn(2).getString()).value_or(Relation::relatedMatch);
  m.status = parse_mapping_status(q.getColumn(3).getString()).value_or(MappingStatus::proposed);
  m.confidence = q.getColumn(4).getDouble();
  m.provenance = q.getColumn(5).getString();
  m.note = q.getColumn(6).getString();
  m.updated_by = q.getColumn(7).getString();
  m.updated_at = q.getColumn(8).getString();
  return m;
}

}  // namespace

std::optional<Mapping> MappingStore::get(const std::string& source, const std::string& target) {
  SQLite::Statement q(db_, std::string(kMappingColumns) + "WHERE source = ? AND target = ?");
  q.bind(1, source);
  q.bind(2, target);
  if (!q.executeStep()) return std::nullopt;
  return read_mapping(q);
}

std::vector<Mapping> MappingStore::list(const std::string& scheme) {
  SQLite::Statement q(db_, std::string(kMappingColumns) + "WHERE ?1 = '' OR source LIKE ?1 || ':%' ORDER BY source, target");
  q.bind(1, scheme);
  std::vector<Mapping> out;
  while (q.executeStep()) out.push_back(read_mapping(q));
  return out;
}

std::map<std::string, core::ConceptCoverage> MappingStore::coverage() {
  SQLite::Statement q(db_, R"sql(
    SELECT s.org, COUNT(*), SUM(EXISTS (SELECT 1 FROM mappings m WHERE m.source = c.id AND m.status = ?1))
    FROM concepts c JOIN schemes s ON s.id = c.scheme_id WHERE s.org IS NOT NULL AND c.status = ?2 GROUP BY s.org)sql");
  q.bind(1, std::string(to_string(MappingStatus::approved)));
  q.bind(2, std::string(to_string(ConceptStatus::active)));
  std::map<std::string, core::ConceptCoverage> out;
  while (q.executeStep()) out[q.getColumn(0).getString()] = {q.getColumn(1).getInt(), q.getColumn(2).getInt()};
  return out;
}

}  // namespace km::taxonomy
