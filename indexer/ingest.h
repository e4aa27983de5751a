#pragma once
// The ingest pipeline: validate records, upsert them into the store of record, index them.
//
// Crash safety: records go into SQLite in batches (one transaction each) with index_pending
// set; after each batch every pending item is written to Xapian, committed, and only then
// marked indexed. A run killed at any point leaves pending rows that the next run (or
// index_pending()) indexes again, replacing documents by id: no duplicates, nothing missing.
//
// Not thread-safe: the store and writer belong to the caller for the duration of a call.
// SQLite and Xapian errors propagate unchanged.
#include <functional>
#include <string>
#include <vector>

#include "core/item_store.h"
#include "indexer/index_writer.h"
#include "indexer/source_record.h"

namespace km::indexer {

struct IngestOptions {
  bool strict = false;           // one rejected record: change nothing at all
  std::size_t batch_size = 500;  // records per SQLite transaction / Xapian commit
  // Called after each batch with (records processed, records in total).
  std::function<void(std::size_t, std::size_t)> progress;
};

struct IngestReport {
  std::size_t added = 0, updated = 0, unchanged = 0;
  std::size_t rejected_records = 0;
  std::vector<std::string> rejections;  // "file:line: field: reason", in input order (1+ per record)
  std::size_t reindexed = 0;            // documents written to the index (incl. leftovers)
  bool applied = true;                  // false when --strict refused the whole input
  std::size_t rejected() const { return rejected_records; }
};

// Validates every record; duplicate ids within the input are rejected after the first.
// Returns the valid items in input order and appends rejections to `report`.
std::vector<core::Item> validate_records(const std::vector<SourceRecord>& records, IngestReport& report);

IngestReport ingest(core::ItemStore& store, IndexWriter& writer, const std::vector<SourceRecord>& records,
                    const IngestOptions& options = {});

// Indexes every item still marked pending in the store; returns how many documents it wrote.
std::size_t index_pending(core::ItemStore& store, IndexWriter& writer, std::size_t batch_size = 500);

}  // namespace km::indexer
