#include "search/text_query.h"

#include <algorithm>
#include <set>

#include "core/index_schema.h"
#include "core/stopwords.h"
#include "search/phrase_matches.h"
#include "search/query_check.h"

namespace km::search {
namespace schema = core::schema;
namespace {

// Stop words of core/stopwords.h, for the query parser.
struct Stopwords : Xapian::Stopper {
  bool operator()(const std::string& word) const override { return core::is_stopword(word); }
};

// A label (or the span of the query that named a concept) as a query: one word stemmed, so
// "tickets" matches "ticket"; several an exact phrase. Labels are reduced to their words first:
// no quote or operator in a label can change the query's structure.
Xapian::Query words_query(Xapian::QueryParser& parser, const std::string& text, const std::string& prefix) {
  const std::string plain = taxonomy::plain_words(text);
  return plain.find(' ') == std::string::npos
             ? parser.parse_query(plain, 0, prefix)
             : parser.parse_query("\"" + plain + "\"", Xapian::QueryParser::FLAG_PHRASE, prefix);
}

// A query over all free text as `options` want it: its phrases filtered by their matches.
Xapian::Query with_options(const Xapian::Query& query, const TextQueryOptions& options) {
  return options.phrase_filters ? with_phrase_filters(query, *options.phrase_filters) : query;
}

// The parts of an expanded query, OR-ed together: over all text, and over titles.
struct Additions {
  std::vector<Xapian::Query> text, title;
};

// A span that names a concept: its equivalent labels form one synonym group with the span's
// own words (a phrase when several), so a document scores the same whichever organisation's
// words it uses and no more for using several; weaker relations join alone at their weight.
// The words of a several-word span also match one by one, at `literal_weight`, so that
// expansion never loses a match that the words alone would find.
// A label of several words whose synonym group already holds one of them as a one-word member
// ("devices and equipment" beside "equipment") finds nothing the group does not: it is left out.
// A phrase is the costliest part of a query (positions read for every document holding all its
// words): such phrases made the slowest searches at 100,000 items.
void add_span(Xapian::QueryParser& parser, Xapian::QueryParser& title_parser, const taxonomy::QuerySpan& span,
              const TextQueryOptions& options, Additions& out, std::vector<UsedExpansion>& used) {
  const Xapian::Stem stem(schema::kLanguage);
  auto stems_of = [&](const std::string& text) {
    std::vector<std::string> stems;
    for (const std::string& word : taxonomy::words_of(text)) stems.push_back(stem(word));
    return stems;
  };
  std::set<std::string> one_word;  // the stems of the group's one-word members
  for (const std::string& text : {span.text}) {
    if (const auto s = stems_of(text); s.size() == 1) one_word.insert(s[0]);
  }
  for (const taxonomy::Expansion& e : span.expansions) {
    if (const auto s = stems_of(e.label); e.weight >= 1.0 && s.size() == 1) one_word.insert(s[0]);
  }
  const std::string title_prefix(schema::kTitlePrefix);
  std::vector<Xapian::Query> group = {words_query(parser, span.text, "")};
  std::vector<Xapian::Query> title_group = {words_query(title_parser, span.text, title_prefix)};
  for (const taxonomy::Expansion& e : span.expansions) {
    if (const auto s = stems_of(e.label); e.weight >= 1.0 && s.size() > 1 &&
                                          std::any_of(s.begin(), s.end(), [&](const auto& w) { return one_word.count(w) > 0; })) {
      continue;
    }
    Xapian::Query label = words_query(parser, e.label, "");
    if (label.empty()) continue;
    Xapian::Query title_label = words_query(title_parser, e.label, title_prefix);
    UsedExpansion u{e, {}};
    for (auto t = label.get_terms_begin(); t != label.get_terms_end(); ++t) u.terms.push_back(*t);
    used.push_back(std::move(u));
    if (e.weight >= 1.0) {
      group.push_back(std::move(label));  // the group is filtered as a whole (phrase_matches.h)
      title_group.push_back(std::move(title_label));
    } else {
      out.text.emplace_back(Xapian::Query::OP_SCALE_WEIGHT, with_options(label, options), e.weight);
      out.title.emplace_back(Xapian::Query::OP_SCALE_WEIGHT, title_label, e.weight);
    }
  }
  out.text.push_back(with_options(Xapian::Query(Xapian::Query::OP_SYNONYM, group.begin(), group.end()), options));
  out.title.emplace_back(Xapian::Query::OP_SYNONYM, title_group.begin(), title_group.end());
  // One word is in its group already (stemmed); several are a phrase there.
  if (taxonomy::plain_words(span.text).find(' ') == std::string::npos) return;
  const unsigned flags = kParseFlags & ~Xapian::QueryParser::FLAG_SPELLING_CORRECTION;
  out.text.emplace_back(Xapian::Query::OP_SCALE_WEIGHT, with_options(parser.parse_query(span.text, flags), options), options.literal_weight);
  out.title.emplace_back(Xapian::Query::OP_SCALE_WEIGHT, title_parser.parse_query(span.text, flags, title_prefix),
                         options.literal_weight);
}

// The query's own text without the words of the spans that name a concept, split where the
// person put spaces (so "can't" stays one word, as Xapian reads it), stop words left out.
std::string unexpanded_text(const std::string& q, const std::vector<taxonomy::QuerySpan>& spans, bool stopwords) {
  std::vector<bool> expanded;  // one flag per word of taxonomy::words_of(q), in order
  for (const auto& span : spans) expanded.insert(expanded.end(), taxonomy::words_of(span.text).size(), !span.expansions.empty());
  std::string out;
  std::size_t word = 0, start = 0;
  while ((start = q.find_first_not_of(" \t", start)) != std::string::npos) {
    const std::size_t end = std::min(q.find_first_of(" \t", start), q.size());
    const std::string token = q.substr(start, end - start);
    start = end;
    bool keep = false;
    for (std::size_t n = taxonomy::words_of(token).size(); n > 0; --n, ++word) {
      keep |= word >= expanded.size() || !expanded[word];
    }
    if (keep && !(stopwords && core::is_stopword(taxonomy::plain_words(token)))) out += (out.empty() ? "" : " ") + token;
  }
  return out;
}

Xapian::Query any_of(std::vector<Xapian::Query> parts) {
  parts.erase(std::remove_if(parts.begin(), parts.end(), [](const Xapian::Query& q) { return q.empty(); }), parts.end());
  return Xapian::Query(Xapian::Query::OP_OR, parts.begin(), parts.end());
}

}  // namespace
Xapian::QueryParser make_parser(Xapian::Database& db, bool stopwords) {
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

TextQuery build_text_query(Xapian::QueryParser& parser, Xapian::QueryParser& title_parser, const std::string& q,
                           const TextQueryOptions& options, const taxonomy::ConceptGraph& graph) {
  const unsigned first_flags = options.spelling ? kParseFlags : kParseFlags & ~Xapian::QueryParser::FLAG_SPELLING_CORRECTION;
  TextQuery out{with_options(parser.parse_query(q, first_flags), options),
                title_parser.parse_query(q, kParseFlags & ~Xapian::QueryParser::FLAG_SPELLING_CORRECTION,
                                         std::string(schema::kTitlePrefix)),
                {}};
  if (!options.expand || has_explicit_syntax(q)) return out;
  const auto spans = taxonomy::expand_query(graph, q, options.include_related);
  if (std::all_of(spans.begin(), spans.end(), [](const auto& s) { return s.expansions.empty(); })) return out;
  // The other words are parsed together, as the person typed them (Xapian would keep a query
  // of stop words only, so those are left out first).
  const unsigned flags = kParseFlags & ~Xapian::QueryParser::FLAG_SPELLING_CORRECTION;
  const std::string rest = unexpanded_text(q, spans, options.stopwords);
  Additions parts{{with_options(parser.parse_query(rest, flags), options)}, {title_parser.parse_query(rest, flags, std::string(schema::kTitlePrefix))}};
  for (const taxonomy::QuerySpan& span : spans) {
    if (!span.expansions.empty()) add_span(parser, title_parser, span, options, parts, out.expansions);
  }
  out.query = any_of(std::move(parts.text));
  out.title = any_of(std::move(parts.title));
  return out;
}

}  // namespace km::search
