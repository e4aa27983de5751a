#pragma once
// SortedDocids: what a Xapian posting source over a sorted list of a shard's docids needs,
// with weight 0 — shared by DocidList (a first pass's best documents) and PhraseMatches (the
// documents holding a phrase). A subclass gives the list of the shard it is handed in init()
// to walk().
#include <xapian.h>

#include <memory>
#include <vector>

namespace km::search {

class SortedDocids : public Xapian::PostingSource {
 public:
  using Ids = std::vector<Xapian::docid>;

  Xapian::doccount get_termfreq_min() const override { return static_cast<Xapian::doccount>(ids_->size()); }
  Xapian::doccount get_termfreq_est() const override { return get_termfreq_min(); }
  Xapian::doccount get_termfreq_max() const override { return get_termfreq_min(); }
  void next(double min_wt) override;
  void skip_to(Xapian::docid did, double min_wt) override;
  bool at_end() const override { return started_ && pos_ >= ids_->size(); }
  Xapian::docid get_docid() const override { return (*ids_)[pos_]; }

 protected:
  // Starts a walk over `ids` (sorted, unique).
  void walk(std::shared_ptr<const Ids> ids);
  const std::shared_ptr<const Ids>& ids() const { return ids_; }

 private:
  std::shared_ptr<const Ids> ids_ = std::make_shared<const Ids>();
  std::size_t pos_ = 0;
  bool started_ = false;
};

}  // namespace km::search
