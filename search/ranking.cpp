#include "search/ranking.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <limits>
#include <optional>
#include <unordered_map>
#include <set>

#include "core/error.h"
#include "core/index_schema.h"
#include "search/doc_values.h"
#include "search/docid_list.h"
#include "search/query_terms.h"
#include "search/snapshot_cache.h"
#include "search/term_postings.h"
#include "search/term_freqs.h"
#include "core/stopwords.h"
#include "core/text.h"

namespace km::search {

namespace {

// The whole of `value` as a number ("1.5x" is not 1.5).
double number(const std::string& value) {
  const auto d = core::parse_number(value, std::numeric_limits<double>::lowest(), std::numeric_limits<double>::max());
  if (!d) throw std::invalid_argument(value);
  return *d;
}

// A count from 0 to 1,000,000, read by the one integer parser ("5x" and "5.0" are not 5).
unsigned count(const std::string& value) {
  const auto n = core::parse_integer(value, 0, 1000000);
  if (!n) throw std::invalid_argument(value);
  return static_cast<unsigned>(*n);
}

}  // namespace

void RankingOptions::set(const std::string& name, const std::string& value) {
  try {
    if (name == "bm25_k1") bm25_k1 = number(value);
    else if (name == "bm25_b") bm25_b = number(value);
    else if (name == "stopwords") stopwords = value == "1" || value == "true";
    else if (name == "proximity") proximity = number(value);
    else if (name == "literal_weight") literal_weight = number(value);
    else if (name == "proximity_window") proximity_window = count(value);
    else if (name == "title") title = number(value);
    else if (name == "signals") signals = value == "1" || value == "true";
    else if (name == "kept_first_pass") kept_first_pass = value == "1" || value == "true";
    else if (name == "signal_vote") signal_vote = number(value);
    else if (name == "signal_stale") signal_stale = number(value);
    else if (name == "signal_validated") signal_validated = number(value);
    else if (name == "signal_neutral") signal_neutral = number(value);
    else if (name == "signal_retired") signal_retired = number(value);
    else if (name == "signal_max_votes") signal_max_votes = static_cast<int>(count(value));
    else if (name == "prf_docs") prf_docs = count(value);
    else if (name == "rerank_depth") rerank_depth = count(value);
    else if (name == "prf_terms") prf_terms = count(value);
    else if (name == "prf_max_df") prf_max_df = number(value);
    else if (name == "prf_weight") {
      const double w = number(value);
      if (w < 0 || w >= 1) throw core::InvalidInput("ranking option prf_weight must be at least 0 and below 1");
      prf_weight = w;
    } else throw core::InvalidInput("unknown ranking option '" + name + "'");
  } catch (const std::logic_error&) {
    throw core::InvalidInput("ranking option " + name + ": bad value '" + value + "'");
  }
}

Xapian::BM25Weight bm25(const RankingOptions& o) { return Xapian::BM25Weight(o.bm25_k1, 0, 1, o.bm25_b, 0.5); }

Bm25::Bm25(const Xapian::Database& db, const RankingOptions& o)
    : documents_(db.get_doccount()), len_factor_(db.get_avlength()), k1_(o.bm25_k1), b_(o.bm25_b) {
  if (len_factor_ != 0) len_factor_ = 1 / len_factor_;
}

namespace {

// Adjacent content-word pairs found within the window, in either order.
Xapian::Query proximity_query(const std::vector<std::string>& words, const RankingOptions& o) {
  std::vector<std::string> content;
  for (const auto& w : words) {
    if (!core::is_stopword(w)) content.push_back(w);
  }
  std::vector<Xapian::Query> pairs;
  for (std::size_t i = 0; i + 1 < content.size(); ++i) {
    Xapian::Query pair[] = {Xapian::Query(content[i]), Xapian::Query(content[i + 1])};
    pairs.emplace_back(Xapian::Query::OP_NEAR, pair, pair + 2, o.proximity_window);
  }
  if (pairs.empty()) return {};
  return Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, Xapian::Query(Xapian::Query::OP_OR, pairs.begin(), pairs.end()),
                       o.proximity);
}

// A free-text stem: "Z" + stem, as the term generator writes them (title "ZS..." stems are
// prefixed with an upper-case letter and do not count).
bool is_free_text_stem(const std::string& term) {
  return term.size() >= 2 && term[0] == 'Z' && std::islower(static_cast<unsigned char>(term[1]));
}

// The relevance model of the top documents (RM1): P(t|R) = sum over documents D of
// P(t|D) P(D|Q), with P(t|D) = wdf / length over the document's free-text stems and
// P(D|Q) proportional to exp(score), as query likelihood gives it. Stop words included (the
// caller skips those it would take: a few, where checking each of the model's thousand-odd stems
// was a fifth of this function's time); in no particular order.
std::vector<std::pair<std::string, double>> relevance_model(Xapian::Database& db, const Matches& top,
                                                           unsigned docs) {
  const double best = top.front().weight;
  const auto end = top.begin() + std::min<std::ptrdiff_t>(docs, static_cast<std::ptrdiff_t>(top.size()));
  double norm = 0;
  for (auto m = top.begin(); m != end; ++m) norm += std::exp(m->weight - best);
  std::unordered_map<std::string, double> model;
  model.reserve(4096);
  std::vector<std::pair<std::string, Xapian::termcount>> stems;
  for (auto m = top.begin(); m != end; ++m) {
    const double p_doc = std::exp(m->weight - best) / norm;
    stems.clear();
    double length = 0;
    // Term lists are sorted: the free-text stems are the "Z" run.
    auto t = db.termlist_begin(m->did);
    for (t.skip_to("Z"); t != db.termlist_end(m->did); ++t) {
      std::string term = *t;
      if (term[0] != 'Z') break;
      if (!is_free_text_stem(term)) continue;
      length += t.get_wdf();
      stems.emplace_back(std::move(term), t.get_wdf());
    }
    for (auto& [term, wdf] : stems) model.try_emplace(std::move(term), 0.0).first->second += p_doc * wdf / length;
  }
  return {std::make_move_iterator(model.begin()), std::make_move_iterator(model.end())};
}

// Pseudo-relevance feedback as RM3: the relevance model's best terms, interpolated with the
// query, each with its weight factor. The query keeps weight 1 per content word, so an
// interpolation weight w gives the feedback terms, together, w / (1 - w) times the query's own
// words.
std::vector<std::pair<std::string, double>> feedback_terms(Xapian::Database& db, const Matches& top,
                                                           const std::vector<std::string>& words, const RankingOptions& o) {
  if (top.empty()) return {};
  auto candidates = relevance_model(db, top, o.prf_docs);
  // Best first (ties by term), taken from a heap until prf_terms pass the frequency check: a
  // model has a thousand terms or more, of which a few dozen are looked at.
  const auto worse = [](const auto& a, const auto& b) { return a.second != b.second ? a.second < b.second : a.first > b.first; };
  std::make_heap(candidates.begin(), candidates.end(), worse);
  const double max_df = o.prf_max_df * db.get_doccount();
  const TermFreqs termfreq(db);
  std::vector<std::pair<std::string, double>> model;
  for (auto end = candidates.end(); end != candidates.begin() && model.size() < o.prf_terms; --end) {
    std::pop_heap(candidates.begin(), end, worse);
    const auto& entry = *(end - 1);
    if (core::is_stopword(std::string_view(entry.first).substr(1))) continue;
    if (o.prf_max_df >= 1 || termfreq(entry.first) <= max_df) model.push_back(entry);
  }
  double total = 0;
  for (const auto& entry : model) total += entry.second;
  std::set<std::string> content;
  for (const auto& w : words) {
    if (!core::is_stopword(w)) content.insert(w);
  }
  const double scale = o.prf_weight / (1 - o.prf_weight) * static_cast<double>(std::max<std::size_t>(1, content.size()));
  for (auto& entry : model) entry.second = entry.second / total * scale;
  return model;
}

}  // namespace

Boosts boosts(Xapian::Database& db, const Xapian::Query& title, const Matches& top,
              const std::vector<std::string>& words, const RankingOptions& o) {
  Boosts out;
  if (o.prf_docs > 0) out.terms = feedback_terms(db, top, words, o);
  std::vector<Xapian::Query> parts;
  if (o.proximity > 0) parts.push_back(proximity_query(words, o));
  if (o.title > 0 && !title.empty()) {
    // A plain OR of distinct terms weighs as each term scaled alone (BM25 adds its terms' weights).
    std::optional<std::vector<std::string>> terms = ored_terms(title);
    if (terms && std::set<std::string>(terms->begin(), terms->end()).size() == terms->size()) {
      for (std::string& term : *terms) out.terms.emplace_back(std::move(term), o.title);
    } else {
      parts.emplace_back(Xapian::Query::OP_SCALE_WEIGHT, title, o.title);
    }
  }
  parts.erase(std::remove_if(parts.begin(), parts.end(), [](const Xapian::Query& q) { return q.empty(); }), parts.end());
  out.query = Xapian::Query(Xapian::Query::OP_OR, parts.begin(), parts.end());
  return out;
}

}  // namespace km::search

namespace km::search {

namespace {

// The first `window` documents of `top` as a posting source of ours: each shard walks its own
// sorted docids.
Xapian::Query docid_filter(const Xapian::Database& db, const Matches& top, Xapian::doccount window) {
  std::vector<Xapian::docid> ids;
  for (auto m = top.begin(); m != top.begin() + window; ++m) ids.push_back(m->did);
  return Xapian::Query((new DocidList(db, ids))->release());
}

// The same documents as their unique id terms, ORed: built-in parts that a remote shard
// (xapian-tcpsrv) runs as they are. Reading the terms and opening their posting lists costs
// about 4 ms for 150 documents at 20,000 items (the posting source: nothing measurable).
Xapian::Query id_filter(const Xapian::Database& db, const Matches& top, Xapian::doccount window) {
  std::vector<Xapian::Query> ids;
  ids.reserve(window);
  for (auto m = top.begin(); m != top.begin() + window; ++m) {
    if (std::string term = id_term_of(db, m->did); !term.empty()) ids.emplace_back(std::move(term));
  }
  return Xapian::Query(Xapian::Query::OP_OR, ids.begin(), ids.end());
}

// Runs `query` on the first `window` documents of `top` only, through `enquire`.
Xapian::MSet get_mset_within(Xapian::Enquire& enquire, const Xapian::Database& db, const Xapian::Query& query,
                             const Matches& top, Xapian::doccount window) {
  enquire.set_query(Xapian::Query(Xapian::Query::OP_FILTER, query, docid_filter(db, top, window)));
  try {
    return enquire.get_mset(0, window);
  } catch (const Xapian::UnimplementedError&) {
    // A remote shard: Xapian cannot send it a posting source of ours (no serialise()).
    enquire.set_query(Xapian::Query(Xapian::Query::OP_FILTER, query, id_filter(db, top, window)));
    return enquire.get_mset(0, window);
  }
}

}  // namespace

std::string id_term_of(const Xapian::Database& db, Xapian::docid did) {
  const std::string prefix(core::schema::kIdPrefix);
  auto term = db.termlist_begin(did);
  term.skip_to(prefix);
  return term != db.termlist_end(did) && (*term).rfind(prefix, 0) == 0 ? *term : std::string();
}

namespace {

// Adds the BM25 weight of each term to `out` (the first out.size() matches of `top`),
// from the terms' kept postings, each with its factor, as Xapian's matcher weighs it (Bm25).
void add_kept(const Xapian::Database& db, const std::string& snapshot, const std::vector<std::pair<std::string, double>>& terms,
              const Matches& top, const RankingOptions& o, std::vector<double>& out) {
  const Bm25 bm25(db, o);
  // The window's documents and lengths, read in document order.
  std::vector<std::pair<Xapian::docid, std::size_t>> docs;
  for (auto m = top.begin(); docs.size() < out.size(); ++m) docs.emplace_back(m->did, docs.size());
  std::sort(docs.begin(), docs.end());
  // From the snapshot's DocValues where every shard has them, else from Xapian (a seek each).
  const auto values = DocValues::of_parts(db);
  std::vector<double> length_part(docs.size());
  for (std::size_t k = 0; k < docs.size(); ++k) {
    const Xapian::docid did = docs[k].first;
    Xapian::termcount length = 0;
    if (values.empty()) {
      length = db.get_doclength(did);
    } else {
      const auto [part, local] = DocValues::locate(values, did);
      length = part->length(local);
    }
    length_part[k] = bm25.length_part(length);
  }
  std::vector<Xapian::docid> ids(docs.size());
  for (std::size_t k = 0; k < docs.size(); ++k) ids[k] = docs[k].first;
  std::vector<Xapian::termcount> wdfs;
  for (const auto& [term, factor] : terms) {
    const std::shared_ptr<const TermPostings> postings = TermPostingsCache::get(db, snapshot, term);
    const double termweight = bm25.termweight(postings->termfreq(), factor);
    postings->wdfs(ids, wdfs);
    for (std::size_t k = 0; k < docs.size(); ++k) {
      if (wdfs[k] != 0) out[docs[k].second] += Bm25::weight(termweight, wdfs[k], length_part[k]);
    }
  }
}

}  // namespace

std::vector<double> boost_weights(Xapian::Database& db, const Boosts& boosts, const Matches& top,
                                  Xapian::doccount window, const RankingOptions& o) {
  window = std::min(window, static_cast<Xapian::doccount>(top.size()));
  std::vector<double> out(window, 0.0);
  if (window == 0) return out;
  // Terms from kept postings where every shard is local and the term's list is short enough to
  // keep (TermPostingsCache::kMaxPostings); the rest through the matcher.
  const std::optional<std::string> snapshot = snapshot_key_of_parts(db);
  std::vector<std::pair<std::string, double>> kept;
  std::vector<Xapian::Query> matched{boosts.query};
  const TermFreqs termfreq(db);
  for (const auto& entry : boosts.terms) {
    if (snapshot && termfreq(entry.first) <= TermPostingsCache::kMaxPostings) kept.push_back(entry);
    else matched.emplace_back(Xapian::Query::OP_SCALE_WEIGHT, Xapian::Query(entry.first), entry.second);
  }
  const Xapian::Query query(Xapian::Query::OP_OR, matched.begin(), matched.end());
  if (!query.empty()) {
    Xapian::Enquire enquire(db);
    enquire.set_weighting_scheme(bm25(o));
    const Xapian::MSet boosted = get_mset_within(enquire, db, query, top, window);
    std::unordered_map<Xapian::docid, double> by_doc;
    for (auto m = boosted.begin(); m != boosted.end(); ++m) by_doc.emplace(*m, m.get_weight());
    std::size_t i = 0;
    for (auto m = top.begin(); m != top.begin() + window; ++m, ++i) {
      if (const auto found = by_doc.find(m->did); found != by_doc.end()) out[i] = found->second;
    }
  }
  if (!kept.empty()) add_kept(db, *snapshot, kept, top, o, out);
  return out;
}

}  // namespace km::search
