#pragma once
// The text query of a search: the person's words as Xapian terms, plus the labels aligned with
// the concepts those words name (cross-vocabulary expansion).
//
// Expansion only adds: each span of the query that names a concept becomes one synonym group
// of its own words (as a phrase) and the aligned equivalent labels (exact, close), broader,
// narrower and related labels join at reduced weight, and the span's words still match one by
// one (at a lower weight); the other words stay as they are, stop words dropped. So the matches
// with expansion always include the matches without it.
// Queries that use the query language on purpose (query_check.h) are run exactly as written.
//
// Thread-compatible: the parsers belong to the caller. Throws Xapian::QueryParserError on
// syntax the parser rejects (check_query_syntax() runs first and catches the usual cases).
#include <xapian.h>

#include <string>
#include <vector>

#include "taxonomy/concept_graph.h"
#include "taxonomy/query_expansion.h"

namespace km::search {

// Parse flags of the search box (phrases, boolean operators, +/-, spelling correction).
inline constexpr unsigned kParseFlags = Xapian::QueryParser::FLAG_PHRASE | Xapian::QueryParser::FLAG_BOOLEAN |
                                        Xapian::QueryParser::FLAG_LOVEHATE |
                                        Xapian::QueryParser::FLAG_SPELLING_CORRECTION;

// A parser for `db` with the index's stemmer, the query language's field prefixes, OR as the
// default operator and, when `stopwords`, English stop words dropped.
Xapian::QueryParser make_parser(Xapian::Database& db, bool stopwords = false);

// An expansion of the query and the index terms it searches for.
struct UsedExpansion {
  taxonomy::Expansion expansion;
  std::vector<std::string> terms;
};

struct TextQuery {
  Xapian::Query query;  // over all free text
  Xapian::Query title;  // the same query over title words only (the title boost)
  std::vector<UsedExpansion> expansions;
};

struct TextQueryOptions {
  bool expand = true;            // add the aligned labels
  bool include_related = false;  // also along relatedMatch
  double literal_weight = 0.3;   // the words of a span that names a concept, one by one
  bool stopwords = true;         // drop stop words (as the parsers do)
  bool spelling = true;          // find the query's spelling correction (a lookup per unknown word)
  // The database whose phrases filter the text query (with_phrase_filters(),
  // search/phrase_matches.h): the same matches, positions read only where a phrase is. Null:
  // none. Local shards only.
  const Xapian::Database* phrase_filters = nullptr;
};

// With options.spelling, `parser` keeps the spelling correction of the query
// (get_corrected_query_string());
// `title_parser` parses the title query without it.
TextQuery build_text_query(Xapian::QueryParser& parser, Xapian::QueryParser& title_parser, const std::string& q,
                           const TextQueryOptions& options, const taxonomy::ConceptGraph& graph);

}  // namespace km::search
