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

std::string format_utc(std::time_t t);         // "YYYY-MM-DDTHH:MM:SSZ"
std::time_t parse_utc(const std::string& text);  // inverse of format_utc; throws InvalidInput

}  // namespace km::server
