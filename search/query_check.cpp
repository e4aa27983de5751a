#include "search/query_check.h"

#include <algorithm>
#include <cctype>
#include <vector>

#include "core/error.h"

namespace km::search {
namespace {

bool is_binary_operator(const std::string& word) { return word == "AND" || word == "OR" || word == "XOR"; }

// Whether `word` starts with a field prefix of the query language ("title:...").
bool starts_with_field(std::string_view word) {
  const std::size_t colon = word.find(':');
  if (colon == std::string_view::npos) return false;
  for (const QueryField& f : kQueryFields) {
    if (word.substr(0, colon) == f.name) return true;
  }
  return false;
}

// Splits outside quotes on spaces and parentheses; parentheses become their own tokens.
std::vector<std::string> tokens(const std::string& query) {
  std::vector<std::string> out;
  std::string current;
  bool quoted = false;
  for (char c : query) {
    if (c == '"') quoted = !quoted;
    if (!quoted && (std::isspace(static_cast<unsigned char>(c)) || c == '(' || c == ')')) {
      if (!current.empty()) out.push_back(current);
      current.clear();
      if (c == '(' || c == ')') out.emplace_back(1, c);
      continue;
    }
    current += c;
  }
  if (!current.empty()) out.push_back(current);
  return out;
}

}  // namespace

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
    if (starts_with_field(word)) return true;
  }
  return false;
}

void check_query_syntax(const std::string& query) {
  // Control characters are nothing a person types; a NUL byte also makes Xapian's query parser
  // leak memory on every parse (libxapian 1.4.22, found by fuzz/query_fuzz.cpp).
  const auto control = std::find_if(query.begin(), query.end(), [](unsigned char c) {
    return (c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7f;
  });
  if (control != query.end()) throw core::InvalidInput("the query holds a control character", "bad_query");
  std::size_t quotes = 0;
  for (char c : query) quotes += (c == '"');
  if (quotes % 2) throw core::InvalidInput("the query has an unbalanced quote (\")", "bad_query");
  int depth = 0;
  std::vector<std::string> words = tokens(query);
  for (std::size_t i = 0; i < words.size(); ++i) {
    const std::string& w = words[i];
    if (w == "(") ++depth;
    if (w == ")" && --depth < 0) throw core::InvalidInput("the query closes a parenthesis it never opened", "bad_query");
    const bool first = i == 0 || words[i - 1] == "(";
    const bool last = i + 1 == words.size() || words[i + 1] == ")";
    if (is_binary_operator(w) && (first || last || is_binary_operator(words[i - 1]) || words[i - 1] == "NOT")) {
      throw core::InvalidInput("'" + w + "' needs words on both sides", "bad_query");
    }
    if (w == "NOT" && last) throw core::InvalidInput("'NOT' needs a word after it", "bad_query");
    if (w == "NOT" && first) {
      throw core::InvalidInput("a query cannot start with 'NOT': say what to find first (e.g. router NOT modem)",
                               "bad_query");
    }
    // Only a known field's colon is syntax: "phone:" and "ratio:" are plain words.
    if (w.size() > 1 && w.back() == ':' && w.find('"') == std::string::npos &&
        starts_with_field(std::string_view(w).substr(w.find_first_not_of("+-")))) {
      throw core::InvalidInput("'" + w + "' needs a value after the colon", "bad_query");
    }
  }
  if (depth > 0) throw core::InvalidInput("the query opens a parenthesis it never closes", "bad_query");
}

}  // namespace km::search
