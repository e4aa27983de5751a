#pragma once
// Service levels: when a request is due, counted in working hours (Monday to Friday,
// 09:00-17:00 UTC by default). Pure functions over UTC timestamps; thread-safe.
#include <ctime>
#include <string>

namespace km::server {

struct ServiceLevel {
  int day_start_hour = 9;    // working day, UTC
  int day_end_hour = 17;
  double high_hours = 4;     // working hours to answer a high-priority request
  double normal_hours = 16;  // two working days
  double low_hours = 40;     // a working week
  double at_risk_share = 0.75;  // a request still open when this share of its time is gone is at risk

  // Working hours allowed for a priority ("high", "normal", "low"); throws InvalidInput.
  double hours_for(const std::string& priority) const;
};

// `start` plus `hours` working hours. A start outside working time counts from the next
// working moment.
std::time_t add_working_hours(std::time_t start, double hours, const ServiceLevel& sl);

// The working seconds in [from, to): 0 if to <= from. The inverse of add_working_hours:
// working_seconds(s, add_working_hours(s, h)) is h hours.
std::time_t working_seconds(std::time_t from, std::time_t to, const ServiceLevel& sl);

// The moment `hours` working hours before `end` (from the last working moment at or before it).
std::time_t subtract_working_hours(std::time_t end, double hours, const ServiceLevel& sl);

// The service-level thresholds of a request due at `due` that was given `hours` working hours,
// all in working time (a weekend stops every clock, and so does waiting for the requester's
// details, which moves the due time on): at risk once at_risk_share of those hours is gone,
// i.e. when only the rest remains before the due time; overdue strictly after the due time (an
// answer at the due second is on time); escalated to the km_lead once past the due time by as
// many working hours again.
struct Thresholds {
  std::time_t at_risk, due, km_lead;
};
Thresholds thresholds(std::time_t due, double hours, const ServiceLevel& sl);

std::string format_utc(std::time_t t);         // "YYYY-MM-DDTHH:MM:SSZ"
std::time_t parse_utc(const std::string& text);  // inverse of format_utc; throws InvalidInput

}  // namespace km::server
