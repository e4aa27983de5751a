#include "search/snippet.h"

#include <algorithm>
#include <vector>

#include "core/index_schema.h"

namespace km::search {
namespace {

// The code point that starts at text[i] and the length of its UTF-8 sequence; a byte that does
// not start a valid sequence is itself (a non-word character).
struct CodePoint {
  unsigned value;
  std::size_t size;
};

CodePoint code_point_at(std::string_view text, std::size_t i) {
  const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(text[k]); };
  const unsigned c = byte(i);
  if (c < 0x80) return {c, 1};
  const std::size_t size = c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : c >= 0xc0 ? 2 : 0;
  if (size == 0 || i + size > text.size()) return {0xfffd, 1};
  unsigned value = c & (0x3f >> (size - 1));
  for (std::size_t k = 1; k < size; ++k) {
    if ((byte(i + k) & 0xc0) != 0x80) return {0xfffd, 1};
    value = (value << 6) | (byte(i + k) & 0x3f);
  }
  return {value, size};
}

bool ascii_alnum(unsigned c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'); }
bool ascii_upper(unsigned c) { return c >= 'A' && c <= 'Z'; }
bool is_digit(unsigned c) { return c >= '0' && c <= '9'; }
bool word_char(unsigned c) { return c < 0x80 ? ascii_alnum(c) : Xapian::Unicode::is_wordchar(c); }

void append_lower(std::string& out, unsigned c) {
  if (c < 0x80) {
    out += static_cast<char>(c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c);
  } else {
    Xapian::Unicode::append_utf8(out, Xapian::Unicode::tolower(c));
  }
}

// One word of a text as Xapian's indexer splits it (core::schema's TermGenerator): its bytes,
// and whether they are ASCII letters and digits alone (its term is then their lower case).
struct Word {
  std::size_t begin, end;
  bool ascii;
};

// The word that starts at or after `i`, if any; with `term`, its term is written there (lower
// case; apostrophes inside words as '; "U.S.A." is "usa").
bool next_word(std::string_view text, std::size_t& i, Word& word, std::string* term) {
  while (i < text.size()) {
    const CodePoint c = code_point_at(text, i);
    if (word_char(c.value)) break;
    i += c.size;
  }
  if (i >= text.size()) return false;
  word.begin = i;
  word.ascii = false;
  if (term) term->clear();
  // An acronym: single capitals each followed by a full stop.
  if (i + 2 < text.size() && ascii_upper(static_cast<unsigned char>(text[i])) && text[i + 1] == '.' &&
      ascii_upper(static_cast<unsigned char>(text[i + 2]))) {
    while (i + 1 < text.size() && ascii_upper(static_cast<unsigned char>(text[i])) && text[i + 1] == '.') {
      if (term) append_lower(*term, static_cast<unsigned char>(text[i]));
      i += 2;
    }
    word.end = i;
    return true;
  }
  bool ascii = true;
  unsigned prev = 0;
  while (i < text.size()) {
    const CodePoint c = code_point_at(text, i);
    if (word_char(c.value)) {
      if (term) append_lower(*term, c.value);
      ascii = ascii && c.value < 0x80;
      prev = c.value;
      i += c.size;
      continue;
    }
    // Characters that join the characters around them into one word: an apostrophe or '&'
    // between letters, a separator between digits.
    if (i + c.size >= text.size()) break;
    const CodePoint after = code_point_at(text, i + c.size);
    const bool letters = !is_digit(prev) && word_char(after.value) && !is_digit(after.value);
    const bool digits = is_digit(prev) && is_digit(after.value);
    if (letters && (c.value == '\'' || c.value == 0x2019 || c.value == 0x201b)) {
      if (term) *term += '\'';
    } else if (letters && (c.value == '&' || c.value == 0xb7 || c.value == 0x5f4 || c.value == 0x2027)) {
      if (term) append_lower(*term, c.value);
    } else if (digits && (c.value == ',' || c.value == '.' || c.value == ';' || c.value == 0x37e || c.value == 0x589 ||
                          c.value == 0x60d || c.value == 0x7f8 || c.value == 0x2044 || c.value == 0xfe10 ||
                          c.value == 0xfe13 || c.value == 0xfe14)) {
      if (term) append_lower(*term, c.value);
    } else {
      break;
    }
    ascii = false;
    i += c.size;
  }
  word.end = i;
  word.ascii = ascii;
  return true;
}

bool space(char c) { return c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\f' || c == '\v'; }

// `text` HTML-escaped onto `out`, each run of white space as one space.
void append_escaped(std::string& out, std::string_view text) {
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (space(c)) {
      out += ' ';
      while (i + 1 < text.size() && space(text[i + 1])) ++i;
    } else if (c == '&') {
      out += "&amp;";
    } else if (c == '<') {
      out += "&lt;";
    } else if (c == '>') {
      out += "&gt;";
    } else if (c == '"') {
      out += "&quot;";
    } else {
      out += c;
    }
  }
}

// Whether a sentence starts at `pos` (the first word of the text, or one after ".", "!", "?"
// or a line break).
bool sentence_starts(std::string_view text, std::size_t pos) {
  while (pos > 0 && (text[pos - 1] == ' ' || text[pos - 1] == '\t')) --pos;
  return pos == 0 || text[pos - 1] == '.' || text[pos - 1] == '!' || text[pos - 1] == '?' || text[pos - 1] == '\n' ||
         text[pos - 1] == '\r';
}

}  // namespace

Snippets::Snippets(const Xapian::Query& query, const Xapian::MSet& mset) : stem_(core::schema::kLanguage) {
  for (auto t = query.get_unique_terms_begin(); t != query.get_unique_terms_end(); ++t) {
    const std::string& term = *t;
    if (term.empty()) continue;
    const bool stemmed = term.size() > 1 && term[0] == 'Z' && !ascii_upper(static_cast<unsigned char>(term[1]));
    if (!stemmed && ascii_upper(static_cast<unsigned char>(term[0]))) continue;  // a field's or a filter's term
    if (terms_.contains(term)) continue;
    const double weight = mset.get_termweight(term);
    terms_.emplace(term, static_cast<int>(weights_.size()));
    weights_.push_back(weight > 0 ? weight : 1.0);
    if (stemmed) stems_.push_back(term.substr(1));
    starts_[static_cast<unsigned char>(term[stemmed ? 1 : 0])] = true;
  }
}

int Snippets::term_of(std::string_view text, std::size_t begin, bool ascii, std::string& term) const {
  const unsigned char first = static_cast<unsigned char>(text[begin]);
  if (first < 0x80 && !starts_[ascii_upper(first) ? first + ('a' - 'A') : first]) return -1;
  if (ascii) {
    term.clear();
    for (std::size_t i = begin; i < text.size() && ascii_alnum(static_cast<unsigned char>(text[i])); ++i) {
      append_lower(term, static_cast<unsigned char>(text[i]));
    }
  } else {
    Word word;
    next_word(text, begin, word, &term);
  }
  if (auto t = terms_.find(term); t != terms_.end()) return t->second;
  // Xapian stems the words that start with a letter (not a digit). A stem is never longer than
  // its word and keeps all of the word but its own last two letters at most.
  if (is_digit(first)) return -1;
  const bool could_stem = std::any_of(stems_.begin(), stems_.end(), [&](const std::string& stem) {
    const std::size_t kept = std::max<std::size_t>(1, stem.size() - std::min<std::size_t>(2, stem.size()));
    return term.size() >= stem.size() && term.compare(0, kept, stem, 0, kept) == 0;
  });
  if (!could_stem) return -1;
  if (auto t = terms_.find("Z" + stem_(term)); t != terms_.end()) return t->second;
  return -1;
}

std::string Snippets::operator()(std::string_view text, std::size_t length) const {
  struct Found {
    std::size_t begin, end;
    int term;  // -1: none of the query's words
  };
  std::vector<Found> words;
  Word word;
  std::string term;
  for (std::size_t i = 0; next_word(text, i, word, nullptr);) {
    words.push_back({word.begin, word.end, terms_.empty() ? -1 : term_of(text, word.begin, word.ascii, term)});
  }
  if (words.empty()) return {};

  // The window of words within `length` bytes whose query words weigh most: each distinct
  // word its weight, a repeat a tenth of it; the first such window wins (none: the beginning).
  std::vector<int> count(weights_.size(), 0);
  double score = 0, best = 0;
  std::size_t first = 0, best_first = 0, best_last = 0;
  auto weigh = [&](const Found& w, int step) {
    if (w.term < 0) return;
    const double full = weights_[static_cast<std::size_t>(w.term)];
    if (step > 0) score += count[static_cast<std::size_t>(w.term)]++ == 0 ? full : full / 10;
    else score -= --count[static_cast<std::size_t>(w.term)] == 0 ? full : full / 10;
  };
  for (std::size_t last = 0; last < words.size(); ++last) {
    weigh(words[last], +1);
    while (first < last && words[last].end - words[first].begin > length) weigh(words[first++], -1);
    if (score > best + 1e-9) {
      best = score, best_first = first, best_last = last;
      while (best_first < last && words[best_first].term < 0) ++best_first;  // the words that weigh
    }
  }

  // Room left: the passage starts at a sentence start if one is near enough before the
  // window, else a few words before it; then takes words after it while they fit.
  const std::size_t slack = length - std::min(length, words[best_last].end - words[best_first].begin);
  std::size_t start = best_first;
  for (std::size_t k = best_first + 1; k-- > 0 && words[best_first].begin - words[k].begin <= slack;) {
    if (sentence_starts(text, words[k].begin)) {
      start = k;
      break;
    }
    if (words[best_first].begin - words[k].begin <= slack / 4) start = k;
  }
  std::size_t stop = best_last;
  while (stop + 1 < words.size() && words[stop + 1].end - words[start].begin <= length) ++stop;

  std::string out;
  out.reserve(length + 64);
  if (start > 0) out += "…";
  // From the text's first character if the passage starts it (an opening bracket or quote).
  std::size_t at = words[start].begin;
  if (start == 0) for (at = 0; space(text[at]);) ++at;
  for (std::size_t k = start; k <= stop; ++k) {
    append_escaped(out, text.substr(at, words[k].begin - at));
    const std::string_view w = text.substr(words[k].begin, words[k].end - words[k].begin);
    if (words[k].term >= 0) {
      out += "<mark>";
      append_escaped(out, w);
      out += "</mark>";
    } else {
      append_escaped(out, w);
    }
    at = words[k].end;
  }
  // The punctuation right after the last word ("word." or "word),").
  const std::size_t limit = stop + 1 < words.size() ? words[stop + 1].begin : text.size();
  std::size_t tail = at;
  while (tail < limit && !space(text[tail])) ++tail;
  append_escaped(out, text.substr(at, tail - at));
  if (stop + 1 < words.size()) out += "…";
  return out;
}

}  // namespace km::search
