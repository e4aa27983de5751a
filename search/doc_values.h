#pragma once
// DocValues: the facet slots and the signals slot of every document of one database snapshot,
// in memory by document number, each value coded by its place in the slot's list of distinct
// values; and each document's length (the feedback's BM25, search/ranking.h). A search page
// reads these slots for up to a thousand matches (the facet counts) and the re-ranked window
// (the signals): from the value streams that is a seek per document and slot (4,000 for the
// facets, a fifth of a page's time at 100,000 items); here an array lookup.
//
// Read from each slot's value stream once per snapshot (75 ms at 100,000 items on a busy
// 2-core machine) and kept for that snapshot only: a commit makes a new revision, read anew
// (search/snapshot_cache.h). Searches never wait for a read: of() gives what is already read,
// else null, and the caller reads the documents' values as before; DocValuesLoader reads a new
// snapshot in a thread of its own (IndexReaders starts it when a reader moves to a new revision).
// Per local database: over several local shards, each shard's own (core::parts_of; a document
// of the whole is document (d - 1) / n + 1 of shard (d - 1) % n, Xapian's interleaving); never
// for remote shards.
// Memory: four bytes per document and slot, four for its length, plus the distinct values and
// the ids they list.
#include <xapian.h>

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>
#include <string>
#include <utility>
#include <vector>

#include "core/index_layout.h"
#include "core/index_schema.h"

namespace km::search {

class DocValues {
 public:
  // The slots held, in this order.
  static constexpr Xapian::valueno kSlots[] = {core::schema::kOrgSlot, core::schema::kKindSlot,
                                                core::schema::kCommunitySlot, core::schema::kConceptsSlot,
                                                core::schema::kSignalsSlot};
  using Code = std::uint32_t;  // 0: no value

  // The values of `db`'s snapshot if they have been read; else null (as where `db` is not one
  // local database). Never reads. Thread-safe; the result may be shared between threads.
  static std::shared_ptr<const DocValues> of(const Xapian::Database& db);
  // The same, read now if need be (waiting for a read of the same snapshot in progress).
  static std::shared_ptr<const DocValues> load(const Xapian::Database& db);
  // The DocValues of every part of `db` (core::parts_of), or none unless every part has them.
  static std::vector<std::shared_ptr<const DocValues>> of_parts(const Xapian::Database& db);
  // Where document `did` of the whole is among `parts` (of_parts(), not empty): document d of n
  // shards is document (d - 1) / n + 1 of shard (d - 1) % n, Xapian's interleaving.
  static std::pair<const DocValues*, Xapian::docid> locate(const std::vector<std::shared_ptr<const DocValues>>& parts,
                                                           Xapian::docid did) {
    const auto n = static_cast<Xapian::docid>(parts.size());
    return {parts[(did - 1) % n].get(), (did - 1) / n + 1};
  }

  // The code of document `did`'s value in `slot` (one of kSlots); 0 if it has none.
  Code code(Xapian::valueno slot, Xapian::docid did) const {
    const std::vector<Code>& codes = columns_[column(slot)].codes;
    return did < codes.size() ? codes[did] : 0;
  }
  // The value a code stands for ("" for 0), and how many codes `slot` has (0 included).
  const std::string& value(Xapian::valueno slot, Code code) const { return columns_[column(slot)].values[code]; }
  std::size_t codes(Xapian::valueno slot) const { return columns_[column(slot)].values.size(); }
  // The ids a code's value lists (core/index_schema.h, for_each_listed_id: a value of the
  // concepts slot lists several), as numbers into listed_ids(slot), which holds each id once.
  const std::vector<std::uint32_t>& listed(Xapian::valueno slot, Code code) const {
    return columns_[column(slot)].listed[code];
  }
  const std::vector<std::string>& listed_ids(Xapian::valueno slot) const { return columns_[column(slot)].ids; }
  // Document `did`'s length (Xapian's: the sum of its terms' wdf); 0 for no document.
  Xapian::termcount length(Xapian::docid did) const { return did < lengths_.size() ? lengths_[did] : 0; }

  // Snapshots read so far (for tests: a cached one is reused, a new revision reads again).
  static std::size_t snapshots_read();

 private:
  struct Column {
    std::vector<Code> codes;            // by document number
    std::vector<std::string> values{""};  // by code
    std::vector<std::vector<std::uint32_t>> listed;  // by code: the ids its value lists
    std::vector<std::string> ids;                    // each listed id once
  };
  static std::size_t column(Xapian::valueno slot);
  static std::shared_ptr<const DocValues> read(const Xapian::Database& db);

  Column columns_[std::size(kSlots)];
  std::vector<Xapian::termcount> lengths_;  // by document number
};

// Reads the values of each new snapshot in a thread of its own, one read at a time, through a
// database of its own (`open`: the same index as the readers). A read starts at most after
// three times the last read's duration has passed since it ended, so that a stream of commits
// costs the searches at most a quarter of a core. Thread-safe.
class DocValuesLoader {
 public:
  explicit DocValuesLoader(std::function<core::ShardedDatabase()> open) : open_(std::move(open)) {}
  ~DocValuesLoader();
  DocValuesLoader(const DocValuesLoader&) = delete;
  DocValuesLoader& operator=(const DocValuesLoader&) = delete;

  // Starts reading the index's latest snapshot if `seen` (a reader's database) has a local
  // database or shard whose values are not read yet, and no read is running or due to wait.
  void request(const Xapian::Database& seen);

 private:
  std::function<core::ShardedDatabase()> open_;
  std::mutex mutex_;
  std::thread thread_;
  bool running_ = false;
  std::chrono::steady_clock::time_point next_start_{};
};

}  // namespace km::search
