#pragma once
// Frozen KM reports: the report of a closed period as signed off at the monthly review, with the
// actions agreed there, kept unchanged whatever happens to the items and requests afterwards.
// One snapshot per (organisation, period). Reads and writes SQLite; not thread-safe (borrows
// the handle).
#include <SQLiteCpp/Database.h>

#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "core/km_report.h"

namespace km::core {

// The frozen report of exactly this organisation ("" for both) and period, with a "frozen"
// member {"by", "at", "actions"}; nullopt if none.
std::optional<nlohmann::json> frozen_report(SQLite::Database& db, const std::string& org, const ReportPeriod& period);

// Freezes `report` (made for that organisation and period). Throws InvalidInput when the period
// is not closed (both dates given, `to` before `today`) or `actions` is longer than 20,000
// bytes, Conflict when that period is already frozen. Returns the frozen report.
nlohmann::json freeze_report(SQLite::Database& db, const std::string& org, const ReportPeriod& period,
                             nlohmann::json report, const std::string& actions, const std::string& by,
                             const std::string& now);

// Every frozen period: [{"org", "from", "to", "frozen_by", "frozen_at"}], newest period first.
nlohmann::json frozen_periods(SQLite::Database& db);

// The viewer a frozen report is made for, read by both organisations' km_leads: item titles
// only of items everyone may see (validated and shared), and no one's raw search words.
ReportViewer common_viewer();

}  // namespace km::core
