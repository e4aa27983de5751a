#pragma once
// Service levels: the working hours a request has to be answered in, by priority, and the
// calendar its clock runs on — the answering community's if it has one, else the asking
// organisation's, else Monday to Friday 09:00-17:00 UTC (core/working_calendar.h). Loaded from a
// JSON file (km-server's `service_levels` setting); immutable once loaded; thread-safe.
#include <ctime>
#include <map>
#include <nlohmann/json.hpp>
#include <string>

#include "core/working_calendar.h"

namespace km::core {

struct ServiceLevel {
  double high_hours = 4;     // working hours to answer a high-priority request
  double normal_hours = 16;  // two working days
  double low_hours = 40;     // a working week
  double at_risk_share = 0.75;  // a request still open when this share of its time is gone is at risk
  double target = 0.9;          // share of answers to come within the service level (the KM report's target)
  std::map<std::string, double> priority_targets;  // a priority's own target, where it has one
  double amber_margin = 0.1;    // below the target by at most this much: amber; more: red
  std::map<std::string, WorkingCalendar> calendars;  // "community:<id>" or "org:<id>"
  WorkingCalendar standard;                           // for everyone else

  // Working hours allowed for a priority ("high", "normal", "low"); throws InvalidInput.
  double hours_for(const std::string& priority) const;
  // The calendar of a request answered by `community` for someone of `org`.
  const WorkingCalendar& calendar_for(const std::string& community, const std::string& org) const;

  // {"hours": {"high": 4, "normal": 16, "low": 40}, "at_risk_share": 0.75,
  //  "target": {"answered_within_service_level": 0.9, "amber_margin": 0.1, "high": 0.95},
  //  "calendars": {"default": {...}, "org:client": {...}, "community:billing": {...}}}; every key
  // optional. Throws InvalidInput naming the bad entry.
  static ServiceLevel from_json(const nlohmann::json& spec);
  static ServiceLevel load(const std::string& path);
  static ServiceLevel load_or_default(const std::string& path);  // the defaults when `path` is empty
  nlohmann::json to_json() const;
  // The target of a priority: its own, else the overall one.
  double target_for(const std::string& priority) const;
  // "green" when `rate` meets `goal`, "amber" within amber_margin below it, else "red"; null
  // when there is no rate.
  nlohmann::json rag(const nlohmann::json& rate, double goal) const;
};

// The service-level thresholds of a request due at `due` that was given `hours` working hours,
// all in working time on `calendar` (a weekend, a night or a holiday stops every clock, and so
// does waiting for the requester's details, which moves the due time on): at risk once
// at_risk_share of those hours is gone, i.e. when only the rest remains before the due time;
// overdue strictly after the due time (an answer at the due second is on time); escalated to
// the km_lead once past the due time by as many working hours again.
struct Thresholds {
  std::time_t at_risk, due, km_lead;
};
Thresholds thresholds(std::time_t due, double hours, double at_risk_share, const WorkingCalendar& calendar);

std::string format_utc(std::time_t t);         // "YYYY-MM-DDTHH:MM:SSZ"
std::time_t parse_utc(const std::string& text);  // inverse of format_utc; throws InvalidInput

}  // namespace km::core
