#include "server/ranking.h"

#include <algorithm>
#include <cctype>

#include "core/error.h"
#include "core/stopwords.h"

namespace km::server {

void RankingOptions::set(const std::string& name, const std::string& value) {
  try {
    if (name == "bm25_k1") bm25_k1 = std::stod(value);
    else if (name == "bm25_b") bm25_b = std::stod(value);
    else if (name == "stopwords") stopwords = value == "1" || value == "true";
    else if (name == "proximity") proximity = std::stod(value);
    else if (name == "proximity_window") proximity_window = static_cast<unsigned>(std::stoul(value));
    else if (name == "title") title = std::stod(value);
    else if (name == "signals") signals = value == "1" || value == "true";
    else if (name == "signal_vote") signal_vote = std::stod(value);
    else if (name == "signal_stale") signal_stale = std::stod(value);
    else if (name == "signal_validated") signal_validated = std::stod(value);
    else if (name == "prf_docs") prf_docs = static_cast<unsigned>(std::stoul(value));
    else if (name == "prf_terms") prf_terms = static_cast<unsigned>(std::stoul(value));
    else if (name == "prf_weight") prf_weight = std::stod(value);
    else throw core::InvalidInput("unknown ranking option '" + name + "'");
  } catch (const std::logic_error&) {
    throw core::InvalidInput("ranking option " + name + ": bad value '" + value + "'");
  }
}

Xapian::BM25Weight bm25(const RankingOptions& o) { return Xapian::BM25Weight(o.bm25_k1, 0, 1, o.bm25_b, 0.5); }

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

// The query's content words as title stems ("ZS" + stem), the index's title field.
Xapian::Query title_query(const std::vector<std::string>& words, const RankingOptions& o) {
  static const Xapian::Stem stem("english");
  std::vector<Xapian::Query> terms;
  for (const auto& w : words) {
    if (!core::is_stopword(w)) terms.emplace_back("ZS" + stem(w));
  }
  if (terms.empty()) return {};
  return Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, Xapian::Query(Xapian::Query::OP_OR, terms.begin(), terms.end()), o.title);
}

// Free-text stems only (Z-prefixed by the term generator), no stop words, none already asked.
struct FeedbackTerms : Xapian::ExpandDecider {
  explicit FeedbackTerms(const Xapian::Query& asked) : asked_(asked.get_terms_begin(), asked.get_terms_end()) {}
  bool operator()(const std::string& term) const override {
    if (term.size() < 3 || term[0] != 'Z' || !std::islower(static_cast<unsigned char>(term[1]))) return false;
    return !core::is_stopword(term.substr(1)) && std::find(asked_.begin(), asked_.end(), term) == asked_.end();
  }
  std::vector<std::string> asked_;
};

// RM3-style feedback: the best terms of the top documents, weighted by their expansion weight.
Xapian::Query feedback_query(Xapian::Database& db, const Xapian::Query& text, const Xapian::Query& filter,
                             const RankingOptions& o) {
  Xapian::Enquire first(db);
  first.set_query(Xapian::Query(Xapian::Query::OP_FILTER, text, filter));
  first.set_weighting_scheme(bm25(o));
  Xapian::MSet top = first.get_mset(0, o.prf_docs);
  if (top.empty()) return {};
  Xapian::RSet rset;
  for (auto m = top.begin(); m != top.end(); ++m) rset.add_document(*m);
  FeedbackTerms decider(text);
  Xapian::ESet eset = first.get_eset(o.prf_terms, rset, &decider);
  if (eset.empty()) return {};
  const double max_weight = eset.begin().get_weight();
  std::vector<Xapian::Query> terms;
  for (auto t = eset.begin(); t != eset.end(); ++t) {
    terms.emplace_back(Xapian::Query::OP_SCALE_WEIGHT, Xapian::Query(*t), o.prf_weight * t.get_weight() / max_weight);
  }
  return Xapian::Query(Xapian::Query::OP_OR, terms.begin(), terms.end());
}

}  // namespace

Xapian::Query boost(Xapian::Database& db, const Xapian::Query& text, const Xapian::Query& filter,
                    const std::vector<std::string>& words, const RankingOptions& o) {
  std::vector<Xapian::Query> boosts;
  if (o.proximity > 0) boosts.push_back(proximity_query(words, o));
  if (o.title > 0) boosts.push_back(title_query(words, o));
  if (o.prf_docs > 0) boosts.push_back(feedback_query(db, text, filter, o));
  boosts.erase(std::remove_if(boosts.begin(), boosts.end(), [](const Xapian::Query& q) { return q.empty(); }), boosts.end());
  if (boosts.empty()) return text;
  return Xapian::Query(Xapian::Query::OP_AND_MAYBE, text, Xapian::Query(Xapian::Query::OP_OR, boosts.begin(), boosts.end()));
}

}  // namespace km::server
