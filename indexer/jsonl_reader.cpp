#include "core/text.h"
#include "indexer/readers.h"

namespace km::indexer {

std::string describe(const SourceRecord& record, const core::FieldError& error) {
  return record.file + ":" + std::to_string(record.line) + ": " + error.field + ": " + error.reason;
}

std::vector<SourceRecord> read_jsonl(const std::string& path, const std::string& text, std::size_t first_line) {
  std::vector<SourceRecord> out;
  std::size_t line_no = first_line - 1, start = 0;
  while (start < text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    std::string_view line(text.data() + start, end - start);
    start = end + 1;
    ++line_no;
    if (line.find_first_not_of(" \t\r") == std::string_view::npos) continue;
    SourceRecord record{path, line_no, nlohmann::json(), {}};
    if (!core::is_valid_utf8(line)) {
      record.read_errors.push_back({"record", "line is not valid UTF-8"});
    } else {
      try {
        record.fields = nlohmann::json::parse(line);
      } catch (const nlohmann::json::exception& e) {  // bad syntax, or a number beyond a double's range ("9e999")
        std::string what = e.what();
        // nlohmann prefixes "[json.exception.parse_error.101] parse error at line 1, column N: ".
        if (auto pos = what.find("column"); pos != std::string::npos) what = what.substr(pos);
        else if (auto tag = what.find("] "); tag != std::string::npos) what = what.substr(tag + 2);
        record.read_errors.push_back({"record", "invalid JSON: " + what});
      }
    }
    out.push_back(std::move(record));
  }
  return out;
}

}  // namespace km::indexer
