#include "search/query_terms.h"

namespace km::search {

std::optional<std::vector<std::string>> ored_terms(const Xapian::Query& query) {
  if (query.get_type() == Xapian::Query::LEAF_TERM) {
    std::string term = *query.get_terms_begin();
    if (term.empty() || query.get_length() != 1) return std::nullopt;  // everything, or a wqf
    return std::vector<std::string>{std::move(term)};
  }
  if (query.get_type() != Xapian::Query::OP_OR) return std::nullopt;
  std::vector<std::string> out;
  for (std::size_t i = 0; i < query.get_num_subqueries(); ++i) {
    auto terms = ored_terms(query.get_subquery(i));
    if (!terms) return std::nullopt;
    out.insert(out.end(), terms->begin(), terms->end());
  }
  return out;
}

}  // namespace km::search
