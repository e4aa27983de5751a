#pragma once
// RFC 4180 CSV parsing shared by every CSV reader (items, taxonomies, mappings, qrels).
// Cells may hold commas, doubled quotes and newlines inside quotes; CRLF and LF both end rows.
// Pure functions; thread-safe; never throw (problems are reported per row).
#include <string>
#include <string_view>
#include <vector>

namespace km::core {

struct CsvRow {
  std::size_t line = 0;             // 1-based line where the row starts
  std::vector<std::string> cells;
  std::string error;                // non-empty: the row could not be read (unterminated quote...)
};

// Splits `text` into rows; blank lines are skipped.
std::vector<CsvRow> parse_csv(std::string_view text);

// Splits a list cell on ';', trimming spaces and dropping empty values.
std::vector<std::string> split_list(std::string_view cell, char separator = ';');

// Trims ASCII whitespace at both ends.
std::string trim(std::string_view text);

}  // namespace km::core
