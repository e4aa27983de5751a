#include "indexer/record_source.h"

#include <algorithm>

#include "core/error.h"
#include "indexer/readers.h"

namespace km::indexer {
namespace {

bool is_jsonl(const std::string& path) {
  std::string ext = path.substr(std::min(path.size(), path.rfind('.')));
  std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return std::tolower(c); });
  return ext == ".jsonl" || ext == ".ndjson";
}

bool blank(const std::string& line) { return line.find_first_not_of(" \t\r") == std::string::npos; }

}  // namespace

std::vector<SourceRecord> RecordList::next() {
  if (done_) return {};
  done_ = true;
  return records_;
}

FileRecords::FileRecords(std::vector<std::string> files, std::size_t chunk)
    : files_(std::move(files)), chunk_(std::max<std::size_t>(1, chunk)) {}

void FileRecords::rewind() {
  file_ = 0;
  jsonl_ = std::ifstream();
  line_ = 0;
}

bool FileRecords::open_next_jsonl() {
  jsonl_path_ = files_[file_++];
  jsonl_ = std::ifstream(jsonl_path_, std::ios::binary);
  if (!jsonl_) throw core::InvalidInput(jsonl_path_ + ": cannot be read");
  line_ = 0;
  return true;
}

std::vector<SourceRecord> FileRecords::next() {
  while (true) {
    if (jsonl_.is_open()) {
      // Consecutive lines, blank ones included, so that read_jsonl numbers them as the file does.
      std::string text, line;
      const std::size_t first = line_ + 1;
      std::size_t records = 0;
      while (records < chunk_ && std::getline(jsonl_, line)) {
        if (++line_ == 1 && line.rfind("\xEF\xBB\xBF", 0) == 0) line.erase(0, 3);  // UTF-8 byte order mark
        if (!blank(line)) ++records;
        text += line;
        text += '\n';
      }
      if (records < chunk_) jsonl_.close();
      if (records > 0) return read_jsonl(jsonl_path_, text, first);
      continue;
    }
    if (file_ >= files_.size()) return {};
    if (is_jsonl(files_[file_])) {
      open_next_jsonl();
      continue;
    }
    return read_file(files_[file_++]);
  }
}

std::size_t FileRecords::count() {
  std::size_t total = 0;
  for (const std::string& file : files_) {
    if (!is_jsonl(file)) {
      total += read_file(file).size();
      continue;
    }
    std::ifstream in(file, std::ios::binary);
    if (!in) throw core::InvalidInput(file + ": cannot be read");
    for (std::string line; std::getline(in, line);) total += blank(line) ? 0 : 1;
  }
  return total;
}

}  // namespace km::indexer
