#include "server/search.h"

#include <map>

#include "core/error.h"
#include "core/index_schema.h"
#include "core/stopwords.h"
#include "server/access.h"
#include "server/query_check.h"

namespace km::server {
namespace schema = core::schema;
namespace {

constexpr unsigned kParseFlags = Xapian::QueryParser::FLAG_PHRASE | Xapian::QueryParser::FLAG_BOOLEAN |
                                 Xapian::QueryParser::FLAG_LOVEHATE | Xapian::QueryParser::FLAG_SPELLING_CORRECTION;

// Counts each value of a slot that holds several values separated by '\n'.
class MultiValueCountSpy : public Xapian::MatchSpy {
 public:
  explicit MultiValueCountSpy(Xapian::valueno slot) : slot_(slot) {}
  void operator()(const Xapian::Document& doc, double) override {
    const std::string values = doc.get_value(slot_);
    std::size_t start = 0;
    while (start < values.size()) {
      std::size_t end = std::min(values.find('\n', start), values.size());
      if (end > start) ++counts_[values.substr(start, end - start)];
      start = end + 1;
    }
  }
  const std::map<std::string, Xapian::doccount>& counts() const { return counts_; }

 private:
  Xapian::valueno slot_;
  std::map<std::string, Xapian::doccount> counts_;
};

Xapian::QueryParser make_parser(Xapian::Database& db) {
  Xapian::QueryParser parser;
  parser.set_database(db);
  parser.set_stemmer(Xapian::Stem(schema::kLanguage));
  parser.set_stemming_strategy(Xapian::QueryParser::STEM_SOME);
  parser.set_default_op(Xapian::Query::OP_OR);
  parser.add_prefix("title", std::string(schema::kTitlePrefix));
  parser.add_prefix("summary", std::string(schema::kSummaryPrefix));
  parser.add_boolean_prefix("org", std::string(schema::kOrgPrefix));
  parser.add_boolean_prefix("kind", std::string(schema::kKindPrefix));
  parser.add_boolean_prefix("concept", std::string(schema::kConceptPrefix));
  parser.add_boolean_prefix("community", std::string(schema::kCommunityPrefix));
  return parser;
}

Xapian::Query any_term(std::string_view prefix, const std::vector<std::string>& values) {
  std::vector<Xapian::Query> terms;
  for (const auto& v : values) terms.emplace_back(schema::term(prefix, v));
  return Xapian::Query(Xapian::Query::OP_OR, terms.begin(), terms.end());
}

enum class Facet { org, kind, community, concept_id, none };

// The boolean filter of a search: visibility AND every requested filter except `skip`.
Xapian::Query build_filter(const core::User& user, const SearchParams& p, Facet skip) {
  std::vector<Xapian::Query> parts = {visibility_filter(user, p.include_retired)};
  auto add = [&](Facet facet, std::string_view prefix, const std::vector<std::string>& values) {
    if (facet != skip && !values.empty()) parts.push_back(any_term(prefix, values));
  };
  add(Facet::org, schema::kOrgPrefix, p.org);
  add(Facet::kind, schema::kKindPrefix, p.kind);
  add(Facet::community, schema::kCommunityPrefix, p.community);
  add(Facet::concept_id, schema::kConceptPrefix, p.concepts);
  add(Facet::none, schema::kStatusPrefix, p.status);
  if (!p.from.empty() || !p.to.empty()) {
    // Dates are ISO text; "~" sorts after any time part, so `to` includes its whole day.
    parts.emplace_back(Xapian::Query::OP_VALUE_RANGE, schema::kUpdatedSlot, p.from.empty() ? "0" : p.from,
                       p.to.empty() ? "~" : p.to + "~");
  }
  return Xapian::Query(Xapian::Query::OP_AND, parts.begin(), parts.end());
}

Xapian::Query filtered(const Xapian::Query& text, const Xapian::Query& filter) {
  return Xapian::Query(Xapian::Query::OP_FILTER, text, filter);
}

nlohmann::json result_json(const Xapian::MSetIterator& m, const Xapian::MSet& mset, bool snippets) {
  nlohmann::json data = nlohmann::json::parse(m.get_document().get_data());
  nlohmann::json concepts = nlohmann::json::array();
  for (const auto& c : data["concepts"]) concepts.push_back({{"id", c}, {"label", c}});
  const std::string& text = data["text"].get_ref<const std::string&>();
  std::string snippet = snippets ? mset.snippet(text, 300, Xapian::Stem(schema::kLanguage),
                                                Xapian::MSet::SNIPPET_BACKGROUND_MODEL |
                                                    Xapian::MSet::SNIPPET_EXHAUSTIVE,
                                                "<mark>", "</mark>", "…")
                                 : mset.snippet(text, 300, Xapian::Stem(), 0, "", "", "…");
  return {{"id", data["id"]},       {"title", data["title"]},   {"kind", data["kind"]},
          {"org", data["org"]},     {"community", data["community"]}, {"concepts", concepts},
          {"status", data["status"]}, {"created", data["created"]}, {"updated", data["updated"]},
          {"summary", data["summary"]}, {"snippet", snippet},     {"score", m.get_weight()}};
}

nlohmann::json facet_counts(Xapian::Database& db, const core::User& user, const SearchParams& p,
                            const Xapian::Query& text) {
  struct Dimension { const char* name; Facet facet; Xapian::valueno slot; };
  const Dimension dims[] = {{"org", Facet::org, schema::kOrgSlot},
                            {"kind", Facet::kind, schema::kKindSlot},
                            {"community", Facet::community, schema::kCommunitySlot},
                            {"concept", Facet::concept_id, schema::kConceptsSlot}};
  nlohmann::json facets = nlohmann::json::object();
  for (const Dimension& d : dims) {
    // Counts under the other filters: this dimension's own filter is left out.
    Xapian::Enquire enquire(db);
    enquire.set_query(filtered(text, build_filter(user, p, d.facet)));
    MultiValueCountSpy spy(d.slot);
    enquire.add_matchspy(&spy);
    enquire.get_mset(0, 0, db.get_doccount());
    nlohmann::json values = nlohmann::json::array();
    for (const auto& [value, count] : spy.counts()) {
      values.push_back({{"value", value}, {"label", value}, {"count", count}});
    }
    std::stable_sort(values.begin(), values.end(),
                     [](const auto& a, const auto& b) { return a["count"] > b["count"]; });
    facets[d.name] = values;
  }
  return facets;
}

// A correction is offered only when it finds visible items with all of its words, so spelling
// data from items the user cannot see never surfaces.
std::optional<std::string> did_you_mean(Xapian::Database& db, const Xapian::Query& filter, Xapian::QueryParser& parser) {
  const std::string corrected = parser.get_corrected_query_string();
  if (corrected.empty()) return std::nullopt;
  Xapian::QueryParser strict = make_parser(db);
  strict.set_default_op(Xapian::Query::OP_AND);
  Xapian::Enquire enquire(db);
  enquire.set_query(filtered(strict.parse_query(corrected, kParseFlags & ~Xapian::QueryParser::FLAG_SPELLING_CORRECTION), filter));
  if (enquire.get_mset(0, 1).empty()) return std::nullopt;
  return corrected;
}

}  // namespace

nlohmann::json search(Xapian::Database& db, const core::User& user, const SearchParams& p) {
  check_query_syntax(p.q);
  Xapian::QueryParser parser = make_parser(db);
  const bool has_text = p.q.find_first_not_of(" \t") != std::string::npos;
  Xapian::Query text = has_text ? parser.parse_query(p.q, kParseFlags) : Xapian::Query::MatchAll;
  if (text.empty()) text = Xapian::Query::MatchAll;  // only stop-words or punctuation
  const Xapian::Query filter = build_filter(user, p, Facet::none);

  Xapian::Enquire enquire(db);
  enquire.set_query(filtered(text, filter));
  if (p.sort == SortOrder::newest || !has_text) enquire.set_sort_by_value_then_relevance(schema::kUpdatedSlot, true);
  const auto offset = static_cast<Xapian::doccount>((p.page - 1) * p.per_page);
  Xapian::MSet mset = enquire.get_mset(offset, static_cast<Xapian::doccount>(p.per_page), db.get_doccount());

  nlohmann::json results = nlohmann::json::array();
  for (auto m = mset.begin(); m != mset.end(); ++m) results.push_back(result_json(m, mset, has_text));
  nlohmann::json out = {{"query", p.q},
                        {"total", mset.get_matches_estimated()},
                        {"total_exact", mset.get_matches_lower_bound() == mset.get_matches_upper_bound()},
                        {"page", p.page},
                        {"per_page", p.per_page},
                        {"results", results},
                        {"facets", facet_counts(db, user, p, text)}};
  if (has_text) {
    if (auto suggestion = did_you_mean(db, filter, parser)) out["did_you_mean"] = *suggestion;
  }
  return out;
}

nlohmann::json suggest(Xapian::Database& db, const core::User& user, const std::string& prefix, int limit) {
  nlohmann::json out = nlohmann::json::array();
  if (prefix.find_first_not_of(" \t\"") == std::string::npos) return out;
  Xapian::QueryParser parser = make_parser(db);
  parser.set_default_op(Xapian::Query::OP_AND);
  Xapian::Query query = parser.parse_query(prefix, Xapian::QueryParser::FLAG_PARTIAL, std::string(schema::kTitlePrefix));
  Xapian::Enquire enquire(db);
  enquire.set_query(filtered(query, visibility_filter(user, false)));
  Xapian::MSet mset = enquire.get_mset(0, static_cast<Xapian::doccount>(limit));
  for (auto m = mset.begin(); m != mset.end(); ++m) {
    nlohmann::json data = nlohmann::json::parse(m.get_document().get_data());
    out.push_back({{"text", data["title"]}, {"id", data["id"]}, {"source", "title"}});
  }
  return out;
}

nlohmann::json similar(Xapian::Database& db, const core::User& user, const std::string& id, int limit) {
  const Xapian::Query filter = visibility_filter(user, false);
  const Xapian::Query self(schema::term(schema::kIdPrefix, id));
  Xapian::Enquire find(db);
  find.set_query(filtered(self, filter));
  Xapian::MSet found = find.get_mset(0, 1);
  if (found.empty()) throw core::NotFound("no item '" + id + "'");

  Xapian::RSet rset;
  rset.add_document(*found.begin());
  struct FreeTextOnly : Xapian::ExpandDecider {
    bool operator()(const std::string& term) const override {
      // Unprefixed words only (no boolean or field terms), and no stop words.
      return !term.empty() && std::islower(static_cast<unsigned char>(term[0])) && !core::is_stopword(term);
    }
  } decider;
  Xapian::Enquire expand(db);
  Xapian::ESet eset = expand.get_eset(20, rset, &decider);
  Xapian::Query terms(Xapian::Query::OP_OR, eset.begin(), eset.end());
  Xapian::Enquire enquire(db);
  enquire.set_query(filtered(Xapian::Query(Xapian::Query::OP_AND_NOT, terms, self), filter));
  Xapian::MSet mset = enquire.get_mset(0, static_cast<Xapian::doccount>(limit));
  nlohmann::json out = nlohmann::json::array();
  for (auto m = mset.begin(); m != mset.end(); ++m) out.push_back(result_json(m, mset, false));
  return out;
}

}  // namespace km::server
