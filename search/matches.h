#pragma once
// The matches of a search's first pass (plain BM25 over its text query, under the user's
// filter), best first, whether Xapian's matcher found them or search/first_pass.h did.
#include <xapian.h>

#include <vector>

namespace km::search {

// One match and its weight.
struct Match {
  Xapian::docid did = 0;
  double weight = 0;
};
// Best first: by weight, ties by document number (Xapian's order).
using Matches = std::vector<Match>;

// The matches of an MSet, in its order.
inline Matches matches_of(const Xapian::MSet& mset) {
  Matches out;
  out.reserve(mset.size());
  for (auto m = mset.begin(); m != mset.end(); ++m) out.push_back({*m, m.get_weight()});
  return out;
}

}  // namespace km::search
