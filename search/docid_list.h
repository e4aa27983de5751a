#pragma once
// DocidList: a Xapian posting source over a fixed set of documents, weight 0. Used as a filter
// (OP_FILTER) to score the ranking boosts on a first pass's best documents only, so the work of
// the second pass is bounded by the size of the set, not of the corpus. One instance per query;
// not thread-safe (Xapian clones it per matcher).
//
// Over shards (core/index_layout.h) Xapian runs a clone per shard and hands it that shard's own
// docids: the list is kept per shard (a database of N shards numbers document d of shard k as
// (d - 1) * N + k + 1) and init() finds its shard by the shard's UUID. Every shard must then
// have a UUID (Glass and remote shards do; several in-memory shards are not supported).
#include <memory>
#include <string>
#include <vector>

#include "search/sorted_docids.h"

namespace km::search {

class DocidList : public SortedDocids {
 public:
  // `ids` are docids of `db` (any order; duplicates allowed).
  DocidList(const Xapian::Database& db, const std::vector<Xapian::docid>& ids);

  DocidList* clone() const override;
  void init(const Xapian::Database& db) override;
  std::string get_description() const override { return "km::DocidList"; }

 private:
  struct Shards {
    std::vector<std::string> uuids;                // one per shard, in order
    std::vector<std::shared_ptr<const Ids>> local;  // each shard's docids, sorted, unique
  };
  explicit DocidList(std::shared_ptr<const Shards> shards);

  std::shared_ptr<const Shards> shards_;
};

}  // namespace km::search
