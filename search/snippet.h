#pragma once
// The snippets of a query's results: for each result, the passage of its text (about `length`
// bytes, whole words) where the query's words weigh most, HTML-escaped, with those words marked
// <mark>...</mark>, and "…" where the text goes on before or after it. A text with none of the
// words gives its beginning.
//
// Written for speed: Xapian's MSet::snippet() decoded and classified every character through
// its Unicode tables and stemmed every word, 8.6% of km-server's CPU at 32 connections with
// 100,000 items (`perf`, 2026-12-05). Here ASCII takes a fast path (other characters are
// classified as Xapian does), and a word is stemmed only if it could stem to one of the query's
// stems: an English stem is never longer than its word and keeps all of it but the stem's last
// two letters at most ("dying" -> "die", "happy" -> "happi", "hoping" -> "hope")
// (SnippetTest.EveryStemKeepsItsWordButForItsLastTwoLetters). A word is marked exactly when
// Xapian's indexer would have given it one of the query's terms (SnippetTest checks both on
// real lessons).
#include <xapian.h>

#include <array>
#include <cstddef>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace km::search {

class Snippets {
 public:
  // No query: every snippet is the beginning of its text.
  Snippets() = default;
  // The words of `query` (its unprefixed terms and its "Z" + English stem terms), each weighed
  // by `mset`'s weight for it (its BM25 maximum; 1 if the weighting gives none). Use on one
  // thread (a Xapian::Stem is not shared across threads).
  Snippets(const Xapian::Query& query, const Xapian::MSet& mset);

  std::string operator()(std::string_view text, std::size_t length = 300) const;

 private:
  // The query term of the word at text[begin] (`ascii`: of ASCII letters and digits alone), or
  // -1; `term` is scratch space.
  int term_of(std::string_view text, std::size_t begin, bool ascii, std::string& term) const;

  std::unordered_map<std::string, int> terms_;  // query term -> index into weights_
  std::vector<double> weights_;
  std::vector<std::string> stems_;    // the query's stems (its "Z" terms without the Z)
  std::array<bool, 256> starts_{};    // the first bytes of its words and stems
  Xapian::Stem stem_;
};

}  // namespace km::search
