#include "server/query_check.h"

#include <cctype>
#include <vector>

#include "core/error.h"

namespace km::server {
namespace {

bool is_binary_operator(const std::string& word) { return word == "AND" || word == "OR" || word == "XOR"; }

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

void check_query_syntax(const std::string& query) {
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
    if (w.size() > 1 && w.back() == ':' && w.find('"') == std::string::npos) {
      throw core::InvalidInput("'" + w + "' needs a value after the colon", "bad_query");
    }
  }
  if (depth > 0) throw core::InvalidInput("the query opens a parenthesis it never closes", "bad_query");
}

}  // namespace km::server
