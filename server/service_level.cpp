#include "server/service_level.h"

#include <algorithm>
#include <cmath>

#include "core/error.h"

namespace km::server {
namespace {

constexpr std::time_t kHour = 3600, kDay = 24 * kHour;

// Midnight UTC of the day containing t, and t's weekday (0 = Sunday).
std::time_t day_of(std::time_t t) { return t - (t % kDay + kDay) % kDay; }
int weekday(std::time_t t) {
  std::tm tm{};
  gmtime_r(&t, &tm);
  return tm.tm_wday;
}

}  // namespace

double ServiceLevel::hours_for(const std::string& priority) const {
  if (priority == "high") return high_hours;
  if (priority == "normal" || priority.empty()) return normal_hours;
  if (priority == "low") return low_hours;
  throw core::InvalidInput("priority must be high, normal or low");
}

std::time_t add_working_hours(std::time_t start, double hours, const ServiceLevel& sl) {
  auto remaining = static_cast<std::time_t>(std::llround(hours * kHour));
  std::time_t t = start;
  while (true) {
    const std::time_t day = day_of(t);
    const int wd = weekday(day);
    const std::time_t open = day + sl.day_start_hour * kHour, close = day + sl.day_end_hour * kHour;
    if (wd == 0 || wd == 6 || t >= close) {  // weekend, or after hours: next day's opening
      t = day + kDay + sl.day_start_hour * kHour;
      continue;
    }
    if (t < open) t = open;
    if (t + remaining <= close) return t + remaining;
    remaining -= close - t;
    t = day + kDay + sl.day_start_hour * kHour;
  }
}

std::time_t working_seconds(std::time_t from, std::time_t to, const ServiceLevel& sl) {
  std::time_t total = 0;
  std::time_t t = from;
  while (t < to) {
    const std::time_t day = day_of(t);
    const int wd = weekday(day);
    const std::time_t open = day + sl.day_start_hour * kHour, close = day + sl.day_end_hour * kHour;
    if (wd != 0 && wd != 6) total += std::max<std::time_t>(0, std::min(to, close) - std::max(t, open));
    t = day + kDay;
  }
  return total;
}

std::time_t subtract_working_hours(std::time_t end, double hours, const ServiceLevel& sl) {
  auto remaining = static_cast<std::time_t>(std::llround(hours * kHour));
  std::time_t t = end;
  while (true) {
    std::time_t day = day_of(t);
    if (t == day) day -= kDay;  // midnight: the end of the day before
    const int wd = weekday(day);
    const std::time_t open = day + sl.day_start_hour * kHour, close = day + sl.day_end_hour * kHour;
    if (wd == 0 || wd == 6 || t <= open) {  // weekend, or before hours: the day before's closing
      t = day - kDay + sl.day_end_hour * kHour;
      continue;
    }
    if (t > close) t = close;
    if (t - remaining >= open) return t - remaining;
    remaining -= t - open;
    t = day - kDay + sl.day_end_hour * kHour;
  }
}

Thresholds thresholds(std::time_t due, double hours, const ServiceLevel& sl) {
  return {subtract_working_hours(due, (1 - sl.at_risk_share) * hours, sl), due, add_working_hours(due, hours, sl)};
}

std::string format_utc(std::time_t t) {
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

std::time_t parse_utc(const std::string& text) {
  std::tm tm{};
  if (text.size() < 20 || !strptime(text.c_str(), "%Y-%m-%dT%H:%M:%SZ", &tm)) {
    throw core::InvalidInput("'" + text + "' is not a UTC timestamp (YYYY-MM-DDTHH:MM:SSZ)");
  }
  return timegm(&tm);
}

}  // namespace km::server
