#include "core/report_snapshots.h"

#include <SQLiteCpp/Statement.h>

#include "core/error.h"
#include "core/text.h"

namespace km::core {

std::optional<nlohmann::json> frozen_report(SQLite::Database& db, const std::string& org, const ReportPeriod& period) {
  SQLite::Statement q(db, "SELECT report, actions, frozen_by, frozen_at FROM report_snapshots "
                          "WHERE org = ? AND period_from = ? AND period_to = ?");
  q.bind(1, org);
  q.bind(2, period.from);
  q.bind(3, period.to);
  if (!q.executeStep()) return std::nullopt;
  nlohmann::json report = nlohmann::json::parse(q.getColumn(0).getString());
  report["frozen"] = {{"actions", q.getColumn(1).getString()}, {"by", q.getColumn(2).getString()}, {"at", q.getColumn(3).getString()}};
  return report;
}

nlohmann::json freeze_report(SQLite::Database& db, const std::string& org, const ReportPeriod& period,
                             nlohmann::json report, const std::string& actions, const std::string& by,
                             const std::string& now) {
  if (period.from.empty() || period.to.empty()) throw InvalidInput("freezing needs both from and to");
  if (period.to >= now.substr(0, 10)) throw InvalidInput("only a closed period can be frozen: " + period.to + " has not ended");
  if (actions.size() > 20000) throw InvalidInput("actions: at most 20,000 bytes");
  if (!is_valid_utf8(actions)) throw InvalidInput("actions must be UTF-8 text");
  SQLite::Statement insert(db, "INSERT INTO report_snapshots (org, period_from, period_to, report, actions, frozen_by, frozen_at) "
                               "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING");
  insert.bind(1, org);
  insert.bind(2, period.from);
  insert.bind(3, period.to);
  insert.bind(4, report.dump());
  insert.bind(5, actions);
  insert.bind(6, by);
  insert.bind(7, now);
  if (insert.exec() == 0) throw Conflict("the report of " + period.from + " to " + period.to + " is already frozen");
  return *frozen_report(db, org, period);
}

nlohmann::json frozen_periods(SQLite::Database& db) {
  SQLite::Statement q(db, "SELECT org, period_from, period_to, frozen_by, frozen_at FROM report_snapshots "
                          "ORDER BY period_to DESC, period_from DESC, org");
  nlohmann::json out = nlohmann::json::array();
  while (q.executeStep()) {
    out.push_back({{"org", q.getColumn(0).getString()}, {"from", q.getColumn(1).getString()}, {"to", q.getColumn(2).getString()},
                   {"frozen_by", q.getColumn(3).getString()}, {"frozen_at", q.getColumn(4).getString()}});
  }
  return out;
}

ReportViewer common_viewer() {
  // "\n" is no organisation's name: no raw queries are listed.
  return {[](const Item& item) { return item.visibility == Visibility::shared && item.status == Status::validated; }, "\n"};
}

}  // namespace km::core
