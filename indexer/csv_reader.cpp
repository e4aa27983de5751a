#include <algorithm>

#include "core/csv.h"
#include "core/text.h"
#include "indexer/readers.h"

namespace km::indexer {
namespace {

void put_cell(nlohmann::json& fields, const std::string& column, const std::string& cell) {
  if (column.rfind("sections.", 0) == 0) fields["sections"][column.substr(9)] = cell;
  else if (column == "concepts") fields[column] = core::split_list(cell);
  else fields[column] = cell;
}

}  // namespace

std::vector<SourceRecord> read_csv(const std::string& path, const std::string& text) {
  std::vector<SourceRecord> out;
  if (!core::is_valid_utf8(text)) {
    // Find the first bad line so the message points somewhere useful.
    std::size_t line = 1, start = 0;
    while (start < text.size()) {
      std::size_t end = std::min(text.find('\n', start), text.size());
      if (!core::is_valid_utf8(std::string_view(text).substr(start, end - start))) break;
      start = end + 1;
      ++line;
    }
    out.push_back({path, line, {}, {{"record", "file is not valid UTF-8 (first bad byte on this line)"}}});
    return out;
  }
  std::vector<core::CsvRow> rows = core::parse_csv(text);
  if (rows.empty()) return out;
  std::vector<std::string> header;
  for (const std::string& cell : rows[0].cells) header.push_back(core::trim(cell));
  if (!rows[0].error.empty() || std::find(header.begin(), header.end(), "id") == header.end()) {
    out.push_back({path, 1, {}, {{"header", "first row must name the columns (id, org, title, ...)"}}});
    return out;
  }
  // "sections" holds named sections; a column of that name beside "sections.NAME" columns would
  // make it both text and sections.
  const bool named_sections = std::any_of(header.begin(), header.end(), [](const std::string& c) { return c.rfind("sections.", 0) == 0; });
  if (named_sections && std::find(header.begin(), header.end(), "sections") != header.end()) {
    out.push_back({path, 1, {}, {{"header", "a 'sections' column cannot stand beside 'sections.NAME' columns"}}});
    return out;
  }
  for (std::size_t r = 1; r < rows.size(); ++r) {
    const core::CsvRow& row = rows[r];
    SourceRecord record{path, row.line, nlohmann::json::object(), {}};
    if (!row.error.empty()) {
      record.read_errors.push_back({"record", row.error});
    } else if (row.cells.size() != header.size()) {
      record.read_errors.push_back({"record", "has " + std::to_string(row.cells.size()) + " cells, header has " +
                                                  std::to_string(header.size())});
    } else {
      for (std::size_t c = 0; c < header.size(); ++c) {
        if (!row.cells[c].empty()) put_cell(record.fields, header[c], row.cells[c]);
      }
    }
    out.push_back(std::move(record));
  }
  return out;
}

}  // namespace km::indexer
