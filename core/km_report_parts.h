#pragma once
// What the sections of the KM report (core/km_report.h) share: JSON counters, the organisation
// filter, the organisations a report is of, quantiles. Internal to km_report*.cpp.
#include <SQLiteCpp/Database.h>

#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "core/km_report.h"

namespace km::core::report {

using Json = nlohmann::json;

inline bool wanted(const std::string& org, const std::string& filter) { return filter.empty() || org == filter; }

// Adds `by` to obj[key] (creating the object and the counter as needed).
void inc(Json& obj, const std::string& key, int by = 1);

// The organisations a report is of: `org`, or every one a user or an item belongs to.
std::vector<std::string> orgs_of(SQLite::Database& db, const std::string& org);

// The q-quantile of sorted, non-empty `v` by linear interpolation between closest ranks.
double quantile(const std::vector<double>& v, double q);

// n / d, or null when d is 0.
Json rate(int n, int d);

// The request figures: opened, answered, service level against its target (red/amber/green by
// priority, answering community and answering organisation), first response and answer times in
// working hours, reopen and deflection rates, ratings, escalations by level, the breaches.
Json requests_section(SQLite::Database& db, const std::string& org, const ReportPeriod& period, const std::string& now,
                      const ServiceLevel& service_level);

// Participation (active contributors, searchers, askers, answerers) and taxonomy coverage.
Json participation_section(SQLite::Database& db, const std::string& org, const ReportPeriod& period);
Json coverage_section(SQLite::Database& db, const std::string& org, const std::map<std::string, ConceptCoverage>& concepts);

}  // namespace km::core::report
