#pragma once
// The ingest pipeline: validate records, upsert them into the store of record, index them.
//
// Crash safety: records go into SQLite in batches (one transaction each) with index_pending
// set; each batch is then written to Xapian (every shard at once, in a thread of its own while
// the next batch goes into SQLite), committed, and only then marked indexed. A run killed at any point leaves pending rows that the next run (or
// index_pending()) indexes again, replacing documents by id: no duplicates, nothing missing.
//
// Not thread-safe: the store and writer belong to the caller for the duration of a call.
// SQLite and Xapian errors propagate unchanged.
#include <functional>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/item_store.h"
#include "indexer/index_writer.h"
#include "indexer/record_source.h"
#include "indexer/source_record.h"

namespace km::indexer {

struct IngestOptions {
  bool strict = false;           // one rejected record: change nothing at all
  // Records per SQLite transaction and Xapian commit. Commits cost: 500 took 22.5 s for 20k items
  // in 2 shards where 1000 took 15.2 s (bench/ingest.sh).
  std::size_t batch_size = 1000;
  // Called after each chunk of input with (records read, total_records).
  std::function<void(std::size_t, std::size_t)> progress;
  std::size_t total_records = 0;  // records in the input, for progress; 0 if unknown
};

struct IngestReport {
  std::size_t added = 0, updated = 0, unchanged = 0;
  std::size_t rejected_records = 0;
  std::vector<std::string> rejections;  // "file:line: field: reason", in input order (1+ per record)
  std::size_t reindexed = 0;            // documents written to the index (incl. leftovers)
  bool applied = true;                  // false when --strict refused the whole input
  std::size_t rejected() const { return rejected_records; }
};

// Validates records chunk by chunk; an id seen in an earlier record of the same input is
// rejected ("duplicates file:line"). Keeps one entry per id seen (about 100 bytes).
class RecordValidator {
 public:
  // The valid items of `records`, in input order; rejections are appended to `report`.
  std::vector<core::Item> validate(const std::vector<SourceRecord>& records, IngestReport& report);

 private:
  std::unordered_map<std::string, std::string> seen_;  // id -> "file:line" of its first record
};

// RecordValidator over one list of records.
std::vector<core::Item> validate_records(const std::vector<SourceRecord>& records, IngestReport& report);

// Ingests `input` a chunk at a time (memory bounded by the chunk, not the input). With strict,
// the input is read twice: validated whole first, applied only if nothing was rejected.
IngestReport ingest(core::ItemStore& store, IndexWriter& writer, RecordSource& input, const IngestOptions& options = {});
IngestReport ingest(core::ItemStore& store, IndexWriter& writer, const std::vector<SourceRecord>& records,
                    const IngestOptions& options = {});

// Indexes every item still marked pending in the store; returns how many documents it wrote.
std::size_t index_pending(core::ItemStore& store, IndexWriter& writer, std::size_t batch_size = 500);

}  // namespace km::indexer
