#pragma once
// WorkingCalendar: when a community or an organisation works — a time zone (IANA name, through
// CCTZ and the system's tzdata), working weekdays, the working hours of a day in local time, and
// holidays (local dates). Service levels count time on it: a weekend, a night or a holiday stops
// the clock, and a daylight-saving change moves the working day with the local clock.
// Immutable once made; thread-safe.
#include <cctz/civil_time.h>
#include <cctz/time_zone.h>

#include <array>
#include <ctime>
#include <nlohmann/json.hpp>
#include <set>
#include <string>

namespace km::core {

class WorkingCalendar {
 public:
  // UTC, Monday to Friday, 09:00-17:00, no holidays.
  WorkingCalendar();

  // From {"time_zone": "Asia/Manila", "days": ["mon", ...], "hours": "08:00-17:00",
  // "holidays": ["2026-12-25", ...]}; every key optional (the defaults above). Throws
  // InvalidInput naming `name` and the bad entry (unknown zone, no working day, bad hours...).
  static WorkingCalendar from_json(const nlohmann::json& spec, const std::string& name);
  nlohmann::json to_json() const;

  // `start` plus `hours` working hours. A start outside working time counts from the next
  // working moment.
  std::time_t add(std::time_t start, double hours) const;
  // The working seconds in [from, to): 0 if to <= from. working_seconds(s, add(s, h)) is h hours.
  std::time_t working_seconds(std::time_t from, std::time_t to) const;
  // The moment `hours` working hours before `end` (from the last working moment at or before it).
  std::time_t subtract(std::time_t end, double hours) const;

 private:
  struct Span {
    std::time_t open = 0, close = 0;  // empty (open == close) on a day off
  };
  Span working_span(const cctz::civil_day& day) const;
  cctz::civil_day local_day(std::time_t t) const;

  std::string zone_name_ = "UTC";
  cctz::time_zone zone_;
  std::array<bool, 7> working_days_{};  // by cctz::weekday (monday = 0)
  int start_minute_ = 9 * 60, end_minute_ = 17 * 60;
  std::set<cctz::civil_day> holidays_;
};

}  // namespace km::core
