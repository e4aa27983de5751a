#pragma once
// English stop words: words too common to say anything about a document. Used to keep them
// out of "more like this" expansions and query-side weighting. Thread-safe (immutable).
#include <string_view>

namespace km::core {

bool is_stopword(std::string_view word);

}  // namespace km::core
