#pragma once
// VisibleDocs: the documents holding any of a set of audience terms (the visibility filter of
// search/access.h), as a Xapian posting source over a bitmap of each shard's document numbers.
// The same set as the OR of those terms, checked in constant time per candidate instead of by
// seeking several long posting lists: the filter cost about 1 ms of a first pass and 1 ms of
// a counting pass at 100,000 items.
//
// A shard's bitmap is built from the shard itself, in init(), and kept for its snapshot: the
// shard's UUID and revision and the terms. A commit makes a new revision, so a bitmap is never
// used for a later snapshot than its own (DESIGN.md "No leak"). A shard without a revision (an
// in-memory one) gets a fresh bitmap each time. Not for a WritableDatabase holding uncommitted
// changes: its revision would not name what the bitmap was built from. Xapian cannot send a posting source of ours to
// a remote shard (UnimplementedError): use the terms there. One instance per query; Xapian
// clones it per shard. The cache is thread-safe.
#include <xapian.h>

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace km::search {

class VisibleDocs : public Xapian::PostingSource {
 public:
  explicit VisibleDocs(std::vector<std::string> terms);

  // The set as a posting source: a bitmap of document numbers (bit d: document d).
  struct Bitmap {
    std::vector<std::uint64_t> words;
    Xapian::doccount count = 0;
    bool holds(Xapian::docid did) const { return did / 64 < words.size() && (words[did / 64] >> (did % 64) & 1); }
  };
  // The bitmap of one local shard (kept for its snapshot, as init() does).
  static std::shared_ptr<const Bitmap> of(const Xapian::Database& shard, const std::vector<std::string>& terms);

  Xapian::doccount get_termfreq_min() const override { return bitmap_->count; }
  Xapian::doccount get_termfreq_est() const override { return bitmap_->count; }
  Xapian::doccount get_termfreq_max() const override { return bitmap_->count; }
  void next(double min_wt) override;
  void skip_to(Xapian::docid did, double min_wt) override;
  bool check(Xapian::docid did, double min_wt) override;
  bool at_end() const override { return at_end_; }
  Xapian::docid get_docid() const override { return current_; }
  VisibleDocs* clone() const override { return new VisibleDocs(terms_); }
  void init(const Xapian::Database& db) override;
  std::string get_description() const override { return "km::VisibleDocs"; }

  // Bitmaps built so far (for tests: a cached one is reused, a new revision builds another).
  static std::size_t bitmaps_built();

 private:
  // Moves to the first document at or after `did`.
  void seek(Xapian::docid did);

  std::vector<std::string> terms_;
  std::shared_ptr<const Bitmap> bitmap_;
  Xapian::docid current_ = 0;
  bool at_end_ = false;
};

// The same set as a match decider over one local database (not several shards: Xapian hands a
// decider each shard's own document numbers, without telling which shard). Xapian asks a
// decider only about documents that score high enough to enter the match set, where a posting
// source in a FILTER is checked for every candidate of the text query: a first pass at 100,000
// items, 1.48 -> 1.19 ms (a plain top-80 without any filter: 1.16). Not for a pass in date
// order, where every match is looked at: a filter spares the hidden ones. Xapian's remote
// backend takes no decider (UnimplementedError). One instance per pass (it counts what it
// accepts); not thread-safe.
class VisibleDecider : public Xapian::MatchDecider {
 public:
  VisibleDecider(const Xapian::Database& db, const std::vector<std::string>& terms);
  bool operator()(const Xapian::Document& doc) const override;
  // How many documents it accepted: a lower bound on the visible matches of its pass (Xapian's
  // own lower bound for a pass with a decider may come from the query's term frequencies, which
  // count documents the user may not see).
  Xapian::doccount accepted() const { return accepted_; }
  // Deciders made so far (for tests: which searches run with one).
  static std::size_t made();

 private:
  std::shared_ptr<const VisibleDocs::Bitmap> bitmap_;
  mutable Xapian::doccount accepted_ = 0;
};

}  // namespace km::search
