#pragma once
// Ingest format readers. Each reads a whole file into SourceRecords; none validates items (that
// is core::parse_item's job), but each reports what it cannot read with a line number.
//
// Throws km::core::InvalidInput when the file itself cannot be opened or has an unknown
// extension. Thread-safe (no shared state).
#include <string>
#include <vector>

#include "indexer/source_record.h"

namespace km::indexer {

// One JSON object per line; blank lines are skipped. `first_line` is the line number of the
// text's first line (a chunk of a larger file).
std::vector<SourceRecord> read_jsonl(const std::string& path, const std::string& text, std::size_t first_line = 1);
// RFC 4180 CSV with a header row of contract names; "sections.lesson"-style columns fill
// sections; ';' separates the values of list fields (concepts). Empty cells are absent fields.
std::vector<SourceRecord> read_csv(const std::string& path, const std::string& text);
// One item per file: YAML front matter between '---' lines, Markdown body after it.
// "## Observation", "## Lesson" and "## Recommendation" sections become item sections; the
// first "# Heading" becomes the title when the front matter has none.
std::vector<SourceRecord> read_markdown(const std::string& path, const std::string& text);

// Reads `path` with the reader its extension names (.jsonl, .csv, .md/.markdown).
std::vector<SourceRecord> read_file(const std::string& path);

// Expands files and folders (recursively, sorted, only known extensions) into a file list.
// Throws InvalidInput for a path that does not exist or a file with an unknown extension.
std::vector<std::string> collect_inputs(const std::vector<std::string>& paths);

}  // namespace km::indexer
