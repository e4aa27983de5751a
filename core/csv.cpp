#include "core/csv.h"

namespace km::core {

// Splits RFC 4180 text into rows. Quoted cells may hold commas, doubled quotes and newlines.
std::vector<CsvRow> parse_csv(std::string_view text) {
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

std::vector<std::string> split_list(std::string_view cell, char separator) {
  std::vector<std::string> list;
  std::size_t start = 0;
  while (start <= cell.size()) {
    std::size_t end = cell.find(separator, start);
    if (end == std::string::npos) end = cell.size();
    std::string value = trim(cell.substr(start, end - start));
    if (!value.empty()) list.push_back(value);
    start = end + 1;
  }
  return list;
}

}  // namespace km::core
