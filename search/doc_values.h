#pragma once
// DocValues: the facet slots and the signals slot of every document of one database snapshot,
// in memory by document number, each value coded by its place in the slot's list of distinct
// values. A search page reads these slots for up to a thousand matches (the facet counts) and
// the re-ranked window (the signals): from the value streams that is a seek per document and
// slot (4,000 for the facets, a fifth of a page's time at 100,000 items); here an array lookup.
//
// Built on the first use of a snapshot, by reading each slot's value stream once (about 40 ms
// at 100,000 items; README "Search at scale"), and kept for that snapshot only: a commit makes a
// new revision, which builds anew (search/snapshot_cache.h). Only for a single local database:
// of() is null for several shards read as one and for remote shards, whose callers read the
// documents' values instead. Memory: four bytes per document and slot, plus the distinct values.
#include <xapian.h>

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "core/index_schema.h"

namespace km::search {

class DocValues {
 public:
  // The slots held, in this order.
  static constexpr Xapian::valueno kSlots[] = {core::schema::kOrgSlot, core::schema::kKindSlot,
                                                core::schema::kCommunitySlot, core::schema::kConceptsSlot,
                                                core::schema::kSignalsSlot};
  using Code = std::uint32_t;  // 0: no value

  // The values of `db`'s snapshot: cached, or built now. Null where `db` is not one local
  // database. Thread-safe; the result may be shared between threads.
  static std::shared_ptr<const DocValues> of(const Xapian::Database& db);

  // The code of document `did`'s value in `slot` (one of kSlots); 0 if it has none.
  Code code(Xapian::valueno slot, Xapian::docid did) const {
    const std::vector<Code>& codes = columns_[column(slot)].codes;
    return did < codes.size() ? codes[did] : 0;
  }
  // The value a code stands for ("" for 0), and how many codes `slot` has (0 included).
  const std::string& value(Xapian::valueno slot, Code code) const { return columns_[column(slot)].values[code]; }
  std::size_t codes(Xapian::valueno slot) const { return columns_[column(slot)].values.size(); }

  // Snapshots read so far (for tests: a cached one is reused, a new revision reads again).
  static std::size_t snapshots_read();

 private:
  struct Column {
    std::vector<Code> codes;            // by document number
    std::vector<std::string> values{""};  // by code
  };
  static std::size_t column(Xapian::valueno slot);
  static std::shared_ptr<const DocValues> read(const Xapian::Database& db);

  Column columns_[std::size(kSlots)];
};

}  // namespace km::search
