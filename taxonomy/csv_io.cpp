#include "taxonomy/csv_io.h"

#include <algorithm>
#include <charconv>
#include <map>
#include <sstream>

#include "core/csv.h"
#include "core/error.h"
#include "core/text.h"
#include "taxonomy/scheme_store.h"

namespace km::taxonomy {
namespace {

// Column positions by header name; reports missing required columns.
std::map<std::string, std::size_t> columns(const core::CsvRow& header, const std::vector<std::string>& required,
                                           const std::string& name) {
  std::map<std::string, std::size_t> out;
  for (std::size_t i = 0; i < header.cells.size(); ++i) out[core::trim(header.cells[i])] = i;
  for (const auto& r : required) {
    if (!out.count(r)) throw core::InvalidInput(name + ":1: missing column '" + r + "'");
  }
  return out;
}

std::string cell(const core::CsvRow& row, const std::map<std::string, std::size_t>& cols, const std::string& column) {
  auto it = cols.find(column);
  return it == cols.end() || it->second >= row.cells.size() ? std::string() : core::trim(row.cells[it->second]);
}

std::vector<core::CsvRow> rows_of(std::string_view text, const std::string& name) {
  if (!core::is_valid_utf8(text)) throw core::InvalidInput(name + ": file is not valid UTF-8");
  std::vector<core::CsvRow> rows = core::parse_csv(text);
  if (rows.empty()) throw core::InvalidInput(name + ": file is empty");
  return rows;
}

void throw_if_any(const std::vector<std::string>& errors) {
  if (errors.empty()) return;
  std::string message;
  for (const auto& e : errors) message += (message.empty() ? "" : "\n") + e;
  throw core::InvalidInput(message);
}

// RFC 4180 quoting for export.
std::string quote(const std::string& value) {
  if (value.find_first_of(",\"\n\r") == std::string::npos) return value;
  std::string out = "\"";
  for (char c : value) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

std::string join(const std::vector<std::string>& values) {
  std::string out;
  for (const auto& v : values) out += (out.empty() ? "" : ";") + v;
  return out;
}

}  // namespace

Scheme read_scheme_csv(std::string_view text, const std::string& name, Scheme head) {
  std::vector<core::CsvRow> rows = rows_of(text, name);
  auto cols = columns(rows[0], {"id", "pref_label"}, name);
  std::vector<std::string> errors;
  std::map<std::string, std::size_t> line_of;
  for (std::size_t r = 1; r < rows.size(); ++r) {
    const core::CsvRow& row = rows[r];
    const std::string where = name + ":" + std::to_string(row.line) + ": ";
    if (!row.error.empty()) {
      errors.push_back(where + row.error);
      continue;
    }
    if (row.cells.size() != rows[0].cells.size()) {
      errors.push_back(where + "has " + std::to_string(row.cells.size()) + " cells, header has " +
                       std::to_string(rows[0].cells.size()));
      continue;
    }
    Concept c;
    c.id = cell(row, cols, "id");
    c.scheme = head.id;
    c.pref_label = cell(row, cols, "pref_label");
    c.alt_labels = core::split_list(cell(row, cols, "alt_labels"));
    c.broader = core::split_list(cell(row, cols, "broader"));
    c.definition = cell(row, cols, "definition");
    if (std::string status = cell(row, cols, "status"); !status.empty()) {
      auto parsed = parse_concept_status(status);
      if (!parsed) errors.push_back(where + "status '" + status + "' must be active or deprecated");
      c.status = parsed.value_or(ConceptStatus::active);
    }
    if (auto [it, fresh] = line_of.emplace(c.id, row.line); !fresh) {
      errors.push_back(where + "concept '" + c.id + "' is already defined on line " + std::to_string(it->second));
      continue;
    }
    head.concepts.push_back(std::move(c));
  }
  // Scheme-level problems (dangling broader, bad ids), located by the concept's line.
  for (const std::string& problem : validate_scheme(head)) {
    std::string id = problem.substr(0, problem.find(':', problem.find(':') + 1));
    auto it = line_of.find(id);
    errors.push_back(name + ":" + (it == line_of.end() ? "1" : std::to_string(it->second)) + ": " + problem);
  }
  throw_if_any(errors);
  return head;
}

std::string write_scheme_csv(const Scheme& scheme) {
  std::ostringstream out;
  out << "id,pref_label,alt_labels,broader,definition,status\n";
  for (const Concept& c : scheme.concepts) {
    out << quote(c.id) << ',' << quote(c.pref_label) << ',' << quote(join(c.alt_labels)) << ','
        << quote(join(c.broader)) << ',' << quote(c.definition) << ',' << to_string(c.status) << '\n';
  }
  return out.str();
}

std::vector<MappingRow> read_mappings_csv(std::string_view text, const std::string& name) {
  std::vector<core::CsvRow> rows = rows_of(text, name);
  auto cols = columns(rows[0], {"source", "relation", "target"}, name);
  std::vector<std::string> errors;
  std::vector<MappingRow> out;
  for (std::size_t r = 1; r < rows.size(); ++r) {
    const core::CsvRow& row = rows[r];
    const std::string where = name + ":" + std::to_string(row.line) + ": ";
    if (!row.error.empty()) {
      errors.push_back(where + row.error);
      continue;
    }
    Mapping m;
    m.source = cell(row, cols, "source");
    m.target = cell(row, cols, "target");
    auto relation = parse_relation(cell(row, cols, "relation"));
    auto status = parse_mapping_status(cell(row, cols, "status").empty() ? "proposed" : cell(row, cols, "status"));
    if (m.source.empty() || m.target.empty()) errors.push_back(where + "source and target are required");
    if (!relation) errors.push_back(where + "relation '" + cell(row, cols, "relation") + "' is not a SKOS mapping relation");
    if (!status) errors.push_back(where + "status '" + cell(row, cols, "status") + "' must be proposed, approved or rejected");
    if (std::string conf = cell(row, cols, "confidence"); !conf.empty()) {
      if (const auto given = core::parse_number(conf, 0, 1)) {
        m.confidence = *given;
      } else {
        errors.push_back(where + "confidence '" + conf + "' must be a number from 0 to 1");
      }
    }
    m.relation = relation.value_or(Relation::relatedMatch);
    m.status = status.value_or(MappingStatus::proposed);
    m.provenance = cell(row, cols, "provenance");
    m.note = cell(row, cols, "note");
    out.push_back({row.line, std::move(m)});
  }
  throw_if_any(errors);
  return out;
}

std::string write_mappings_csv(const std::vector<Mapping>& mappings) {
  std::ostringstream out;
  out << "source,relation,target,status,confidence,provenance,note\n";
  for (const Mapping& m : mappings) {
    out << quote(m.source) << ',' << to_string(m.relation) << ',' << quote(m.target) << ',' << to_string(m.status)
        << ',' << m.confidence << ',' << quote(m.provenance) << ',' << quote(m.note) << '\n';
  }
  return out.str();
}

}  // namespace km::taxonomy
