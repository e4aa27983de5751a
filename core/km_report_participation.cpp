// Participation and taxonomy coverage in the KM report: ISO 30401-style evidence that both
// organisations take part and that their knowledge is classified (core/km_report_parts.h).
#include <SQLiteCpp/Statement.h>

#include <map>
#include <set>

#include "core/km_report_parts.h"
#include "core/request_store.h"

namespace km::core::report {

Json participation_section(SQLite::Database& db, const std::string& org, const ReportPeriod& period) {
  Json out = Json::object();
  for (const std::string& o : orgs_of(db, org)) {
    out[o] = {{"active_contributors", 0}, {"searchers", 0}, {"askers", 0}, {"answerers", 0}, {"voters", 0}};
  }
  // Distinct people per organisation who did each thing in the period (dates compared by day).
  const std::pair<const char*, const char*> kinds[] = {
      {"active_contributors", "SELECT org, author, CASE WHEN updated <> '' THEN updated ELSE created END FROM items WHERE author <> ''"},
      {"searchers", "SELECT org, user_id, at FROM search_log"},
      {"voters", "SELECT org, user_id, at FROM feedback"}};
  for (const auto& [figure, sql] : kinds) {
    std::map<std::string, std::set<std::string>> people;
    SQLite::Statement q(db, sql);
    while (q.executeStep()) {
      const std::string o = q.getColumn(0).getString();
      if (wanted(o, org) && period.contains(q.getColumn(2).getString())) people[o].insert(q.getColumn(1).getString());
    }
    for (const auto& [o, who] : people) out[o][figure] = static_cast<int>(who.size());
  }
  // Who asked and who answered: through the requests' owner.
  RequestStore requests(db);
  for (const auto& [figure, rows] : {std::pair{"askers", requests.askers()}, {"answerers", requests.answerers()}}) {
    std::map<std::string, std::set<std::string>> people;
    for (const auto& [o, who, at] : rows) {
      if (wanted(o, org) && period.contains(at)) people[o].insert(who);
    }
    for (const auto& [o, who] : people) out[o][figure] = static_cast<int>(who.size());
  }
  return out;
}

Json coverage_section(SQLite::Database& db, const std::string& org) {
  Json out = Json::object();
  for (const std::string& o : orgs_of(db, org)) {
    SQLite::Statement items(db, R"sql(
      SELECT COUNT(*), SUM(EXISTS (SELECT 1 FROM item_concepts c WHERE c.item_id = i.id))
      FROM items i WHERE i.org = ? AND i.status <> 'retired')sql");
    items.bind(1, o);
    items.executeStep();
    const int total = items.getColumn(0).getInt(), classified = items.getColumn(1).getInt();
    // The organisation's own concepts, and those an approved mapping aligns with the shared scheme.
    SQLite::Statement concepts(db, R"sql(
      SELECT COUNT(*), SUM(EXISTS (SELECT 1 FROM mappings m WHERE m.source = c.id AND m.status = 'approved'))
      FROM concepts c JOIN schemes s ON s.id = c.scheme_id WHERE s.org = ? AND c.status = 'active')sql");
    concepts.bind(1, o);
    concepts.executeStep();
    const int local = concepts.getColumn(0).getInt(), mapped = concepts.getColumn(1).getInt();
    out[o] = {{"items", total},
              {"items_with_concepts", classified},
              {"items_share", rate(classified, total)},
              {"local_concepts", local},
              {"mapped_concepts", mapped},
              {"mapped_share", rate(mapped, local)}};
  }
  return out;
}

}  // namespace km::core::report
