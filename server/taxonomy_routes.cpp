#include "server/taxonomy_routes.h"

#include "core/error.h"
#include "server/json_body.h"
#include "server/auth.h"
#include "server/json_response.h"
#include "server/taxonomy_views.h"
#include "taxonomy/alignment_report.h"
#include "taxonomy/import.h"
#include "taxonomy/scheme_store.h"
#include "taxonomy/usage.h"
#include "server/list_page.h"

namespace km::server {
namespace {

using httplib::Request;
using httplib::Response;

nlohmann::json mapping_json(const taxonomy::Mapping& m, const taxonomy::ConceptGraph& graph) {
  return {{"source", m.source},         {"source_label", graph.label(m.source)}, {"target", m.target},
          {"target_label", graph.label(m.target)}, {"relation", taxonomy::to_string(m.relation)},
          {"status", taxonomy::to_string(m.status)}, {"confidence", m.confidence}, {"provenance", m.provenance},
          {"note", or_null(m.note)},    {"updated_by", or_null(m.updated_by)}, {"updated_at", or_null(m.updated_at)}};
}

taxonomy::Mapping mapping_from(const nlohmann::json& body) {
  taxonomy::Mapping m;
  m.source = required_text(body, "source");
  m.target = required_text(body, "target");
  std::string relation = optional_text(body, "relation", 32);
  if (relation.empty()) relation = "exactMatch";
  auto r = taxonomy::parse_relation(relation);
  if (!r) throw core::InvalidInput("relation '" + relation + "' must be exactMatch, closeMatch, broadMatch, narrowMatch or relatedMatch");
  m.relation = *r;
  m.confidence = 1.0;
  if (body.contains("confidence") && !body["confidence"].is_null()) {
    const nlohmann::json& c = body["confidence"];
    if (!c.is_number() || c.get<double>() < 0 || c.get<double>() > 1) throw core::InvalidInput("confidence must be a number from 0 to 1");
    m.confidence = c.get<double>();
  }
  m.note = optional_text(body, "note");
  return m;
}

// Approving or rejecting needs a km_lead of the org owning the source's scheme, or an admin.
void require_mapping_authority(const core::User& user, const std::string& source, const taxonomy::ConceptGraph& graph) {
  if (user.has_role(core::Role::admin)) return;
  if (user.has_role(core::Role::km_lead) && graph.owner(source) == user.org) return;
  throw core::Forbidden("only a km_lead of " + graph.owner(source) + " (or an admin) decides on mappings of its scheme");
}

nlohmann::json write_mapping(ApiContext& api, taxonomy::Mapping m) {
  api.store.with([&](SQLite::Database& db) { return taxonomy::apply_mapping(db, m); });
  std::size_t reindexed = api.items.index_pending();  // only the items tagged with the source
  auto graph = api.taxonomy.current();
  return {{"mapping", mapping_json(m, *graph)}, {"reindexed_items", reindexed}};
}

void decide(ApiContext& api, const Request& req, Response& res, const nlohmann::json& body, taxonomy::MappingStatus status) {
  core::User user = authenticate(api.store, req);
  const std::string source = required_text(body, "source"), target = required_text(body, "target");
  auto existing = api.store.with([&](SQLite::Database& db) { return taxonomy::MappingStore(db).get(source, target); });
  if (!existing) throw core::NotFound("no mapping " + source + " -> " + target);
  require_mapping_authority(user, source, *api.taxonomy.current());
  existing->status = status;
  existing->updated_by = user.id;
  existing->updated_at.clear();
  if (body.contains("note")) existing->note = optional_text(body, "note");
  send_json(res, write_mapping(api, *existing));
}

}  // namespace

void register_taxonomy_routes(RouteTable& routes, ApiContext& api) {
  routes.get("/api/taxonomy/schemes", [&api](const Request& req, Response& res) {
    authenticate(api.store, req);
    auto graph = api.taxonomy.current();
    nlohmann::json out = nlohmann::json::array();
    for (const auto& s : api.store.with([](SQLite::Database& db) { return taxonomy::SchemeStore(db).schemes(); })) {
      std::size_t concepts = 0;
      for (const auto& c : graph->concepts()) concepts += c.scheme == s.id;
      out.push_back({{"id", s.id}, {"title", s.title}, {"org", s.org.empty() ? nlohmann::json() : nlohmann::json(s.org)},
                     {"concepts", concepts}});
    }
    send_json(res, {{"schemes", out}});
  });

  routes.get("/api/taxonomy/concepts", {"scheme", "lang"}, [&api](const Request& req, Response& res) {
    core::User user = authenticate(api.store, req);
    const std::string scheme = req.get_param_value("scheme");
    if (scheme.empty()) throw core::InvalidInput("scheme is required (e.g. scheme=shared)");
    auto graph = api.taxonomy.current();
    const std::string lang = req.has_param("lang") ? req.get_param_value("lang") : "en";
    auto tree = api.readers.with_reader([&](Xapian::Database& db) { return concept_tree(db, user, *graph, scheme, lang); });
    send_json(res, {{"scheme", scheme}, {"concepts", tree}});
  });

  routes.get("/api/taxonomy/mappings", {"scheme", "page", "per_page"}, [&api](const Request& req, Response& res) {
    authenticate(api.store, req);
    const std::string scheme = req.get_param_value("scheme");
    const ListPage page = list_page(req);
    auto graph = api.taxonomy.current();
    nlohmann::json out = nlohmann::json::array();
    for (const auto& m : api.store.with([&](SQLite::Database& db) { return taxonomy::MappingStore(db).list(scheme); })) {
      out.push_back(mapping_json(m, *graph));
    }
    send_json(res, paged("mappings", out, page));
  });

  routes.post("/api/taxonomy/mappings", [&api](const Request& req, Response& res, const nlohmann::json& body) {
    core::User user = authenticate(api.store, req);
    require(user, core::Role::contributor);
    taxonomy::Mapping m = mapping_from(body);
    // Proposing again must not undo a decision (it reset an approved mapping to proposed and
    // changed search expansion at once): a decided mapping changes through its km_lead.
    auto existing = api.store.with([&](SQLite::Database& db) { return taxonomy::MappingStore(db).get(m.source, m.target); });
    if (existing && existing->status != taxonomy::MappingStatus::proposed) {
      throw core::Conflict("the mapping " + m.source + " -> " + m.target + " is already " +
                           std::string(taxonomy::to_string(existing->status)) + "; its scheme's km_lead decides on changes");
    }
    m.status = taxonomy::MappingStatus::proposed;
    m.provenance = "proposed by " + user.id;
    m.updated_by = user.id;
    send_json(res, write_mapping(api, m), 201);
  });

  routes.post("/api/taxonomy/mappings/approve", [&api](const Request& req, Response& res, const nlohmann::json& body) {
    decide(api, req, res, body, taxonomy::MappingStatus::approved);
  });
  routes.post("/api/taxonomy/mappings/reject", [&api](const Request& req, Response& res, const nlohmann::json& body) {
    decide(api, req, res, body, taxonomy::MappingStatus::rejected);
  });

  routes.get("/api/taxonomy/alignment", {"org", "format"}, [&api](const Request& req, Response& res) {
    core::User user = authenticate(api.store, req);
    const std::string org = req.get_param_value("org"), format = req.get_param_value("format");
    if (org.empty()) throw core::InvalidInput("org is required (e.g. org=client)");
    auto graph = api.taxonomy.current();
    auto items = api.readers.with_reader([&](Xapian::Database& db) { return visible_item_concepts(db, user); });
    auto demand = api.store.with([](SQLite::Database& db) { return taxonomy::search_demand(db); });
    nlohmann::json report = taxonomy::alignment_report(*graph, org, items, demand);
    if (format.empty() || format == "json") send_json(res, report);
    else if (format == "csv") res.set_content(taxonomy::alignment_report_csv(report), "text/csv; charset=utf-8");
    else if (format == "html") res.set_content(taxonomy::alignment_report_html(report), "text/html; charset=utf-8");
    else throw core::InvalidInput("format must be json, csv or html");
  });
}

}  // namespace km::server
