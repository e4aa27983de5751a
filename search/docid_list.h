#pragma once
// DocidList: a Xapian posting source over a fixed set of documents, weight 0. Used as a filter
// (OP_FILTER) to score a full query on a first pass's best documents only, so the work of the
// second pass is bounded by the size of the set, not of the corpus. One instance per query;
// not thread-safe (Xapian clones it per matcher).
#include <xapian.h>

#include <vector>

namespace km::search {

class DocidList : public Xapian::PostingSource {
 public:
  explicit DocidList(std::vector<Xapian::docid> ids);  // any order; duplicates allowed

  Xapian::doccount get_termfreq_min() const override { return static_cast<Xapian::doccount>(ids_.size()); }
  Xapian::doccount get_termfreq_est() const override { return get_termfreq_min(); }
  Xapian::doccount get_termfreq_max() const override { return get_termfreq_min(); }
  void next(double min_wt) override;
  void skip_to(Xapian::docid did, double min_wt) override;
  bool at_end() const override { return started_ && pos_ >= ids_.size(); }
  Xapian::docid get_docid() const override { return ids_[pos_]; }
  DocidList* clone() const override { return new DocidList(ids_); }
  void init(const Xapian::Database& db) override;
  std::string get_description() const override { return "km::DocidList"; }

 private:
  std::vector<Xapian::docid> ids_;  // sorted, unique
  std::size_t pos_ = 0;
  bool started_ = false;
};

}  // namespace km::search
