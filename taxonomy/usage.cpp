#include "taxonomy/usage.h"

#include <SQLiteCpp/Statement.h>

#include <fstream>
#include <map>
#include <sstream>

#include "core/csv.h"
#include "core/error.h"
#include "core/request_store.h"
#include "core/text.h"

namespace km::taxonomy {

std::vector<ItemConcepts> all_item_concepts(SQLite::Database& db) {
  std::map<std::string, ItemConcepts> by_item;
  SQLite::Statement items(db, "SELECT id, org FROM items WHERE status != 'retired'");
  while (items.executeStep()) by_item[items.getColumn(0).getString()].org = items.getColumn(1).getString();
  SQLite::Statement tags(db, "SELECT item_id, concept_id FROM item_concepts ORDER BY item_id, concept_id");
  while (tags.executeStep()) {
    auto it = by_item.find(tags.getColumn(0).getString());
    if (it != by_item.end()) it->second.concepts.push_back(tags.getColumn(1).getString());
  }
  std::vector<ItemConcepts> out;
  for (auto& [id, item] : by_item) out.push_back(std::move(item));
  return out;
}

std::vector<SearchDemand> search_demand(SQLite::Database& db) {
  // Searches, and the questions of knowledge requests (read through their owner): both are demand.
  std::map<std::string, std::size_t> counts = core::RequestStore(db).question_counts();
  SQLite::Statement q(db, "SELECT lower(query), COUNT(*) FROM search_log WHERE query != '' GROUP BY 1");
  while (q.executeStep()) counts[q.getColumn(0).getString()] += static_cast<std::size_t>(q.getColumn(1).getInt64());
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
