#include "server/taxonomy_views.h"

#include <map>

#include "core/error.h"
#include "core/index_schema.h"
#include "search/access.h"

namespace km::server {
namespace schema = core::schema;

// Two value slots per visible item, not its document data (which holds up to 16 KB of text to
// parse: 2.3 s for the alignment report at 100,000 items).
std::vector<taxonomy::ItemConcepts> visible_item_concepts(Xapian::Database& db, const core::User& user) {
  Xapian::Enquire enquire(db);
  enquire.set_query(Xapian::Query(Xapian::Query::OP_FILTER, search::match_all(), search::visibility_filter(user, false)));
  enquire.set_weighting_scheme(Xapian::BoolWeight());
  Xapian::MSet mset = enquire.get_mset(0, db.get_doccount());
  std::vector<taxonomy::ItemConcepts> out;
  out.reserve(mset.size());
  for (auto m = mset.begin(); m != mset.end(); ++m) {
    const Xapian::Document doc = m.get_document();
    out.push_back({doc.get_value(schema::kOrgSlot), schema::decode_id_list(doc.get_value(schema::kItemConceptsSlot))});
  }
  return out;
}

namespace {

// The visible items under each concept of `concepts` (own or aligned, as the concept filter
// finds them): one unscored count per concept, postings only (reading every visible
// document's concept value took 0.2 s a tree at 100,000 items).
std::map<std::string, std::size_t> visible_counts(Xapian::Database& db, const core::User& user,
                                                  const std::vector<const taxonomy::Concept*>& concepts) {
  std::map<std::string, std::size_t> counts;
  const Xapian::Query visible = search::visibility_filter(user, false);
  for (const taxonomy::Concept* c : concepts) {
    Xapian::Enquire enquire(db);
    enquire.set_weighting_scheme(Xapian::BoolWeight());
    enquire.set_query(Xapian::Query(Xapian::Query::OP_FILTER, Xapian::Query(schema::term(schema::kConceptPrefix, c->id)), visible));
    const Xapian::MSet mset = enquire.get_mset(0, 0, db.get_doccount());
    if (mset.get_matches_estimated() > 0) counts[c->id] = mset.get_matches_estimated();
  }
  return counts;
}

// Every label with its language, the source URI and the external links of a published concept.
void add_published(nlohmann::json& n, const taxonomy::Concept& c) {
  n["labels"] = nlohmann::json::array();
  for (const auto& l : taxonomy::all_labels(c)) n["labels"].push_back({{"kind", taxonomy::to_string(l.kind)}, {"lang", l.lang}, {"text", l.text}});
  n["external_links"] = nlohmann::json::array();
  for (const auto& l : c.external_links) n["external_links"].push_back({{"relation", taxonomy::to_string(l.relation)}, {"uri", l.uri}});
  if (!c.uri.empty()) n["uri"] = c.uri;
}

nlohmann::json node(const taxonomy::ConceptGraph& graph, const taxonomy::Concept& c,
                    const std::map<std::string, std::vector<const taxonomy::Concept*>>& children,
                    const std::map<std::string, std::size_t>& counts, const std::string& lang, int depth) {
  auto count = counts.find(c.id);
  nlohmann::json n = {{"id", c.id},
                      {"label", taxonomy::label_in(c, lang)},
                      {"alt_labels", c.alt_labels},
                      {"definition", c.definition},
                      {"status", taxonomy::to_string(c.status)},
                      {"items", count == counts.end() ? 0 : count->second},
                      {"children", nlohmann::json::array()}};
  add_published(n, c);
  auto it = children.find(c.id);
  if (it != children.end() && depth < 32) {  // depth guard: a cyclic hierarchy must not recurse forever
    for (const auto* child : it->second) n["children"].push_back(node(graph, *child, children, counts, lang, depth + 1));
  }
  return n;
}

}  // namespace

nlohmann::json concept_tree(Xapian::Database& db, const core::User& user, const taxonomy::ConceptGraph& graph,
                            const std::string& scheme, const std::string& lang) {
  std::map<std::string, std::vector<const taxonomy::Concept*>> children;
  std::vector<const taxonomy::Concept*> top, all;
  for (const taxonomy::Concept& c : graph.concepts()) {
    if (c.scheme != scheme) continue;
    all.push_back(&c);
    if (c.broader.empty()) top.push_back(&c);
    for (const auto& b : c.broader) children[b].push_back(&c);
  }
  if (top.empty() && children.empty()) throw core::NotFound("no scheme '" + scheme + "'");
  const auto counts = visible_counts(db, user, all);
  nlohmann::json out = nlohmann::json::array();
  for (const auto* c : top) out.push_back(node(graph, *c, children, counts, lang, 0));
  return out;
}

}  // namespace km::server
