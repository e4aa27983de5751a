#include "search/sorted_docids.h"

#include <algorithm>

namespace km::search {

void SortedDocids::walk(std::shared_ptr<const Ids> ids) {
  ids_ = std::move(ids);
  pos_ = 0;
  started_ = false;
}

void SortedDocids::next(double) {
  if (started_) ++pos_;
  started_ = true;
}

void SortedDocids::skip_to(Xapian::docid did, double) {
  if (!started_) {
    started_ = true;
    pos_ = 0;
  }
  const Ids& ids = *ids_;
  pos_ = static_cast<std::size_t>(std::lower_bound(ids.begin() + static_cast<long>(std::min(pos_, ids.size())), ids.end(), did) -
                                  ids.begin());
}

}  // namespace km::search
