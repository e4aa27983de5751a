#pragma once
// Where an ingest's records come from, a chunk at a time, so that an ingest holds one chunk in
// memory however large its input (km-indexer ingest of 1,000,000 items stays under 500 MB).
//
// FileRecords reads JSONL files line by line (`chunk` records at a time) and CSV and Markdown
// files whole (a CSV file is one chunk: it may quote newlines). rewind() starts again from the
// first file: --strict validates the whole input before changing anything, then reads it again.
// Throws km::core::InvalidInput for a file that cannot be opened. Not thread-safe.
#include <fstream>
#include <string>
#include <vector>

#include "indexer/source_record.h"

namespace km::indexer {

class RecordSource {
 public:
  virtual ~RecordSource() = default;
  // The next records in input order; empty at the end.
  virtual std::vector<SourceRecord> next() = 0;
  virtual void rewind() = 0;
};

// Records already in memory (tests, small inputs): one chunk.
class RecordList : public RecordSource {
 public:
  explicit RecordList(const std::vector<SourceRecord>& records) : records_(records) {}
  std::vector<SourceRecord> next() override;
  void rewind() override { done_ = false; }

 private:
  const std::vector<SourceRecord>& records_;
  bool done_ = false;
};

class FileRecords : public RecordSource {
 public:
  explicit FileRecords(std::vector<std::string> files, std::size_t chunk = 1000);
  std::vector<SourceRecord> next() override;
  void rewind() override;
  // Records in all the files (reads them once; JSONL: non-blank lines), for progress and ETA.
  std::size_t count();

 private:
  bool open_next_jsonl();

  std::vector<std::string> files_;
  std::size_t chunk_;
  std::size_t file_ = 0;   // the next file to open
  std::ifstream jsonl_;    // the JSONL file being read, if any
  std::string jsonl_path_;
  std::size_t line_ = 0;   // lines of it read so far
};

}  // namespace km::indexer
