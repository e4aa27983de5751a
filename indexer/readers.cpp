#include "indexer/readers.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "core/error.h"
#include "core/text.h"

namespace km::indexer {
namespace fs = std::filesystem;
namespace {

enum class Format { jsonl, csv, markdown, unknown };

Format format_of(const fs::path& path) {
  std::string ext = path.extension().string();
  std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return std::tolower(c); });
  if (ext == ".jsonl" || ext == ".ndjson") return Format::jsonl;
  if (ext == ".csv") return Format::csv;
  if (ext == ".md" || ext == ".markdown") return Format::markdown;
  return Format::unknown;
}

}  // namespace

std::vector<SourceRecord> read_file(const std::string& path) {
  Format format = format_of(path);
  if (format == Format::unknown) {
    throw core::InvalidInput(path + ": unknown format (expected .jsonl, .csv or .md)");
  }
  std::string text = core::read_file_text(path);
  if (text.rfind("\xEF\xBB\xBF", 0) == 0) text.erase(0, 3);  // UTF-8 byte order mark
  switch (format) {
    case Format::jsonl: return read_jsonl(path, text);
    case Format::csv: return read_csv(path, text);
    default: return read_markdown(path, text);
  }
}

std::vector<std::string> collect_inputs(const std::vector<std::string>& paths) {
  std::vector<std::string> files;
  for (const std::string& path : paths) {
    std::error_code ec;
    if (fs::is_directory(path, ec)) {
      std::vector<std::string> found;
      for (const auto& entry : fs::recursive_directory_iterator(path)) {
        if (entry.is_regular_file() && format_of(entry.path()) != Format::unknown) {
          found.push_back(entry.path().string());
        }
      }
      std::sort(found.begin(), found.end());
      files.insert(files.end(), found.begin(), found.end());
    } else if (fs::is_regular_file(path, ec)) {
      if (format_of(path) == Format::unknown) {
        throw core::InvalidInput(path + ": unknown format (expected .jsonl, .csv or .md)");
      }
      files.push_back(path);
    } else {
      throw core::InvalidInput(path + ": no such file or folder");
    }
  }
  return files;
}

}  // namespace km::indexer
