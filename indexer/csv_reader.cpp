#include <algorithm>

#include "core/text.h"
#include "indexer/readers.h"

namespace km::indexer {
namespace {

struct CsvRow {
  std::size_t line = 0;
  std::vector<std::string> cells;
  std::string error;  // set when the row could not be read (unterminated quote...)
};

// Splits RFC 4180 text into rows. Quoted cells may hold commas, doubled quotes and newlines.
std::vector<CsvRow> split_rows(const std::string& text) {
  std::vector<CsvRow> rows;
  std::size_t i = 0, line = 1;
  const std::size_t n = text.size();
  while (i < n) {
    CsvRow row;
    row.line = line;
    std::string cell;
    bool at_row_end = false;
    while (!at_row_end) {
      if (i < n && text[i] == '"') {
        ++i;
        bool closed = false;
        while (i < n) {
          if (text[i] == '"') {
            if (i + 1 < n && text[i + 1] == '"') { cell += '"'; i += 2; continue; }
            ++i;
            closed = true;
            break;
          }
          if (text[i] == '\n') ++line;
          cell += text[i++];
        }
        if (!closed) {
          row.error = "unterminated quoted field";
          i = n;
        } else if (i < n && text[i] != ',' && text[i] != '\n' && text[i] != '\r') {
          row.error = "unexpected character after closing quote";
          while (i < n && text[i] != '\n') ++i;  // skip the rest of the physical line
        }
      } else {
        while (i < n && text[i] != ',' && text[i] != '\n' && text[i] != '\r') cell += text[i++];
      }
      row.cells.push_back(std::move(cell));
      cell.clear();
      if (i < n && text[i] == ',') { ++i; continue; }
      if (i < n && text[i] == '\r') ++i;
      if (i < n && text[i] == '\n') { ++i; ++line; }
      at_row_end = true;
    }
    bool blank = row.error.empty() && row.cells.size() == 1 && row.cells[0].empty();
    if (!blank) rows.push_back(std::move(row));
  }
  return rows;
}

std::string trim(std::string_view s) {
  auto b = s.find_first_not_of(" \t\r\n");
  if (b == std::string_view::npos) return {};
  auto e = s.find_last_not_of(" \t\r\n");
  return std::string(s.substr(b, e - b + 1));
}

nlohmann::json split_list(const std::string& cell) {
  nlohmann::json list = nlohmann::json::array();
  std::size_t start = 0;
  while (start <= cell.size()) {
    std::size_t end = cell.find(';', start);
    if (end == std::string::npos) end = cell.size();
    std::string value = trim(std::string_view(cell).substr(start, end - start));
    if (!value.empty()) list.push_back(value);
    start = end + 1;
  }
  return list;
}

void put_cell(nlohmann::json& fields, const std::string& column, const std::string& cell) {
  if (column.rfind("sections.", 0) == 0) fields["sections"][column.substr(9)] = cell;
  else if (column == "concepts") fields[column] = split_list(cell);
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
  std::vector<CsvRow> rows = split_rows(text);
  if (rows.empty()) return out;
  std::vector<std::string> header;
  for (const std::string& cell : rows[0].cells) header.push_back(trim(cell));
  if (!rows[0].error.empty() || std::find(header.begin(), header.end(), "id") == header.end()) {
    out.push_back({path, 1, {}, {{"header", "first row must name the columns (id, org, title, ...)"}}});
    return out;
  }
  for (std::size_t r = 1; r < rows.size(); ++r) {
    const CsvRow& row = rows[r];
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
