#pragma once
// Checks a search query's syntax before Xapian sees it. Xapian's parser quietly reinterprets
// malformed input; we would rather tell the person what is wrong. Throws InvalidInput with a
// message a person understands ("unbalanced quote", "'AND' needs words on both sides"...).
#include <string>

namespace km::server {

void check_query_syntax(const std::string& query);

}  // namespace km::server
