#pragma once
// What a query is made of, where it is simple enough to be evaluated without Xapian's matcher.
#include <xapian.h>

#include <optional>
#include <string>
#include <vector>

namespace km::search {

// The terms of `query` where it is one plain term or an OR of them (nested ORs too), each
// leaf with a within-query frequency of 1, in order, repeats included; none otherwise (a
// phrase, an AND, a synonym group, a scaled part, everything...).
std::optional<std::vector<std::string>> ored_terms(const Xapian::Query& query);

}  // namespace km::search
