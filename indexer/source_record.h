#pragma once
// SourceRecord: one record as read from an ingest file, before validation.
//
// Readers turn each format (JSONL, CSV, Markdown) into the same JSON shape (the item contract's
// field names), so that km::core::parse_item is the one validator. A record that could not even
// be read (malformed JSON line, broken CSV quoting, bad front matter) carries read errors instead.
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "core/item.h"

namespace km::indexer {

struct SourceRecord {
  std::string file;                              // path as given by the user
  std::size_t line = 0;                          // 1-based line where the record starts
  nlohmann::json fields;                         // the record as a JSON object
  std::vector<core::FieldError> read_errors;     // non-empty: the record could not be read
};

// "file:line: field: reason", the format of every rejection message.
std::string describe(const SourceRecord& record, const core::FieldError& error);

}  // namespace km::indexer
