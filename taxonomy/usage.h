#pragma once
// Usage data the alignment report and suggestions read from the store of record: every
// item's org and own concepts (an all-seeing view, for the CLI), and demand: the search log and
// the questions of knowledge requests. Not thread-safe (borrows the handle); SQLite errors propagate.
#include <SQLiteCpp/Database.h>

#include <vector>

#include "taxonomy/alignment_report.h"

namespace km::taxonomy {

std::vector<ItemConcepts> all_item_concepts(SQLite::Database& db);
std::vector<SearchDemand> search_demand(SQLite::Database& db);
// (source, target) pairs of a reference alignment CSV with columns source,target.
std::vector<std::pair<std::string, std::string>> read_reference_pairs(const std::string& path);

}  // namespace km::taxonomy
