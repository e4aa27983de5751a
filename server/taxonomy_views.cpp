#include "server/taxonomy_views.h"

#include <map>

#include "core/error.h"
#include "core/index_schema.h"
#include "search/access.h"

namespace km::server {
namespace schema = core::schema;

std::vector<taxonomy::ItemConcepts> visible_item_concepts(Xapian::Database& db, const core::User& user) {
  Xapian::Enquire enquire(db);
  enquire.set_query(Xapian::Query(Xapian::Query::OP_FILTER, search::match_all(), search::visibility_filter(user, false)));
  enquire.set_weighting_scheme(Xapian::BoolWeight());
  Xapian::MSet mset = enquire.get_mset(0, db.get_doccount());
  std::vector<taxonomy::ItemConcepts> out;
  for (auto m = mset.begin(); m != mset.end(); ++m) {
    nlohmann::json data = nlohmann::json::parse(m.get_document().get_data());
    out.push_back({data["org"], data["concepts"].get<std::vector<std::string>>()});
  }
  return out;
}

namespace {

std::map<std::string, std::size_t> visible_counts(Xapian::Database& db, const core::User& user) {
  std::map<std::string, std::size_t> counts;
  Xapian::Enquire enquire(db);
  enquire.set_query(Xapian::Query(Xapian::Query::OP_FILTER, search::match_all(), search::visibility_filter(user, false)));
  enquire.set_weighting_scheme(Xapian::BoolWeight());
  Xapian::MSet mset = enquire.get_mset(0, db.get_doccount());
  for (auto m = mset.begin(); m != mset.end(); ++m) {
    const std::string values = m.get_document().get_value(schema::kConceptsSlot);
    std::size_t start = 0;
    while (start < values.size()) {
      std::size_t end = std::min(values.find('\n', start), values.size());
      if (end > start) ++counts[values.substr(start, end - start)];
      start = end + 1;
    }
  }
  return counts;
}

nlohmann::json node(const taxonomy::ConceptGraph& graph, const taxonomy::Concept& c,
                    const std::map<std::string, std::vector<const taxonomy::Concept*>>& children,
                    const std::map<std::string, std::size_t>& counts, int depth) {
  auto count = counts.find(c.id);
  nlohmann::json n = {{"id", c.id},
                      {"label", c.pref_label},
                      {"alt_labels", c.alt_labels},
                      {"definition", c.definition},
                      {"status", taxonomy::to_string(c.status)},
                      {"items", count == counts.end() ? 0 : count->second},
                      {"children", nlohmann::json::array()}};
  auto it = children.find(c.id);
  if (it != children.end() && depth < 32) {  // depth guard: a cyclic hierarchy must not recurse forever
    for (const auto* child : it->second) n["children"].push_back(node(graph, *child, children, counts, depth + 1));
  }
  return n;
}

}  // namespace

nlohmann::json concept_tree(Xapian::Database& db, const core::User& user, const taxonomy::ConceptGraph& graph,
                            const std::string& scheme) {
  std::map<std::string, std::vector<const taxonomy::Concept*>> children;
  std::vector<const taxonomy::Concept*> top;
  for (const taxonomy::Concept& c : graph.concepts()) {
    if (c.scheme != scheme) continue;
    if (c.broader.empty()) top.push_back(&c);
    for (const auto& b : c.broader) children[b].push_back(&c);
  }
  if (top.empty() && children.empty()) throw core::NotFound("no scheme '" + scheme + "'");
  const auto counts = visible_counts(db, user);
  nlohmann::json out = nlohmann::json::array();
  for (const auto* c : top) out.push_back(node(graph, *c, children, counts, 0));
  return out;
}

}  // namespace km::server
