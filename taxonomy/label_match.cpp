#include "taxonomy/label_match.h"

#include <xapian.h>

#include <algorithm>

#include "taxonomy/concept_graph.h"

namespace km::taxonomy {
namespace {

bool ends_with(const std::string& s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

void replace_all(std::string& s, std::string_view from, std::string_view to) {
  for (std::size_t at = s.find(from); at != std::string::npos; at = s.find(from, at + to.size())) s.replace(at, from.size(), to);
}

// Latin letters without their accents; German umlauts as their usual transliteration.
std::string fold(const std::string& word, bool german) {
  std::string out;
  for (Xapian::Utf8Iterator it(word); it != Xapian::Utf8Iterator(); ++it) {
    const unsigned ch = *it;
    const char* to = nullptr;
    if (ch == 0xE4) to = german ? "ae" : "a";
    else if (ch == 0xF6) to = german ? "oe" : "o";
    else if (ch == 0xFC) to = german ? "ue" : "u";
    else if (ch == 0xDF) to = "ss";
    else if (ch == 0xE6) to = "ae";
    else if (ch == 0x153) to = "oe";
    else if (ch >= 0xE0 && ch <= 0xE5) to = "a";
    else if (ch == 0xE7) to = "c";
    else if (ch >= 0xE8 && ch <= 0xEB) to = "e";
    else if (ch >= 0xEC && ch <= 0xEF) to = "i";
    else if (ch == 0xF1) to = "n";
    else if ((ch >= 0xF2 && ch <= 0xF6) || ch == 0xF8) to = "o";
    else if (ch >= 0xF9 && ch <= 0xFC) to = "u";
    else if (ch == 0xFD || ch == 0xFF) to = "y";
    if (to) out += to;
    else Xapian::Unicode::append_utf8(out, ch);
  }
  return out;
}

// British -> American spellings and the classical ae ligature, on a folded word.
std::string respell(std::string w) {
  replace_all(w, "ae", "e");
  for (auto [from, to] : {std::pair<std::string_view, std::string_view>{"isation", "ization"}, {"ising", "izing"}, {"ised", "ized"},
                          {"ise", "ize"}, {"ises", "izes"}, {"yse", "yze"}, {"logue", "log"}, {"logues", "logs"}, {"our", "or"},
                          {"ours", "ors"}, {"tre", "ter"}, {"tres", "ters"}}) {
    if (w.size() > from.size() + 2 && ends_with(w, from)) w = w.substr(0, w.size() - from.size()) + std::string(to);
  }
  replace_all(w, "loguing", "loging");  // cataloguing
  return w;
}

std::string singular(const std::string& w) {
  if (w.size() <= 3) return w;
  if (ends_with(w, "ies")) return w.substr(0, w.size() - 3) + "y";
  if (ends_with(w, "sses") || ends_with(w, "xes") || ends_with(w, "ches") || ends_with(w, "shes")) return w.substr(0, w.size() - 2);
  if (ends_with(w, "s") && !ends_with(w, "ss") && !ends_with(w, "us") && !ends_with(w, "is")) return w.substr(0, w.size() - 1);
  return w;
}

std::string join(const std::vector<std::string>& words, const char* sep) {
  std::string out;
  for (const auto& w : words) out += (out.empty() ? "" : sep) + w;
  return out;
}

std::vector<std::string> trigrams_of(const std::string& s) {
  // Over code points, so that non-Latin scripts compare by letters too.
  std::vector<std::string> chars = {"^"};
  for (Xapian::Utf8Iterator it(s); it != Xapian::Utf8Iterator(); ++it) {
    std::string c;
    Xapian::Unicode::append_utf8(c, *it);
    chars.push_back(std::move(c));
  }
  chars.push_back("$");
  std::vector<std::string> out;
  for (std::size_t i = 0; i + 2 < chars.size(); ++i) out.push_back(chars[i] + chars[i + 1] + chars[i + 2]);
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

std::size_t common(const std::vector<std::string>& a, const std::vector<std::string>& b) {
  std::size_t n = 0;
  for (std::size_t i = 0, j = 0; i < a.size() && j < b.size();) {
    if (a[i] == b[j]) ++n, ++i, ++j;
    else if (a[i] < b[j]) ++i;
    else ++j;
  }
  return n;
}

double dice(const std::vector<std::string>& a, const std::vector<std::string>& b) {
  return a.empty() && b.empty() ? 0 : 2.0 * static_cast<double>(common(a, b)) / static_cast<double>(a.size() + b.size());
}

// One of the two, of five bytes or more, starts or ends the other, and what is left is long
// enough to be a word of its own (four bytes: "Latène|zeit").
bool compound_of(const std::string& a, const std::string& b) {
  const std::string& shorter = a.size() < b.size() ? a : b;
  const std::string& longer = a.size() < b.size() ? b : a;
  return shorter.size() >= 5 && shorter.size() + 4 <= longer.size() &&
         (longer.compare(0, shorter.size(), shorter) == 0 || ends_with(longer, shorter));
}

// A word that names a subdivision rather than a thing: a single letter or digit, a number, or a
// Roman numeral ("A", "3", "1250", "III").
bool is_designator(const std::string& w) {
  if (w.size() == 1) return true;
  if (std::all_of(w.begin(), w.end(), [](char c) { return c >= '0' && c <= '9'; })) return true;
  return w.size() <= 4 && std::all_of(w.begin(), w.end(), [](char c) { return c == 'i' || c == 'v' || c == 'x'; });
}

// Jaccard over the words of both labels. A word of `a` matches
// the same word of `b` fully; across languages, it also matches the word spelt most alike
// (cognates: "archaische", "archaic") by their trigram Dice, from 0.6, with words of four letters
// or more (short words are too often alike by chance).
double soft_jaccard(const LabelForms& a, const LabelForms& b, bool across_languages) {
  double matched = 0;
  const double total = static_cast<double>(a.words.size() + b.words.size());
  std::vector<bool> used(b.words.size(), false);
  for (std::size_t i = 0; i < a.words.size(); ++i) {
    double best = 0;
    std::size_t at = b.words.size();
    for (std::size_t j = 0; j < b.words.size(); ++j) {
      if (used[j]) continue;
      double s = a.words[i] == b.words[j] ? 1.0 : 0.0;
      if (s == 0 && across_languages && a.words[i].size() >= 4 && b.words[j].size() >= 4) {
        s = dice(a.word_trigrams[i], b.word_trigrams[j]);
        if (s < 0.6) s = 0;
      }
      if (s > best) best = s, at = j;
    }
    if (at == b.words.size()) continue;
    used[at] = true;
    matched += best;
  }
  return total - matched > 0 ? matched / (total - matched) : 0;
}

}  // namespace

std::string primary_language(const std::string& tag) {
  std::string out = tag.substr(0, tag.find('-'));
  for (char& ch : out) ch = static_cast<char>(ch >= 'A' && ch <= 'Z' ? ch - 'A' + 'a' : ch);
  return out;
}

bool same_language(const Label& a, const Label& b) {
  // Untagged labels are taken to be in the language of the other side.
  return a.lang.empty() || b.lang.empty() || primary_language(a.lang) == primary_language(b.lang);
}

LabelForms label_forms(const Label& label) {
  LabelForms f;
  f.label = label;
  const bool german = label.lang.rfind("de", 0) == 0;
  const std::vector<std::string> words = words_of(label.text);
  std::vector<std::string> variant, single;
  for (const auto& w : words) {
    variant.push_back(respell(fold(w, german)));
    single.push_back(singular(variant.back()));
  }
  f.exact = join(words, " ");
  f.variant = join(variant, " ");
  f.singular = join(single, " ");
  f.compact = join(single, "");
  f.words = single;
  std::sort(f.words.begin(), f.words.end());
  f.words.erase(std::unique(f.words.begin(), f.words.end()), f.words.end());
  f.trigrams = trigrams_of(f.compact);
  for (const auto& w : f.words) {
    f.word_trigrams.push_back(trigrams_of(w));
    if (is_designator(w)) f.designators.push_back(w);
  }
  return f;
}

std::vector<LabelForms> label_forms(const Concept& c) {
  std::vector<LabelForms> out;
  for (const Label& l : all_labels(c)) out.push_back(label_forms(l));
  return out;
}

LabelSimilarity compare_labels(const LabelForms& a, const LabelForms& b) {
  if (a.exact.empty() || b.exact.empty()) return {};
  if (a.exact == b.exact) return {1.0, "same label"};
  auto unbroken = [](std::string s) {
    s.erase(std::remove(s.begin(), s.end(), ' '), s.end());
    return s;
  };
  if (a.variant == b.variant || unbroken(a.variant) == unbroken(b.variant)) return {0.95, "spelling variant"};
  if (a.singular == b.singular || a.compact == b.compact) return {0.9, "singular/plural"};
  // "Hallstatt C" and "Hallstatt D", "Roman I" and "Romanik": labels naming different
  // subdivisions are not alike however close their spelling.
  if (a.designators != b.designators) return {};
  LabelSimilarity best;
  const bool across_languages = !same_language(a.label, b.label);
  if (const double jaccard = soft_jaccard(a, b, across_languages); jaccard > 0) best = {0.85 * jaccard, "shared words"};
  // Spelling similarity is for words written alike (cognates, variants), not for a label
  // inside a longer one ("Encoding" in "text encoding"): lengths within 30% of each other;
  // except across languages, where a compound starting or ending with the other label is the
  // usual way to name it ("Latènezeit", "La Tène").
  const double longer = static_cast<double>(std::max(a.trigrams.size(), b.trigrams.size()));
  const double shorter = static_cast<double>(std::min(a.trigrams.size(), b.trigrams.size()));
  if (shorter >= 0.7 * longer || (across_languages && compound_of(a.compact, b.compact))) {
    const std::size_t shared_grams = common(a.trigrams, b.trigrams);
    const double dice = 2.0 * static_cast<double>(shared_grams) / (longer + shorter);
    // Across languages a similar spelling is a cognate ("Paläolithikum", "Palaeolithic"); in one
    // language it is mostly another word ("annotation", "quotations").
    const double weight = across_languages ? 0.9 : 0.6;
    if (dice >= 0.55 && weight * dice > best.score) best = {weight * dice, "similar spelling"};
  }
  return best;
}

std::string quoted(const Label& label) {
  return "\"" + label.text + "\"" + (label.lang.empty() ? "" : "@" + label.lang);
}

}  // namespace km::taxonomy
