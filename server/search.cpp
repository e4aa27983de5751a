#include "server/search.h"

#include <map>
#include <memory>

#include "core/error.h"
#include "core/index_schema.h"
#include "core/stopwords.h"
#include "server/access.h"
#include "server/query_check.h"
#include "server/signal_boost.h"
#include "core/text.h"
#include "taxonomy/query_expansion.h"

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

// Stop words of core/stopwords.h, for the query parser.
struct Stopwords : Xapian::Stopper {
  bool operator()(const std::string& word) const override { return core::is_stopword(word); }
};

// The field prefixes of the query language: title:refund, org:partner...
struct QueryField {
  std::string_view name;
  std::string_view term_prefix;
  bool boolean;  // a filter (org:partner), not words to score (title:refund)
};
constexpr QueryField kQueryFields[] = {
    {"title", schema::kTitlePrefix, false},         {"summary", schema::kSummaryPrefix, false},
    {"org", schema::kOrgPrefix, true},              {"kind", schema::kKindPrefix, true},
    {"concept", schema::kConceptPrefix, true},      {"community", schema::kCommunityPrefix, true}};

Xapian::QueryParser make_parser(Xapian::Database& db, bool stopwords = false) {
  static const Stopwords kStopwords;  // immutable, shared by every parser
  Xapian::QueryParser parser;
  if (stopwords) parser.set_stopper(&kStopwords);
  parser.set_database(db);
  parser.set_stemmer(Xapian::Stem(schema::kLanguage));
  parser.set_stemming_strategy(Xapian::QueryParser::STEM_SOME);
  parser.set_default_op(Xapian::Query::OP_OR);
  for (const QueryField& f : kQueryFields) {
    if (f.boolean) parser.add_boolean_prefix(std::string(f.name), std::string(f.term_prefix));
    else parser.add_prefix(std::string(f.name), std::string(f.term_prefix));
  }
  return parser;
}

Xapian::Query any_term(std::string_view prefix, const std::vector<std::string>& values) {
  std::vector<Xapian::Query> terms;
  for (const auto& v : values) terms.emplace_back(schema::term(prefix, v));
  return Xapian::Query(Xapian::Query::OP_OR, terms.begin(), terms.end());
}

enum class Facet { org, kind, community, concept_id, none };

// A concept filter matches the concept and every concept below it.
std::vector<std::string> with_narrower(const std::vector<std::string>& concepts, const taxonomy::ConceptGraph& graph) {
  std::vector<std::string> out = concepts;
  for (const auto& c : concepts) {
    for (auto& d : graph.descendants(c)) out.push_back(std::move(d));
  }
  return out;
}

// The boolean filter of a search: visibility AND every requested filter except `skip`.
Xapian::Query build_filter(const core::User& user, const SearchParams& p, Facet skip, const taxonomy::ConceptGraph& graph) {
  std::vector<Xapian::Query> parts = {
      p.unrestricted ? Xapian::Query(Xapian::Query::OP_AND_NOT, match_all(),
                                     Xapian::Query(schema::term(schema::kStatusPrefix, "retired")))
                     : visibility_filter(user, p.include_retired)};
  auto add = [&](Facet facet, std::string_view prefix, const std::vector<std::string>& values) {
    if (facet != skip && !values.empty()) parts.push_back(any_term(prefix, values));
  };
  add(Facet::org, schema::kOrgPrefix, p.org);
  add(Facet::kind, schema::kKindPrefix, p.kind);
  add(Facet::community, schema::kCommunityPrefix, p.community);
  add(Facet::concept_id, schema::kConceptPrefix, with_narrower(p.concepts, graph));
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

// An expansion of the query and the index terms it searches for.
struct UsedExpansion {
  taxonomy::Expansion expansion;
  std::vector<std::string> terms;
};

// The query's words, plus the labels aligned with the concepts they name (weighted by
// relation). Queries with explicit boolean syntax are left exactly as written.
struct TextQuery {
  Xapian::Query query;
  Xapian::Query title;  // the same query over title words only (the title boost)
  std::vector<UsedExpansion> expansions;
};

// Whether the person used the query language on purpose: quotes, brackets, a + or - in front
// of a word, a field prefix (title:...) or an upper-case operator. Such queries are run exactly
// as written. A hyphen or colon inside ordinary text ("boundary-layer", "ratio:") is not syntax.
bool has_explicit_syntax(const std::string& q) {
  if (q.find_first_of("()\"") != std::string::npos) return true;
  std::size_t start = 0;
  while ((start = q.find_first_not_of(" \t", start)) != std::string::npos) {
    const std::size_t end = std::min(q.find_first_of(" \t", start), q.size());
    const std::string_view word(q.data() + start, end - start);
    start = end;
    if (word.size() > 1 && (word[0] == '+' || word[0] == '-')) return true;
    for (const char* op : {"AND", "OR", "NOT", "XOR", "NEAR", "ADJ"}) {
      if (word == op) return true;
    }
    const std::size_t colon = word.find(':');
    for (const QueryField& f : kQueryFields) {
      if (colon != std::string_view::npos && word.substr(0, colon) == f.name) return true;
    }
  }
  return false;
}

// Each span that names a concept becomes one synonym group — its own words OR the equivalent
// (exact, close) labels of the aligned concepts — so a document scores the same whichever
// organisation's words it uses, and no more for using several. Broader, narrower and related
// labels join at reduced weight outside the group. The title query is built alongside from the
// same spans, so that a title counts alike in either organisation's words (with a parser of its
// own: `parser` keeps the spelling correction of the query itself).
TextQuery build_text_query(Xapian::QueryParser& parser, Xapian::QueryParser& title_parser, const SearchParams& p,
                           const taxonomy::ConceptGraph& graph) {
  const std::string title_prefix(schema::kTitlePrefix);
  TextQuery out{parser.parse_query(p.q, kParseFlags),
                title_parser.parse_query(p.q, kParseFlags & ~Xapian::QueryParser::FLAG_SPELLING_CORRECTION, title_prefix), {}};
  if (!p.expand || has_explicit_syntax(p.q)) return out;
  const auto spans = taxonomy::expand_query(graph, p.q, p.include_related);
  bool any = std::any_of(spans.begin(), spans.end(), [](const auto& s) { return !s.expansions.empty(); });
  if (!any) return out;
  // One word: stemmed, so "tickets" matches "ticket". Several: an exact phrase.
  // Labels are reduced to their words first: no quote or operator in a label can change the
  // query's structure.
  auto words_query = [](Xapian::QueryParser& qp, const std::string& text, const std::string& prefix) {
    const std::string plain = taxonomy::plain_words(text);
    return plain.find(' ') == std::string::npos
               ? qp.parse_query(plain, 0, prefix)
               : qp.parse_query("\"" + plain + "\"", Xapian::QueryParser::FLAG_PHRASE, prefix);
  };
  std::vector<Xapian::Query> parts, title_parts;
  for (const taxonomy::QuerySpan& span : spans) {
    std::vector<Xapian::Query> group = {words_query(parser, span.text, "")};
    std::vector<Xapian::Query> title_group = {words_query(title_parser, span.text, title_prefix)};
    for (const taxonomy::Expansion& e : span.expansions) {
      Xapian::Query phrase = words_query(parser, e.label, "");
      if (phrase.empty()) continue;
      Xapian::Query title_phrase = words_query(title_parser, e.label, title_prefix);
      UsedExpansion used{e, {}};
      for (auto t = phrase.get_terms_begin(); t != phrase.get_terms_end(); ++t) used.terms.push_back(*t);
      if (e.weight >= 1.0) {
        group.push_back(phrase);
        title_group.push_back(title_phrase);
      } else {
        parts.emplace_back(Xapian::Query::OP_SCALE_WEIGHT, phrase, e.weight);
        title_parts.emplace_back(Xapian::Query::OP_SCALE_WEIGHT, title_phrase, e.weight);
      }
      out.expansions.push_back(std::move(used));
    }
    parts.emplace_back(Xapian::Query::OP_SYNONYM, group.begin(), group.end());
    title_parts.emplace_back(Xapian::Query::OP_SYNONYM, title_group.begin(), title_group.end());
  }
  out.query = Xapian::Query(Xapian::Query::OP_OR, parts.begin(), parts.end());
  out.title = Xapian::Query(Xapian::Query::OP_OR, title_parts.begin(), title_parts.end());
  return out;
}

// Why a result matched through the taxonomy: the expansions all of whose terms it contains.
nlohmann::json reasons(const Xapian::Enquire& enquire, const Xapian::MSetIterator& m, const std::vector<UsedExpansion>& expansions) {
  nlohmann::json why = nlohmann::json::array();
  if (expansions.empty()) return why;
  std::vector<std::string> matching(enquire.get_matching_terms_begin(m), enquire.get_matching_terms_end(m));
  for (const UsedExpansion& e : expansions) {
    bool all = std::all_of(e.terms.begin(), e.terms.end(), [&](const std::string& t) {
      return std::find(matching.begin(), matching.end(), t) != matching.end();
    });
    if (all && !e.terms.empty()) why.push_back(e.expansion.reason());
  }
  return why;
}

nlohmann::json concept_labels(const nlohmann::json& ids, const taxonomy::ConceptGraph& graph) {
  nlohmann::json concepts = nlohmann::json::array();
  for (const auto& c : ids) concepts.push_back({{"id", c}, {"label", graph.label(c.get<std::string>())}});
  return concepts;
}

nlohmann::json result_json(const Xapian::MSetIterator& m, const Xapian::MSet& mset, bool snippets,
                           const taxonomy::ConceptGraph& graph) {
  nlohmann::json data = nlohmann::json::parse(m.get_document().get_data());
  nlohmann::json concepts = concept_labels(data["concepts"], graph);
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

// Whether a filter on this dimension is active (its facet counts then need their own pass).
bool filters_on(const SearchParams& p, Facet facet) {
  switch (facet) {
    case Facet::org: return !p.org.empty();
    case Facet::kind: return !p.kind.empty();
    case Facet::community: return !p.community.empty();
    case Facet::concept_id: return !p.concepts.empty();
    case Facet::none: return false;
  }
  return false;
}

// Counts under the other filters: a dimension's own filter is left out. Dimensions without an
// active filter all count under the full filter, so they share one pass over the matches;
// counting needs no scores, so the passes use BoolWeight.
nlohmann::json facet_counts(Xapian::Database& db, const core::User& user, const SearchParams& p,
                            const Xapian::Query& text, const taxonomy::ConceptGraph& graph) {
  struct Dimension { const char* name; Facet facet; Xapian::valueno slot; };
  const Dimension dims[] = {{"org", Facet::org, schema::kOrgSlot},
                            {"kind", Facet::kind, schema::kKindSlot},
                            {"community", Facet::community, schema::kCommunitySlot},
                            {"concept", Facet::concept_id, schema::kConceptsSlot}};
  std::map<Facet, MultiValueCountSpy> spies;
  auto count = [&](Facet skip, const std::vector<const Dimension*>& counted) {
    Xapian::Enquire enquire(db);
    enquire.set_weighting_scheme(Xapian::BoolWeight());
    enquire.set_query(filtered(text, build_filter(user, p, skip, graph)));
    for (const Dimension* d : counted) enquire.add_matchspy(&spies.try_emplace(d->facet, d->slot).first->second);
    enquire.get_mset(0, 0, db.get_doccount());
  };
  std::vector<const Dimension*> shared;
  for (const Dimension& d : dims) {
    if (filters_on(p, d.facet)) count(d.facet, {&d});
    else shared.push_back(&d);
  }
  if (!shared.empty()) count(Facet::none, shared);

  nlohmann::json facets = nlohmann::json::object();
  for (const Dimension& d : dims) {
    nlohmann::json values = nlohmann::json::array();
    for (const auto& [value, n] : spies.at(d.facet).counts()) {
      values.push_back({{"value", value}, {"label", d.facet == Facet::concept_id ? graph.label(value) : value}, {"count", n}});
    }
    std::stable_sort(values.begin(), values.end(), [](const auto& a, const auto& b) { return a["count"] > b["count"]; });
    facets[d.name] = values;
  }
  return facets;
}

// A correction is offered only when it finds visible items with all of its words, so spelling
// data from items the user cannot see never surfaces.
std::optional<std::string> did_you_mean(Xapian::Database& db, const Xapian::Query& filter, const Xapian::QueryParser& parser) {
  const std::string corrected = parser.get_corrected_query_string();
  if (corrected.empty()) return std::nullopt;
  Xapian::QueryParser strict = make_parser(db);
  strict.set_default_op(Xapian::Query::OP_AND);
  Xapian::Enquire enquire(db);
  enquire.set_query(filtered(strict.parse_query(corrected, kParseFlags & ~Xapian::QueryParser::FLAG_SPELLING_CORRECTION), filter));
  if (enquire.get_mset(0, 1).empty()) return std::nullopt;
  return corrected;
}

// One ranked page of a search, and what rendering it needs.
struct Ranked {
  explicit Ranked(Xapian::Database& db) : enquire(db) {}
  bool has_text = false;
  Xapian::QueryParser parser;  // keeps the spelling correction of the query
  TextQuery text;
  Xapian::Query filter;
  Xapian::Enquire enquire;
  Xapian::MSet mset;
};

std::unique_ptr<Ranked> rank(Xapian::Database& db, const core::User& user, const SearchParams& p,
                             const taxonomy::ConceptGraph& graph) {
  check_query_syntax(p.q);
  auto out = std::make_unique<Ranked>(db);
  out->has_text = p.q.find_first_not_of(" \t") != std::string::npos;
  out->parser = make_parser(db, p.ranking.stopwords);
  Xapian::QueryParser title_parser = make_parser(db, p.ranking.stopwords);
  out->text = out->has_text ? build_text_query(out->parser, title_parser, p, graph) : TextQuery{match_all(), {}, {}};
  if (out->text.query.empty()) out->text.query = match_all();  // only stop-words or punctuation
  out->filter = build_filter(user, p, Facet::none, graph);
  Xapian::Query ranked = out->text.query;
  if (out->has_text && !has_explicit_syntax(p.q)) {
    ranked = boost(db, out->text.query, out->text.title, out->filter, taxonomy::words_of(p.q), p.ranking);
  }
  if (p.ranking.signals && out->has_text) {
    auto* signals = new SignalBoost(p.ranking, core::utc_timestamp().substr(0, 10));
    ranked = Xapian::Query(Xapian::Query::OP_AND_MAYBE, ranked, Xapian::Query(signals->release()));
  }
  out->enquire.set_weighting_scheme(bm25(p.ranking));
  out->enquire.set_query(filtered(ranked, out->filter));
  if (p.sort == SortOrder::newest || !out->has_text) out->enquire.set_sort_by_value_then_relevance(schema::kUpdatedSlot, true);
  const auto offset = static_cast<Xapian::doccount>((p.page - 1) * p.per_page);
  out->mset = out->enquire.get_mset(offset, static_cast<Xapian::doccount>(p.per_page), db.get_doccount());
  return out;
}

}  // namespace

std::vector<std::string> search_ids(Xapian::Database& db, const core::User& user, const SearchParams& p,
                                    const taxonomy::ConceptGraph& graph) {
  const auto ranked = rank(db, user, p, graph);
  std::vector<std::string> ids;
  for (auto m = ranked->mset.begin(); m != ranked->mset.end(); ++m) {
    auto term = db.termlist_begin(*m);
    term.skip_to(std::string(schema::kIdPrefix));
    if (term != db.termlist_end(*m) && (*term).rfind(schema::kIdPrefix, 0) == 0) {
      ids.push_back((*term).substr(schema::kIdPrefix.size()));
    }
  }
  return ids;
}

nlohmann::json search(Xapian::Database& db, const core::User& user, const SearchParams& p,
                      const taxonomy::ConceptGraph& graph) {
  const auto ranked = rank(db, user, p, graph);
  const bool has_text = ranked->has_text;
  const TextQuery& text = ranked->text;
  const Xapian::MSet& mset = ranked->mset;
  Xapian::Enquire& enquire = ranked->enquire;

  // Snippets mark the words the user searched for (and their taxonomy expansions), not the
  // feedback terms or signals that only reorder: they come from an MSet of the text query.
  Xapian::Enquire words_only(db);
  words_only.set_query(text.query);
  const Xapian::MSet snippet_source = words_only.get_mset(0, 0);
  nlohmann::json results = nlohmann::json::array();
  for (auto m = mset.begin(); m != mset.end(); ++m) {
    nlohmann::json r = result_json(m, snippet_source, has_text, graph);
    if (auto why = reasons(enquire, m, text.expansions); !why.empty()) r["why"] = why;
    results.push_back(std::move(r));
  }
  nlohmann::json expansions = nlohmann::json::array();
  for (const UsedExpansion& e : text.expansions) {
    expansions.push_back({{"matched", e.expansion.matched}, {"concept", e.expansion.concept_id}, {"label", e.expansion.label},
                          {"owner", e.expansion.owner}, {"relation", taxonomy::to_string(e.expansion.relation)},
                          {"weight", e.expansion.weight}});
  }
  nlohmann::json out = {{"query", p.q},
                        {"total", mset.get_matches_estimated()},
                        {"total_exact", mset.get_matches_lower_bound() == mset.get_matches_upper_bound()},
                        {"page", p.page},
                        {"per_page", p.per_page},
                        {"results", results},
                        {"expansions", expansions},
                        {"facets", facet_counts(db, user, p, text.query, graph)}};
  if (has_text) {
    if (auto suggestion = did_you_mean(db, ranked->filter, ranked->parser)) out["did_you_mean"] = *suggestion;
  }
  return out;
}

nlohmann::json suggest(Xapian::Database& db, const core::User& user, const std::string& prefix, int limit,
                       const taxonomy::ConceptGraph& graph, const std::vector<std::string>& past_queries) {
  nlohmann::json out = nlohmann::json::array();
  if (prefix.find_first_not_of(" \t\"") == std::string::npos) return out;
  // Someone else's query may name what this user cannot see: check it finds a visible item
  // with every one of its words before offering it.
  Xapian::QueryParser strict = make_parser(db);
  strict.set_default_op(Xapian::Query::OP_AND);
  for (const std::string& past : past_queries) {
    if (static_cast<int>(out.size()) >= limit / 2) break;
    Xapian::Enquire check(db);
    check.set_query(filtered(strict.parse_query(past, 0), visibility_filter(user, false)));
    if (!check.get_mset(0, 1).empty()) out.push_back({{"text", past}, {"source", "query"}});
  }
  Xapian::QueryParser parser = make_parser(db);
  parser.set_default_op(Xapian::Query::OP_AND);
  Xapian::Query query = parser.parse_query(prefix, Xapian::QueryParser::FLAG_PARTIAL, std::string(schema::kTitlePrefix));
  Xapian::Enquire enquire(db);
  enquire.set_query(filtered(query, visibility_filter(user, false)));
  Xapian::MSet mset = enquire.get_mset(0, static_cast<Xapian::doccount>(limit));
  for (auto m = mset.begin(); m != mset.end(); ++m) {
    if (static_cast<int>(out.size()) >= limit) break;
    nlohmann::json data = nlohmann::json::parse(m.get_document().get_data());
    out.push_back({{"text", data["title"]}, {"id", data["id"]}, {"source", "title"}});
  }
  // Concept labels (taxonomies are shared vocabulary, not item content) starting with what was
  // typed, compared word by word in lower case.
  const std::string typed = taxonomy::plain_words(prefix);
  for (const taxonomy::Concept& c : graph.concepts()) {
    if (typed.empty() || static_cast<int>(out.size()) >= limit) break;
    const bool listed = std::any_of(out.begin(), out.end(), [&](const auto& s) { return s["text"] == c.pref_label; });
    if (!listed && taxonomy::plain_words(c.pref_label).rfind(typed, 0) == 0) {
      out.push_back({{"text", c.pref_label}, {"concept", c.id}, {"source", "concept"}});
    }
  }
  return out;
}

nlohmann::json similar(Xapian::Database& db, const core::User& user, const std::string& id, int limit,
                       const taxonomy::ConceptGraph& graph) {
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
  for (auto m = mset.begin(); m != mset.end(); ++m) out.push_back(result_json(m, mset, false, graph));
  return out;
}

}  // namespace km::server
