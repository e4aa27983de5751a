// Fuzz target: the ingest readers (JSONL, CSV, Markdown front matter) and the item validator
// on the same bytes, and the index document of every item that validates. A reader may refuse
// input (InvalidInput, or read errors on a record); anything else — a crash, a sanitizer report,
// another exception — is a finding.
#include <cstddef>
#include <cstdint>
#include <string>

#include "core/error.h"
#include "indexer/document_builder.h"
#include "indexer/readers.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  static km::indexer::DocumentBuilder builder;
  using Reader = std::vector<km::indexer::SourceRecord> (*)(const std::string&, const std::string&);
  const Reader readers[] = {[](const std::string& p, const std::string& t) { return km::indexer::read_jsonl(p, t); },
                            &km::indexer::read_csv, &km::indexer::read_markdown};
  for (Reader read : readers) {
    std::vector<km::indexer::SourceRecord> records;
    try {
      records = read("fuzz", text);
    } catch (const km::core::InvalidInput&) {
      continue;
    }
    for (const auto& record : records) {
      if (!record.read_errors.empty()) continue;
      const km::core::ItemParse parsed = km::core::parse_item(record.fields);
      if (parsed.item) builder.build(*parsed.item, parsed.item->concepts);
    }
  }
  return 0;
}
