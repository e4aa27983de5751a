#pragma once
// A search's filter where it can be checked document by document from memory, beside Xapian's
// matcher: the counting pass (match_counts.h) and the first pass (first_pass.h) walk posting
// lists themselves and ask it about each document.
#include <xapian.h>

#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "search/doc_values.h"
#include "search/visible_docs.h"

namespace km::search {

// The facet dimensions, each with the filter that a search may put on it.
enum class Facet { org, kind, community, concept_id, none };

// Who may see what (the user's audience terms, search/access.h) and the values a search allows
// in the org, kind and community dimensions (none for a dimension without a filter). Not for a
// filter on concepts, status or dates, nor for an unrestricted search.
struct PlainFilter {
  std::vector<std::string> audience;
  std::map<Facet, std::vector<std::string>> allowed;
};

// A PlainFilter checked per document of one local shard, from its visibility bitmap (kept for
// its snapshot) and its DocValues, without the dimension `skip` (Facet::none: all of them).
// The same documents as the filter's terms (KeptCountsTest, FirstPassTest).
class PlainCheck {
 public:
  PlainCheck(const Xapian::Database& shard, const DocValues& values, const PlainFilter& plain, Facet skip = Facet::none);
  bool operator()(Xapian::docid did) const {
    if (!visible_->holds(did)) return false;
    for (const auto& [slot, codes] : slots_) {
      if (!codes[values_.code(slot, did)]) return false;
    }
    return true;
  }

 private:
  std::shared_ptr<const VisibleDocs::Bitmap> visible_;
  const DocValues& values_;
  std::vector<std::pair<Xapian::valueno, std::vector<bool>>> slots_;  // the allowed codes of each filtered slot
};

}  // namespace km::search
