#include "taxonomy/reference_alignment.h"

#include <algorithm>
#include <optional>

#include "core/error.h"
#include "core/text.h"
#include "taxonomy/rdf_graph.h"
#include "taxonomy/scheme_store.h"
#include "taxonomy/skos_io.h"
#include "taxonomy/usage.h"

namespace km::taxonomy {
namespace {

bool ends_with(const std::string& s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

// The value of the subject's property whose predicate ends with `local` (the Alignment API
// namespace is written with and without a trailing '#').
std::optional<std::string> property(const RdfProperties& props, std::string_view local) {
  for (const auto& [predicate, values] : props) {
    if (ends_with(predicate, std::string("alignment") + std::string(local)) || ends_with(predicate, "#" + std::string(local))) {
      if (!values.empty()) return values.front().text;
    }
  }
  return std::nullopt;
}

// A URI -> the concept id holding it (source URI, or the project's own form); else the URI.
std::string concept_of(SchemeStore& store, const std::string& uri) {
  if (auto id = store.concept_with_uri(uri)) return *id;
  const std::string base = kSkosBase;
  if (uri.rfind(base, 0) == 0) {
    const std::string rest = uri.substr(base.size());
    if (auto slash = rest.find('/'); slash != std::string::npos) return rest.substr(0, slash) + ":" + rest.substr(slash + 1);
  }
  return uri;
}

}  // namespace

ConceptPairs read_alignment_cells(std::string_view text, const std::string& name) {
  const RdfGraph g = parse_rdf(text, RdfFormat::rdfxml, name);
  ConceptPairs out;
  std::vector<std::pair<int, std::pair<std::string, std::string>>> cells;  // (line, pair) to keep document order
  for (const auto& [subject, props] : g.subjects) {
    auto a = property(props, "entity1");
    auto b = property(props, "entity2");
    if (!a && !b) continue;
    if (!a || !b) throw core::InvalidInput(g.where(name, subject) + ": a Cell needs both entity1 and entity2");
    auto line = g.line_of.find(subject);
    cells.push_back({line == g.line_of.end() ? 0 : line->second, {*a, *b}});
  }
  std::stable_sort(cells.begin(), cells.end(), [](const auto& x, const auto& y) { return x.first < y.first; });
  for (auto& c : cells) out.push_back(std::move(c.second));
  if (out.empty()) throw core::InvalidInput(name + ": no alignment Cell (entity1, entity2) found");
  return out;
}

ConceptPairs read_reference(SQLite::Database& db, const std::string& path) {
  if (ends_with(path, ".csv")) return read_reference_pairs(path);
  ConceptPairs cells = read_alignment_cells(core::read_file_text(path), path);
  SchemeStore store(db);
  bool any = false;
  for (auto& [source, target] : cells) {
    source = concept_of(store, source);
    target = concept_of(store, target);
    any = any || source.find("://") == std::string::npos || target.find("://") == std::string::npos;
  }
  if (!any) throw core::InvalidInput(path + ": no pair names a loaded concept (import both vocabularies first)");
  return cells;
}

}  // namespace km::taxonomy
