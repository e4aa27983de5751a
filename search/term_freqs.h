#pragma once
// TermFreqs: the document frequencies of terms in one snapshot of the index, each read from
// Xapian once per snapshot. The feedback (RM3, search/ranking.h) checks the frequency of 20 to
// 40 candidate terms a search, mostly the same common words, and Xapian reads each from its
// posting list's first chunk (a B-tree lookup per term and shard): 4% of km-server's CPU at 32
// connections and 100,000 items, twice that over 2 shards.
//
// Kept per snapshot (every shard's UUID and revision; core/index_layout.h, snapshot_cache.h):
// a commit makes new revisions, so a frequency is never used for a later snapshot than the one
// it was read from. A database without a revision of its own (in memory, remote) is read each
// time. At most kMaxTerms terms a snapshot are kept; beyond them, read each time.
// Thread-safe: one instance per search, the tables shared.
#include <xapian.h>

#include <memory>
#include <string>

namespace km::search {

class TermFreqs {
 public:
  static constexpr std::size_t kMaxTerms = 100000;

  // The table of `db`'s snapshot (made if need be); `db` must outlive this object.
  explicit TermFreqs(const Xapian::Database& db);

  // The number of documents of `db` holding `term`.
  Xapian::doccount operator()(const std::string& term) const;

  // Tables made so far (for tests: a snapshot reuses its own, a commit makes a new one).
  static std::size_t tables_made();

  struct Table;

 private:
  const Xapian::Database& db_;
  std::shared_ptr<const Table> table_;  // null: no snapshot to key by
};

}  // namespace km::search
