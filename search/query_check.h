#pragma once
// The query language's syntax: its field prefixes, whether a query uses the language on
// purpose, and a check run before Xapian sees a query. Xapian's parser quietly reinterprets
// malformed input; we would rather tell the person what is wrong. Pure functions; thread-safe.
#include <string>
#include <string_view>

#include "core/index_schema.h"

namespace km::search {

// The field prefixes of the query language: title:refund, org:partner...
struct QueryField {
  std::string_view name;
  std::string_view term_prefix;
  bool boolean;  // a filter (org:partner), not words to score (title:refund)
};
inline constexpr QueryField kQueryFields[] = {
    {"title", core::schema::kTitlePrefix, false},    {"summary", core::schema::kSummaryPrefix, false},
    {"org", core::schema::kOrgPrefix, true},         {"kind", core::schema::kKindPrefix, true},
    {"concept", core::schema::kConceptPrefix, true}, {"community", core::schema::kCommunityPrefix, true}};

// Whether the person used the query language on purpose: quotes, brackets, a + or - in front
// of a word, a known field prefix (title:...) or an upper-case operator. Such queries are run
// exactly as written. A hyphen or colon inside ordinary text ("boundary-layer", "ratio:") is
// not syntax.
bool has_explicit_syntax(const std::string& query);

// Throws InvalidInput (code "bad_query") with a message a person understands ("unbalanced
// quote", "'AND' needs words on both sides", "'title:' needs a value after the colon", "the
// query holds a control character" for any below a space but tab and line breaks...).
void check_query_syntax(const std::string& query);

}  // namespace km::search
