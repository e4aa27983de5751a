#pragma once
// TermPostings: which documents of one snapshot of the index hold a term, and how often, read
// from Xapian once and kept.
//
// Why: the feedback of a search (RM3, search/ranking.h) weighs a dozen words of its best
// matches over the 60 to 80 documents of the re-ranking window. Through Xapian's matcher that
// decodes nearly the whole posting list of each word (the window's documents are spread over
// the corpus, and Xapian walks a chunk of a posting list one entry at a time), and reads it
// block by block with a system call each: a quarter of a search page's CPU at 100,000 items.
// Feedback words are the vocabulary of the best matches, so the same ones come back query after
// query; a kept list answers "how often does document d hold it" with a binary search.
//
// Kept per snapshot (every shard's UUID and revision, snapshot_cache.h): a commit makes new
// revisions, so a list is never used for a later snapshot than the one it was read from. A list
// holds every document with the term, hidden ones included: it is only ever asked about
// documents the user may see (a window of the visibility-filtered first pass), or walked by a
// pass that checks each document against the user's filter before anything else
// (first_pass.h, match_counts.h), and it is never shown (DESIGN.md "No leak"). The least recently used lists are dropped beyond kBudget bytes
// (over every snapshot). A database without a snapshot key (in memory, remote) has none:
// callers fall back to Xapian's matcher there. Thread-safe.
#include <xapian.h>

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace km::search {

class TermPostings {
 public:
  // Every posting of `term` in `db`.
  TermPostings(const Xapian::Database& db, const std::string& term);

  // How often document `did` holds the term (0: not at all).
  Xapian::termcount wdf(Xapian::docid did) const;
  // The same for each of `docs` (ascending), in their order, in one walk of the list: each
  // document is sought from where the one before it was, by steps doubling (a window's 60-80
  // documents in a list of thousands: fewer probes, each nearer the last, than a binary search
  // of the whole list for each).
  void wdfs(const std::vector<Xapian::docid>& docs, std::vector<Xapian::termcount>& out) const;
  // How many documents hold it, and which (ascending).
  Xapian::doccount termfreq() const { return static_cast<Xapian::doccount>(docs_.size()); }
  const std::vector<Xapian::docid>& docs() const { return docs_; }
  // How often the i-th document of docs() holds it.
  Xapian::termcount wdf_at(std::size_t i) const { return wdf_[i] < kWide ? wdf_[i] : wide_wdf(i); }
  // The largest wdf of any document.
  Xapian::termcount max_wdf() const { return max_wdf_; }
  std::size_t bytes() const;

 private:
  static constexpr std::uint16_t kWide = 0xffff;  // the wdf is in wide_
  Xapian::termcount wide_wdf(std::size_t i) const;
  std::vector<Xapian::docid> docs_;  // ascending
  std::vector<std::uint16_t> wdf_;   // of each document
  std::vector<std::pair<Xapian::docid, Xapian::termcount>> wide_;  // wdfs from kWide up, by document
  Xapian::termcount max_wdf_ = 0;
};

class TermPostingsCache {
 public:
  // The first pass's lists join the feedback's: 81 MB for the 1,000 bench queries at 100,000
  // items, 64 MB being too few for both.
  static constexpr std::size_t kBudget = std::size_t{256} << 20;
  // The longest list worth keeping. A kept list is read whole the first time; Xapian's matcher,
  // seeking a window's 60-80 documents in a long list, skips the chunks between them (at
  // 1,000,000 items a feedback term may be in 200,000 documents: with every list kept, only 19%
  // of them were found kept within the budget, and a page cost 3.1x a plain top-10 instead of
  // 1.7x). Every feedback term at 100,000 items is within it (prf_max_df: 20%).
  static constexpr Xapian::doccount kMaxPostings = 32768;

  // The postings of `term` in `db`, whose snapshot_key_of_parts() is `snapshot`.
  static std::shared_ptr<const TermPostings> get(const Xapian::Database& db, const std::string& snapshot,
                                                 const std::string& term);

  // Lists asked for and read from Xapian so far, and the bytes kept now (tests, benchmarks).
  static std::size_t lookups();
  static std::size_t lists_read();
  static std::size_t bytes_kept();
};

}  // namespace km::search
