#include "taxonomy/usage.h"

#include <fstream>
#include <map>
#include <sstream>

#include "core/csv.h"
#include "core/error.h"
#include "core/item_store.h"
#include "core/request_store.h"
#include "core/signal_store.h"
#include "core/text.h"

namespace km::taxonomy {

std::vector<ItemConcepts> all_item_concepts(SQLite::Database& db) {
  core::ItemStore items(db);
  std::map<std::string, std::vector<std::string>> concepts = items.concepts_by_item();
  std::vector<ItemConcepts> out;
  for (const core::ItemRow& item : items.rows()) {
    if (item.status != core::Status::retired) out.push_back({item.org, std::move(concepts[item.id])});
  }
  return out;
}

std::vector<SearchDemand> search_demand(SQLite::Database& db) {
  // Searches, and the questions of knowledge requests (read through their owners): both are demand.
  std::map<std::string, std::size_t> counts = core::RequestStore(db).question_counts();
  for (const auto& [query, n] : core::SignalStore(db).query_counts()) counts[query] += n;
  std::vector<SearchDemand> out;
  for (auto& [text, count] : counts) out.push_back({text, count});
  return out;
}

std::vector<std::pair<std::string, std::string>> read_reference_pairs(const std::string& path) {
  auto rows = core::parse_csv(core::read_file_text(path));
  if (rows.empty() || rows[0].cells.size() < 2 || core::trim(rows[0].cells[0]) != "source") {
    throw core::InvalidInput(path + ":1: expected a header 'source,target'");
  }
  std::vector<std::pair<std::string, std::string>> out;
  for (std::size_t i = 1; i < rows.size(); ++i) {
    if (!rows[i].error.empty() || rows[i].cells.size() < 2) {
      throw core::InvalidInput(path + ":" + std::to_string(rows[i].line) + ": expected source,target");
    }
    out.emplace_back(core::trim(rows[i].cells[0]), core::trim(rows[i].cells[1]));
  }
  return out;
}

}  // namespace km::taxonomy
