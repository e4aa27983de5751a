#include "indexer/taxonomy_cli.h"

#include <iomanip>

#include <nlohmann/json.hpp>

#include "core/error.h"
#include "core/text.h"
#include "core/item_store.h"
#include "indexer/index_writer.h"
#include "indexer/ingest.h"
#include "taxonomy/alignment_report.h"
#include "taxonomy/csv_io.h"
#include "taxonomy/import.h"
#include "taxonomy/routing.h"
#include "taxonomy/scheme_store.h"
#include "taxonomy/skos_io.h"
#include "taxonomy/reference_alignment.h"
#include "taxonomy/suggestion_score.h"
#include "taxonomy/suggestions.h"
#include "taxonomy/usage.h"

namespace km::indexer {
namespace {

std::string option(const TaxonomyCommand& c, const std::string& name, const std::string& fallback = "") {
  auto it = c.options.find(name);
  if (it != c.options.end()) return it->second;
  if (fallback.empty()) throw core::InvalidInput("taxonomy " + c.operands[0] + " needs --" + name);
  return fallback;
}

std::size_t reindex(SQLite::Database& db, const TaxonomyCommand& c) {
  core::ItemStore store(db);
  IndexWriter writer(c.index, c.lock_wait);
  return index_pending(store, writer);
}

int cmd_import(SQLite::Database& db, const TaxonomyCommand& c, std::ostream& out) {
  if (c.operands.size() != 2) throw core::InvalidInput("taxonomy import needs one FILE");
  taxonomy::Scheme head{option(c, "scheme"), option(c, "title", " "), option(c, "org", " "), {}};
  if (head.title == " ") head.title.clear();
  if (head.org == " ") head.org.clear();
  auto summary = taxonomy::import_scheme(db, c.operands[1], head);
  out << "taxonomy: scheme " << head.id << ": " << summary.concepts << " concepts, " << summary.mappings
      << " mappings; re-indexed " << reindex(db, c) << " items\n";
  return 0;
}

int cmd_mappings(SQLite::Database& db, const TaxonomyCommand& c, std::ostream& out) {
  if (c.operands.size() != 2) throw core::InvalidInput("taxonomy mappings needs one FILE");
  auto summary = taxonomy::import_mappings(db, c.operands[1], "km-indexer");
  out << "taxonomy: " << summary.mappings << " mappings; re-indexed " << reindex(db, c) << " items\n";
  return 0;
}

int cmd_export(SQLite::Database& db, const TaxonomyCommand& c, std::ostream& out) {
  auto scheme = taxonomy::SchemeStore(db).scheme(option(c, "scheme"));
  if (!scheme) throw core::NotFound("no scheme '" + option(c, "scheme") + "'");
  const std::string format = option(c, "format", "ttl");
  if (format == "csv") out << taxonomy::write_scheme_csv(*scheme);
  else if (format == "ttl" || format == "rdf")
    out << taxonomy::write_skos(*scheme, taxonomy::MappingStore(db).list(scheme->id),
                                format == "ttl" ? taxonomy::RdfFormat::turtle : taxonomy::RdfFormat::rdfxml,
                                [&db](const std::string& id) { return taxonomy::SchemeStore(db).concept_uri(id); });
  else throw core::InvalidInput("--format must be csv, ttl or rdf");
  return 0;
}

int cmd_list(SQLite::Database& db, std::ostream& out) {
  taxonomy::SchemeStore schemes(db);
  auto mappings = taxonomy::MappingStore(db).list();
  for (const auto& head : schemes.schemes()) {
    auto scheme = schemes.scheme(head.id);
    std::size_t approved = 0;
    for (const auto& m : mappings) approved += m.source.rfind(head.id + ":", 0) == 0 && m.status == taxonomy::MappingStatus::approved;
    out << head.id << "\t" << (head.org.empty() ? "shared" : head.org) << "\t" << scheme->concepts.size() << " concepts\t"
        << approved << " approved mappings\t" << head.title << "\n";
  }
  return 0;
}

int cmd_report(SQLite::Database& db, const TaxonomyCommand& c, std::ostream& out) {
  const auto graph = taxonomy::ConceptGraph::load(db);
  auto report = taxonomy::alignment_report(graph, option(c, "org"), taxonomy::all_item_concepts(db), taxonomy::search_demand(db));
  const std::string format = option(c, "format", "json");
  if (format == "json") out << report.dump(2) << "\n";
  else if (format == "csv") out << taxonomy::alignment_report_csv(report);
  else if (format == "html") out << taxonomy::alignment_report_html(report);
  else throw core::InvalidInput("--format must be json, csv or html");
  return 0;
}

int cmd_score(SQLite::Database& db, const TaxonomyCommand& c, std::ostream& out) {
  const auto graph = taxonomy::ConceptGraph::load(db);
  const std::string reference = option(c, "reference");
  double threshold = taxonomy::kDefaultSuggestionThreshold;
  if (c.options.count("threshold")) {
    const auto given = core::parse_number(c.options.at("threshold"), 0, 1);
    if (!given) throw core::InvalidInput("--threshold must be a number between 0 and 1");
    threshold = *given;
  }
  const auto pairs = taxonomy::read_reference(db, reference);
  const bool baseline = c.options.count("baseline") > 0;
  auto s = baseline ? taxonomy::score_label_equality(graph, pairs)
                    : taxonomy::score_suggestions(graph, pairs, taxonomy::all_item_concepts(db), threshold);
  if (c.options.count("json")) {
    nlohmann::json j = taxonomy::to_json(s);
    j["reference"] = reference;
    j["system"] = baseline ? "label equality" : "suggestions";
    out << j.dump(2) << "\n";
    return 0;
  }
  out << std::fixed << std::setprecision(3) << (baseline ? "label equality vs " : "suggestions vs ") << reference << " at confidence >= " << s.threshold
      << ": precision " << s.precision << ", recall " << s.recall << ", F1 " << s.f1 << " (" << s.correct << " correct of "
      << s.predicted << " suggested; " << s.reference << " reference pairs)\n"
      << "top-1 recall " << s.top1_recall << ", top-5 recall " << s.top5_recall << "\n"
      << "best F1 on this reference " << s.best_f1 << " at " << s.best_threshold << " (chosen on the reference: optimistic)\n";
  return 0;
}

}  // namespace

int run_taxonomy_command(SQLite::Database& db, const TaxonomyCommand& c, std::ostream& out) {
  const std::string verb = c.operands.empty() ? "" : c.operands[0];
  if (verb == "import") return cmd_import(db, c, out);
  if (verb == "mappings") return cmd_mappings(db, c, out);
  if (verb == "export") return cmd_export(db, c, out);
  if (verb == "list") return cmd_list(db, out);
  if (verb == "report") return cmd_report(db, c, out);
  if (verb == "score") return cmd_score(db, c, out);
  if (verb == "routing") {
    if (c.operands.size() != 2) throw core::InvalidInput("taxonomy routing needs one FILE (concept,community)");
    out << "taxonomy: " << taxonomy::import_routing(db, c.operands[1]) << " routing rules\n";
    return 0;
  }
  throw core::InvalidInput("usage: taxonomy import|mappings|export|list|report|score|routing (see --help)");
}

}  // namespace km::indexer
