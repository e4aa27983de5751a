#include "search/search.h"

#include <algorithm>
#include <future>
#include <memory>

#include "core/error.h"
#include "core/index_layout.h"
#include "core/index_schema.h"
#include "core/stopwords.h"
#include "core/text.h"
#include "search/access.h"
#include "search/doc_values.h"
#include "search/first_pass.h"
#include "search/match_counts.h"
#include "search/phrase_matches.h"
#include "search/query_check.h"
#include "search/query_terms.h"
#include "search/signal_boost.h"
#include "search/snapshot_cache.h"
#include "search/snippet.h"
#include "search/term_bound.h"
#include "search/text_query.h"

namespace km::search {
namespace schema = core::schema;
namespace {

Xapian::Query any_term(std::string_view prefix, const std::vector<std::string>& values) {
  std::vector<Xapian::Query> terms;
  for (const auto& v : values) terms.emplace_back(schema::term(prefix, v));
  return Xapian::Query(Xapian::Query::OP_OR, terms.begin(), terms.end());
}

// A concept filter matches the concept and every concept below it.
std::vector<std::string> with_narrower(const std::vector<std::string>& concepts, const taxonomy::ConceptGraph& graph) {
  std::vector<std::string> out = concepts;
  for (const auto& c : concepts) {
    for (auto& d : graph.descendants(c)) out.push_back(std::move(d));
  }
  return out;
}

// How a filter holds who may see what: as the audience terms (any database), as a posting
// source over the visibility bitmaps (local shards only), or not at all (the pass runs with
// visibility_decider(); unrestricted searches keep their filter on status).
enum class Audience { terms, bitmaps, decider };

// The boolean filter of a search: visibility AND every requested filter except `skip`. With
// Audience::decider and no other filter it has no part: an empty query, which Xapian reads as
// matching nothing (ask visibility_alone() first).
Xapian::Query build_filter(const core::User& user, const SearchParams& p, Facet skip, const taxonomy::ConceptGraph& graph,
                           Audience audience = Audience::terms) {
  std::vector<Xapian::Query> parts;
  if (p.unrestricted) {
    parts.emplace_back(Xapian::Query::OP_AND_NOT, match_all(), Xapian::Query(schema::term(schema::kStatusPrefix, "retired")));
  } else if (audience != Audience::decider) {
    parts.push_back(audience == Audience::bitmaps ? local_visibility_filter(user, p.include_retired)
                                                  : visibility_filter(user, p.include_retired));
  }
  auto add = [&](Facet facet, std::string_view prefix, const std::vector<std::string>& values) {
    if (facet != skip && !values.empty()) parts.push_back(any_term(prefix, values));
  };
  add(Facet::org, schema::kOrgPrefix, p.org);
  add(Facet::kind, schema::kKindPrefix, p.kind);
  add(Facet::community, schema::kCommunityPrefix, p.community);
  add(Facet::concept_id, schema::kConceptPrefix, with_narrower(p.concepts, graph));
  if (!p.status.empty()) parts.push_back(any_term(schema::kStatusPrefix, p.status));  // no facet: never skipped
  if (!p.from.empty() || !p.to.empty()) {
    // Dates are ISO text; "~" sorts after any time part, so `to` includes its whole day.
    parts.emplace_back(Xapian::Query::OP_VALUE_RANGE, schema::kUpdatedSlot, p.from.empty() ? "0" : p.from,
                       p.to.empty() ? "~" : p.to + "~");
  }
  return Xapian::Query(Xapian::Query::OP_AND, parts.begin(), parts.end());
}

// Whether a search's only filter is who may see what.
bool visibility_alone(const SearchParams& p) {
  return !p.unrestricted && p.org.empty() && p.kind.empty() && p.community.empty() && p.concepts.empty() &&
         p.status.empty() && p.from.empty() && p.to.empty();
}

Xapian::Query filtered(const Xapian::Query& text, const Xapian::Query& filter) {
  return Xapian::Query(Xapian::Query::OP_FILTER, text, filter);
}

// Whether anything matches. Unweighted, so the matcher stops at the first match (a weighted
// get_mset(0, 1) looks for the best one: every match of a common word).
bool any_match(Xapian::Database& db, const Xapian::Query& query) {
  Xapian::Enquire enquire(db);
  enquire.set_weighting_scheme(Xapian::BoolWeight());
  enquire.set_query(query);
  return !enquire.get_mset(0, 1).empty();
}

// Why a result matched through the taxonomy: the expansions all of whose terms it contains.
nlohmann::json reasons(const Xapian::Enquire& enquire, Xapian::docid did, const std::vector<UsedExpansion>& expansions) {
  nlohmann::json why = nlohmann::json::array();
  if (expansions.empty()) return why;
  std::vector<std::string> matching(enquire.get_matching_terms_begin(did), enquire.get_matching_terms_end(did));
  for (const UsedExpansion& e : expansions) {
    bool all = std::all_of(e.terms.begin(), e.terms.end(), [&](const std::string& t) {
      return std::find(matching.begin(), matching.end(), t) != matching.end();
    });
    if (all && !e.terms.empty()) why.push_back(e.expansion.reason());
  }
  return why;
}

nlohmann::json concept_labels(const std::vector<std::string>& ids, const taxonomy::ConceptGraph& graph) {
  nlohmann::json concepts = nlohmann::json::array();
  for (const auto& c : ids) concepts.push_back({{"id", c}, {"label", graph.label(c)}});
  return concepts;
}

// One result of a ranked page: its document, where it stood in the first pass, and its final
// score (text, plus boosts and signals when they re-ranked it).
struct Scored {
  Xapian::docid did;
  std::size_t at;
  double score;
};

// `snippets`: those of the query's results (none: the text's beginning).
nlohmann::json result_json(const Xapian::Document& doc, double score, const Snippets& snippets,
                           const taxonomy::ConceptGraph& graph) {
  schema::DocumentData data = schema::decode_document_data(doc.get_data());
  std::string snippet = snippets(data.text);
  nlohmann::json concepts = concept_labels(data.concepts, graph);
  // Moved in: an initializer list of nlohmann::json copies what it is given as an lvalue.
  return {{"id", std::move(data.id)},         {"title", std::move(data.title)},   {"kind", std::move(data.kind)},
          {"org", std::move(data.org)},       {"community", std::move(data.community)}, {"concepts", std::move(concepts)},
          {"status", std::move(data.status)}, {"created", std::move(data.created)}, {"updated", std::move(data.updated)},
          {"summary", std::move(data.summary)}, {"snippet", std::move(snippet)},  {"score", score}};
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

// A correction is offered only when every word it brings finds a visible item on its own, and
// the whole corrected query finds one with all of its words: spelling data from items the user
// cannot see never surfaces, whatever syntax surrounds the word ("router OR gestrue" must not
// learn "gesture" from a hidden item through the visible routers).
std::optional<std::string> did_you_mean(Xapian::Database& db, const Xapian::Query& filter, const Xapian::QueryParser& parser,
                                        const std::string& q) {
  const std::string corrected = parser.get_corrected_query_string();
  if (corrected.empty()) return std::nullopt;
  Xapian::QueryParser strict = make_parser(db);
  strict.set_default_op(Xapian::Query::OP_AND);
  auto finds = [&](const Xapian::Query& query) { return any_match(db, filtered(query, filter)); };
  const auto typed = taxonomy::words_of(q);
  // A word the index holds as typed is not a typo, however rare: "shock" must not become
  // "check". This also keeps the answer the same over shards, where Xapian merges each shard's
  // spelling data for such words differently.
  const auto fixed = taxonomy::words_of(corrected);
  for (const std::string& word : typed) {
    if (std::find(fixed.begin(), fixed.end(), word) == fixed.end() && db.term_exists(word)) return std::nullopt;
  }
  for (const std::string& word : fixed) {
    if (std::find(typed.begin(), typed.end(), word) == typed.end() && !finds(strict.parse_query(word, 0))) return std::nullopt;
  }
  if (!finds(strict.parse_query(corrected, kParseFlags & ~Xapian::QueryParser::FLAG_SPELLING_CORRECTION))) return std::nullopt;
  return corrected;
}

// A search's text query, filter and parser (which keeps the spelling correction), built for one
// reader. Each thread builds its own: Xapian queries must not be shared between threads (their
// reference counts are not atomic).
struct Parsed {
  bool has_text = false;
  Xapian::QueryParser parser;
  TextQuery text;
  Xapian::Query filter;
};

// Whether a typed word is unknown to the index. Xapian 1.4's parser looks up a correction for
// every word, known or not (reading the spelling table's trigram lists: 6% of km-server's CPU
// at 32 connections, 100,000 items); did_you_mean() never offers one that replaces a word the
// index holds, so the lookup is worth it only when some word is unknown.
bool has_unknown_word(const Xapian::Database& db, const std::string& q) {
  const auto words = taxonomy::words_of(q);
  return std::any_of(words.begin(), words.end(), [&](const std::string& w) { return !db.term_exists(w); });
}

// Whether every part of `db` is a local database with a revision: the phrase filters' lists
// are kept per snapshot, and a remote shard cannot run a posting source of ours.
bool local_snapshots(const Xapian::Database& db) { return snapshot_key_of_parts(db).has_value(); }

// With `spelling`, the parser keeps the query's spelling correction (did_you_mean() needs it).
Parsed parse(Xapian::Database& db, const core::User& user, const SearchParams& p, const taxonomy::ConceptGraph& graph,
             bool spelling) {
  check_query_syntax(p.q);
  if (static_cast<long>(p.page) * p.per_page > kCountBound) {
    throw core::InvalidInput("only the first " + std::to_string(kCountBound) +
                             " results can be paged through: narrow the search with words or filters");
  }
  Parsed out;
  out.has_text = p.q.find_first_not_of(" \t") != std::string::npos;
  out.parser = make_parser(db, p.ranking.stopwords);
  Xapian::QueryParser title_parser = make_parser(db, p.ranking.stopwords);
  const TextQueryOptions options{p.expand, p.include_related, p.ranking.literal_weight, p.ranking.stopwords,
                                 spelling && out.has_text && has_unknown_word(db, p.q), local_snapshots(db) ? &db : nullptr};
  out.text = out.has_text ? build_text_query(out.parser, title_parser, p.q, options, graph) : TextQuery{match_all(), {}, {}};
  if (out.text.query.empty()) out.text.query = match_all();  // only stop-words or punctuation
  out.filter = build_filter(user, p, Facet::none, graph);
  return out;
}

// A search's filter where it is who may see what and org, kind or community values alone (it can
// then be checked from memory); else none.
std::optional<PlainFilter> plain_filter(const core::User& user, const SearchParams& p) {
  if (p.unrestricted || !p.concepts.empty() || !p.status.empty() || !p.from.empty() || !p.to.empty()) return std::nullopt;
  PlainFilter plain{audience_terms(user, p.include_retired), {}};
  for (const auto& [facet, values] : {std::pair{Facet::org, &p.org}, {Facet::kind, &p.kind}, {Facet::community, &p.community}}) {
    if (!values->empty()) plain.allowed[facet] = *values;
  }
  return plain;
}

// One ranked page of a search, and what rendering it needs.
struct Ranked {
  explicit Ranked(Xapian::Database& db) : enquire(db) {}
  Parsed parsed;
  Xapian::Enquire enquire;    // the text query's: the terms each result matched (reasons())
  Matches matches;            // the page, or every match the boosts and signals re-rank
  Xapian::MSet mset;          // the same from Xapian's matcher (where kept_first_pass() found them: none,
                              // but the terms' weights)
  Xapian::doccount visible_matches = 0;  // a lower bound on the visible matches of the pass
  std::vector<Scored> page;   // the page, best first

  // The document of a result: through the MSet where the matcher found it (a remote shard's
  // documents come fetched together, signal_values()), else from the database.
  Xapian::Document document(Xapian::Database& db, const Scored& s) const {
    return s.at < mset.size() ? mset[static_cast<Xapian::doccount>(s.at)].get_document() : db.get_document(s.did);
  }
};

// The signal values of `mset`'s first `window` matches, in its order: from the snapshot's
// DocValues where every shard has them; else read in document order from the slot's value stream where the shards
// are local; a remote shard has none (UnimplementedError), so there from the documents of the
// matcher's MSet (a kept first pass is for local databases alone), fetched together in one
// round trip.
std::vector<std::string> signal_values(Xapian::Database& db, const Matches& matches, Xapian::MSet& mset,
                                       Xapian::doccount window) {
  std::vector<std::string> out(window);
  const auto first = matches.begin(), last = matches.begin() + window;
  if (const auto values = DocValues::of_parts(db); !values.empty()) {
    std::size_t i = 0;
    for (auto m = first; m != last; ++m) {
      const auto [part, did] = DocValues::locate(values, m->did);
      out[i++] = part->value(schema::kSignalsSlot, part->code(schema::kSignalsSlot, did));
    }
    return out;
  }
  std::vector<std::pair<Xapian::docid, std::size_t>> order;
  for (auto m = first; m != last; ++m) order.emplace_back(m->did, order.size());
  std::sort(order.begin(), order.end());
  try {
    auto value = db.valuestream_begin(schema::kSignalsSlot);
    for (const auto& [id, i] : order) {
      value.skip_to(id);
      if (value == db.valuestream_end(schema::kSignalsSlot)) break;
      if (value.get_docid() == id) out[i] = *value;
    }
  } catch (const Xapian::UnimplementedError&) {
    mset.fetch(mset.begin(), mset[window]);
    std::size_t i = 0;
    for (auto m = mset.begin(); m != mset[window]; ++m) out[i++] = m.get_document().get_value(schema::kSignalsSlot);
  }
  return out;
}

// The page of `ranked.matches` from `offset`. Their first `window` (window <= their number) are
// re-ranked, each scored by its text score plus `added` (the boosts' weights, in their order;
// none if empty) and, with `signals`, its signals; the matches after them follow in their order.
void take_page(Ranked& ranked, Xapian::Database& db, const SearchParams& p, Xapian::doccount offset,
               Xapian::doccount window, const std::vector<double>& added, bool signals) {
  const std::vector<std::string> values =
      signals ? signal_values(db, ranked.matches, ranked.mset, window) : std::vector<std::string>();
  const std::string today = p.today.empty() ? core::utc_timestamp().substr(0, 10) : p.today;
  std::vector<Scored> all;
  std::size_t i = 0;
  all.reserve(ranked.matches.size());
  for (const Match& m : ranked.matches) {
    double score = m.weight;
    if (i < window && !added.empty()) score += added[i];
    if (i < window && signals) score += signal_boost(values[i], p.ranking, today);
    all.push_back({m.did, i, score});
    ++i;
  }
  if (signals || !added.empty()) {
    std::stable_sort(all.begin(), all.begin() + window, [](const Scored& a, const Scored& b) { return a.score > b.score; });
  }
  const std::size_t first = std::min<std::size_t>(offset, all.size());
  const std::size_t last = std::min<std::size_t>(first + static_cast<std::size_t>(p.per_page), all.size());
  ranked.page.assign(all.begin() + static_cast<std::ptrdiff_t>(first), all.begin() + static_cast<std::ptrdiff_t>(last));
}

std::unique_ptr<Ranked> rank(Xapian::Database& db, const core::User& user, const SearchParams& p,
                             const taxonomy::ConceptGraph& graph, bool spelling) {
  auto out = std::make_unique<Ranked>(db);
  out->parsed = parse(db, user, p, graph, spelling);
  const Parsed& parsed = out->parsed;
  out->enquire.set_weighting_scheme(bm25(p.ranking));
  // Who may see what, the cheapest way the database allows: a decider on one database where
  // matches are ranked by relevance (the matcher asks it only about those that could enter the
  // page), the bitmaps on local shards and in date order (every match is looked at: the filter
  // spares the hidden ones their sort values), the audience terms where a shard is remote
  // (Xapian's remote backend takes neither a decider nor a posting source of ours).
  const bool by_relevance = parsed.has_text && p.sort != SortOrder::newest;
  const std::unique_ptr<VisibleDecider> visible =
      by_relevance && !p.unrestricted ? visibility_decider(db, user, p.include_retired) : nullptr;
  auto local_query = [&] {
    if (!visible) return filtered(parsed.text.query, build_filter(user, p, Facet::none, graph, Audience::bitmaps));
    return visibility_alone(p) ? parsed.text.query : filtered(parsed.text.query, build_filter(user, p, Facet::none, graph, Audience::decider));
  };
  auto get_mset = [&](Xapian::doccount first, Xapian::doccount count) {
    Xapian::MSet& mset = out->mset;
    try {
      out->enquire.set_query(local_query());
      mset = out->enquire.get_mset(first, count, 0, nullptr, visible.get());
      out->visible_matches = visible ? visible->accepted() : mset.get_matches_lower_bound();
    } catch (const Xapian::UnimplementedError&) {
      out->enquire.set_query(filtered(parsed.text.query, parsed.filter));
      mset = out->enquire.get_mset(first, count);
      out->visible_matches = mset.get_matches_lower_bound();
    }
    return matches_of(mset);
  };
  // The common search, a few plain words under who may see what (and org, kind or community
  // filters), weighed from kept postings (first_pass.h); the rest, and any list too long to
  // keep, by Xapian's matcher.
  auto first_pass = [&](Xapian::doccount count) {
    const std::optional<PlainFilter> plain = plain_filter(user, p);
    if (visible && plain && parsed.text.expansions.empty() && p.ranking.kept_first_pass) {
      if (const auto terms = ored_terms(parsed.text.query)) {
        if (auto kept = kept_first_pass(db, *terms, *plain, count, p.ranking)) {
          // The snippets weigh each term as the matcher would have (MSet::get_termweight, which
          // an MSet of no match gives too; FirstPassTest).
          out->enquire.set_query(parsed.text.query);
          out->mset = out->enquire.get_mset(0, 0);
          out->visible_matches = kept->visible;
          return std::move(kept->best);
        }
      }
    }
    return get_mset(0, count);
  };
  const auto offset = static_cast<Xapian::doccount>((p.page - 1) * p.per_page);
  const auto per_page = static_cast<Xapian::doccount>(p.per_page);
  if (!by_relevance) {
    out->enquire.set_sort_by_value_then_relevance(schema::kUpdatedSlot, true);
    out->matches = get_mset(offset, per_page);
    take_page(*out, db, p, 0, 0, {}, false);
    return out;
  }
  // Two bounded steps: plain BM25 finds the best matches (the matcher skips what cannot reach
  // them, and needs no exact count: match_counts.h has its own bounded pass); then the boosts
  // are scored over the best rerank_depth of them alone (the window) and, with the signals,
  // added to their text scores. The window takes in the whole group of matches tied with its
  // last one (up to kTieMargin more): which of equal scores a cut keeps depends on document
  // numbers, which differ between one database and the same items in shards.
  constexpr Xapian::doccount kTieMargin = 20;
  out->matches = first_pass(std::max(p.ranking.rerank_depth, offset + per_page) + kTieMargin);
  const Matches& matches = out->matches;
  Xapian::doccount window = std::min(p.ranking.rerank_depth, static_cast<Xapian::doccount>(matches.size()));
  while (window > 0 && window < matches.size() && matches[window].weight == matches[window - 1].weight) ++window;
  std::vector<double> added;
  if (!has_explicit_syntax(p.q)) {
    const Boosts extra = boosts(db, parsed.text.title, matches, taxonomy::words_of(p.q), p.ranking);
    added = boost_weights(db, extra, matches, window, p.ranking);
  }
  take_page(*out, db, p, offset, window, added, p.ranking.signals);
  return out;
}

// The counts of a page and its spelling suggestion.
struct PageCounts {
  MatchCounts counts;
  std::optional<std::string> did_you_mean;
};

// `known_matches`: a lower bound on the matches that the ranking pass found (0: none known).
PageCounts count_page(Xapian::Database& db, const core::User& user, const SearchParams& p,
                      const taxonomy::ConceptGraph& graph, const Parsed& parsed, Xapian::doccount known_matches = 0) {
  PageCounts out;
  // Local shards: the text query reduced to what decides its matches, phrases filtered
  // (phrase_matches.h), and under the visibility filter alone a bound from its words
  // (term_bound.h); a remote shard gets the query as it is.
  const std::optional<PlainFilter> plain = plain_filter(user, p);
  const FacetListing listing{
      p.facet_limit, {{Facet::org, p.org}, {Facet::kind, p.kind}, {Facet::community, p.community}, {Facet::concept_id, p.concepts}}};
  auto count = [&](bool local) {
    Xapian::doccount known = known_matches;
    if (local && known < kCountBound && visibility_alone(p)) {
      known = std::max(known, term_bound(db, parsed.text.query, local_visibility_filter(user, p.include_retired),
                                         visibility_filter(user, p.include_retired).get_description()));
    }
    return count_matches(
        db, local ? matches_only(parsed.text.query) : parsed.text.query,
        [&](Facet skip) { return build_filter(user, p, skip, graph, local ? Audience::bitmaps : Audience::terms); },
        [&](Facet f) { return filters_on(p, f); }, graph, known, local && plain ? &*plain : nullptr, listing);
  };
  try {
    out.counts = count(true);
  } catch (const Xapian::UnimplementedError&) {
    out.counts = count(false);  // a remote shard: the audience terms
  }
  if (parsed.has_text) out.did_you_mean = did_you_mean(db, parsed.filter, parsed.parser, p.q);
  return out;
}

}  // namespace

std::vector<std::string> search_ids(Xapian::Database& db, const core::User& user, const SearchParams& p,
                                    const taxonomy::ConceptGraph& graph) {
  const auto ranked = rank(db, user, p, graph, false);
  std::vector<std::string> ids;
  for (const Scored& s : ranked->page) {
    if (const std::string term = id_term_of(db, s.did); !term.empty()) ids.push_back(term.substr(schema::kIdPrefix.size()));
  }
  return ids;
}

nlohmann::json search(Xapian::Database& db, const core::User& user, const SearchParams& p,
                      const taxonomy::ConceptGraph& graph, Xapian::Database* counting) {
  std::future<PageCounts> counted;
  if (counting) {
    counted = std::async(std::launch::async, [&] { return count_page(*counting, user, p, graph, parse(*counting, user, p, graph, true)); });
  }
  const auto ranked = rank(db, user, p, graph, !counting);  // the spelling check is the counting reader's
  const TextQuery& text = ranked->parsed.text;

  // Snippets mark the words the user searched for (and their taxonomy expansions), not the
  // feedback terms or signals that only reorder: they come from the first pass's MSet, whose
  // query is the text query (its filters are boolean terms no word of a text can be).
  const Snippets snippets = ranked->parsed.has_text ? Snippets(text.query, ranked->mset) : Snippets();
  nlohmann::json results = nlohmann::json::array();
  for (const Scored& s : ranked->page) {
    nlohmann::json r = result_json(ranked->document(db, s), s.score, snippets, graph);
    if (auto why = reasons(ranked->enquire, s.did, text.expansions); !why.empty()) r["why"] = std::move(why);
    results.push_back(std::move(r));
  }
  nlohmann::json expansions = nlohmann::json::array();
  for (const UsedExpansion& e : text.expansions) {
    expansions.push_back({{"matched", e.expansion.matched}, {"concept", e.expansion.concept_id}, {"label", e.expansion.label},
                          {"owner", e.expansion.owner}, {"relation", taxonomy::to_string(e.expansion.relation)},
                          {"weight", e.expansion.weight}});
  }
  // One reader: the counts follow the ranking, whose pass may already know that the matches are
  // beyond kCountBound (then the counting pass stops at the facets' bound).
  PageCounts c = counting ? counted.get() : count_page(db, user, p, graph, ranked->parsed, ranked->visible_matches);
  nlohmann::json out = {{"query", p.q},
                        {"total", c.counts.total},
                        {"total_exact", c.counts.total_exact},
                        {"page", p.page},
                        {"per_page", p.per_page},
                        {"results", std::move(results)},
                        {"expansions", std::move(expansions)},
                        {"facets", std::move(c.counts.facets)},
                        {"facets_distinct", std::move(c.counts.distinct)},
                        {"facets_exact", c.counts.facets_exact}};
  if (c.did_you_mean) out["did_you_mean"] = *c.did_you_mean;
  return out;
}

// Titles that start words with what was typed: the words before the last must all be in the
// title; the last one may be the start of a word (unless followed by a space). Its completions
// are ORed as plain terms, each weighted by its own statistics. QueryParser's FLAG_PARTIAL (and
// a wildcard query) would be expanded by each shard from its own terms, so the weights, and the
// suggestions, would change with the number of shards.
constexpr std::size_t kMaxCompletions = 100;

Xapian::Query title_prefix_query(Xapian::Database& db, Xapian::QueryParser& parser, const std::string& prefix) {
  const std::string title(schema::kTitlePrefix);
  const std::size_t end = prefix.find_last_not_of(" \t\"");
  const std::size_t start = prefix.find_last_of(" \t\"", end);
  const std::string head = start == std::string::npos ? "" : prefix.substr(0, start);
  std::string last = Xapian::Unicode::tolower(prefix.substr(start == std::string::npos ? 0 : start + 1, end - (start == std::string::npos ? 0 : start + 1) + 1));
  if (end + 1 < prefix.size() || !std::all_of(last.begin(), last.end(), [](unsigned char c) { return std::isalnum(c) || c >= 0x80; })) {
    return parser.parse_query(prefix, 0, title);  // a complete last word, or one with punctuation
  }
  // The 100 most frequent completions (ties: alphabetical), from the terms of every shard.
  std::vector<std::pair<Xapian::doccount, std::string>> found;
  for (auto t = db.allterms_begin(title + last); t != db.allterms_end(title + last); ++t) found.emplace_back(t.get_termfreq(), *t);
  std::stable_sort(found.begin(), found.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
  if (found.size() > kMaxCompletions) found.resize(kMaxCompletions);
  std::vector<Xapian::Query> terms;
  for (const auto& [freq, term] : found) terms.emplace_back(term);
  Xapian::Query completions(Xapian::Query::OP_OR, terms.begin(), terms.end());
  if (head.find_first_not_of(" \t\"") == std::string::npos) return completions;
  return Xapian::Query(Xapian::Query::OP_AND, parser.parse_query(head, 0, title), completions);
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
    if (any_match(db, filtered(strict.parse_query(past, 0), visibility_filter(user, false)))) out.push_back({{"text", past}, {"source", "query"}});
  }
  Xapian::QueryParser parser = make_parser(db);
  parser.set_default_op(Xapian::Query::OP_AND);
  Xapian::Query query = title_prefix_query(db, parser, prefix);
  Xapian::Enquire enquire(db);
  enquire.set_query(filtered(query, visibility_filter(user, false)));
  Xapian::MSet mset = enquire.get_mset(0, static_cast<Xapian::doccount>(limit));
  for (auto m = mset.begin(); m != mset.end(); ++m) {
    if (static_cast<int>(out.size()) >= limit) break;
    const schema::DocumentData data = schema::decode_document_data(m.get_document().get_data());
    out.push_back({{"text", data.title}, {"id", data.id}, {"source", "title"}});
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
  // Exact term frequencies: over shards Xapian otherwise estimates them from one shard.
  Xapian::ESet eset = expand.get_eset(20, rset, Xapian::Enquire::USE_EXACT_TERMFREQ, &decider);
  Xapian::Query terms(Xapian::Query::OP_OR, eset.begin(), eset.end());
  Xapian::Enquire enquire(db);
  enquire.set_query(filtered(Xapian::Query(Xapian::Query::OP_AND_NOT, terms, self), filter));
  Xapian::MSet mset = enquire.get_mset(0, static_cast<Xapian::doccount>(limit));
  nlohmann::json out = nlohmann::json::array();
  for (auto m = mset.begin(); m != mset.end(); ++m) out.push_back(result_json(m.get_document(), m.get_weight(), Snippets(), graph));
  return out;
}

}  // namespace km::search
