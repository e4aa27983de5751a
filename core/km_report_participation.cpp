// Participation and taxonomy coverage in the KM report: ISO 30401-style evidence that both
// organisations take part and that their knowledge is classified (core/km_report_parts.h).
#include <array>
#include <map>
#include <set>

#include "core/item_store.h"
#include "core/km_report_parts.h"
#include "core/request_store.h"
#include "core/signal_store.h"

namespace km::core::report {

Json participation_section(SQLite::Database& db, const std::string& org, const ReportPeriod& period) {
  Json out = Json::object();
  for (const std::string& o : orgs_of(db, org)) {
    out[o] = {{"active_contributors", 0}, {"searchers", 0}, {"askers", 0}, {"answerers", 0}, {"voters", 0}};
  }
  // Who wrote (an item's last change), searched, voted, asked and answered: {org, who, when}
  // through the owners of the items, the signals and the requests.
  std::vector<std::array<std::string, 3>> contributors, searchers, voters;
  for (const ItemRow& i : ItemStore(db).rows()) {
    if (!i.author.empty()) contributors.push_back({i.org, i.author, i.updated.empty() ? i.created : i.updated});
  }
  SignalStore signals(db);
  for (const Activity& s : signals.searchers()) searchers.push_back({s.org, s.user_id, s.at});
  for (const Activity& v : signals.voters()) voters.push_back({v.org, v.user_id, v.at});
  RequestStore requests(db);
  // Distinct people per organisation who did each thing in the period (dates compared by day).
  for (const auto& [figure, rows] : {std::pair{"active_contributors", contributors}, {"searchers", searchers}, {"voters", voters},
                                     {"askers", requests.askers()}, {"answerers", requests.answerers()}}) {
    std::map<std::string, std::set<std::string>> people;
    for (const auto& [o, who, at] : rows) {
      if (wanted(o, org) && period.contains(at)) people[o].insert(who);
    }
    for (const auto& [o, who] : people) out[o][figure] = static_cast<int>(who.size());
  }
  return out;
}

Json coverage_section(SQLite::Database& db, const std::string& org, const std::map<std::string, ConceptCoverage>& concepts) {
  Json out = Json::object();
  std::map<std::string, std::pair<int, int>> items;  // org -> {items not retired, of which tagged}
  for (const ItemRow& i : ItemStore(db).rows()) {
    if (i.status == Status::retired) continue;
    ++items[i.org].first;
    items[i.org].second += i.tagged ? 1 : 0;
  }
  for (const std::string& o : orgs_of(db, org)) {
    const auto [total, classified] = items[o];
    const auto found = concepts.find(o);
    const ConceptCoverage taxonomy = found == concepts.end() ? ConceptCoverage{} : found->second;
    const int local = taxonomy.local, mapped = taxonomy.mapped;
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
