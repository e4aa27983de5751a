#include "search/docid_list.h"

#include <algorithm>

namespace km::search {

DocidList::DocidList(std::vector<Xapian::docid> ids) : ids_(std::move(ids)) {
  std::sort(ids_.begin(), ids_.end());
  ids_.erase(std::unique(ids_.begin(), ids_.end()), ids_.end());
}

void DocidList::init(const Xapian::Database&) {
  pos_ = 0;
  started_ = false;
}

void DocidList::next(double) {
  if (started_) ++pos_;
  started_ = true;
}

void DocidList::skip_to(Xapian::docid did, double) {
  if (!started_) {
    started_ = true;
    pos_ = 0;
  }
  pos_ = static_cast<std::size_t>(std::lower_bound(ids_.begin() + static_cast<long>(std::min(pos_, ids_.size())), ids_.end(), did) -
                                  ids_.begin());
}

}  // namespace km::search
