#include "core/working_calendar.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>

#include "core/error.h"
#include "core/text.h"

namespace km::core {
namespace {

constexpr const char* kDayNames[] = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"};  // cctz::weekday order

int weekday_index(const cctz::civil_day& day) { return static_cast<int>(cctz::get_weekday(day)); }

// "HH:MM" as minutes after midnight (24:00 allowed as an end); -1 if malformed.
int minutes(const std::string& text) {
  if (text.size() != 5 || text[2] != ':') return -1;
  const auto h = parse_integer(std::string_view(text).substr(0, 2), 0, 24);
  const auto m = parse_integer(std::string_view(text).substr(3, 2), 0, 59);
  if (!h || !m || (*h == 24 && *m != 0)) return -1;
  return static_cast<int>(*h * 60 + *m);
}

std::string hhmm(int minute) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%02d:%02d", minute / 60, minute % 60);
  return buf;
}

// Loops over days stop after this many: a calendar always has a working weekday, so this is
// only reached with absurd inputs (hours beyond years of working time).
constexpr int kMaxDays = 366 * 50;

}  // namespace

WorkingCalendar::WorkingCalendar() : zone_(cctz::utc_time_zone()) {
  for (int d = 0; d < 5; ++d) working_days_[static_cast<std::size_t>(d)] = true;
}

WorkingCalendar WorkingCalendar::from_json(const nlohmann::json& spec, const std::string& name) {
  auto fail = [&](const std::string& why) { throw InvalidInput("calendar '" + name + "': " + why); };
  if (!spec.is_object()) fail("must be an object");
  WorkingCalendar c;
  for (const auto& [key, value] : spec.items()) {
    if (key == "time_zone") {
      if (!value.is_string() || !cctz::load_time_zone(value.get<std::string>(), &c.zone_)) {
        fail("unknown time zone " + value.dump() + " (an IANA name such as Europe/London)");
      }
      c.zone_name_ = value.get<std::string>();
    } else if (key == "days") {
      if (!value.is_array() || value.empty()) fail("days must be a list of mon..sun with at least one day");
      c.working_days_.fill(false);
      for (const auto& day : value) {
        const std::string d = day.is_string() ? day.get<std::string>() : "";
        const auto* it = std::find(std::begin(kDayNames), std::end(kDayNames), d);
        if (it == std::end(kDayNames)) fail("unknown day " + day.dump() + " (mon, tue, wed, thu, fri, sat, sun)");
        c.working_days_[static_cast<std::size_t>(it - std::begin(kDayNames))] = true;
      }
    } else if (key == "hours") {
      const std::string h = value.is_string() ? value.get<std::string>() : "";
      const int start = h.size() == 11 && h[5] == '-' ? minutes(h.substr(0, 5)) : -1;
      const int end = start >= 0 ? minutes(h.substr(6)) : -1;
      if (start < 0 || end <= start) fail("hours must be \"HH:MM-HH:MM\" with the start first, not " + value.dump());
      c.start_minute_ = start;
      c.end_minute_ = end;
    } else if (key == "holidays") {
      if (!value.is_array()) fail("holidays must be a list of YYYY-MM-DD dates");
      for (const auto& day : value) {
        const std::string text = day.is_string() ? day.get<std::string>() : "";
        if (text.size() != 10 || !parse_iso8601(text)) fail("holiday " + day.dump() + " is not a date (YYYY-MM-DD)");
        // A real calendar date from here on (parse_iso8601): its parts are numbers.
        auto part = [&](std::size_t at, std::size_t n) { return static_cast<int>(*parse_integer(std::string_view(text).substr(at, n), 0, 9999)); };
        c.holidays_.insert(cctz::civil_day(part(0, 4), part(5, 2), part(8, 2)));
      }
    } else {
      fail("unknown key '" + key + "' (time_zone, days, hours, holidays)");
    }
  }
  return c;
}

nlohmann::json WorkingCalendar::to_json() const {
  nlohmann::json days = nlohmann::json::array(), holidays = nlohmann::json::array();
  for (std::size_t d = 0; d < 7; ++d) {
    if (working_days_[d]) days.push_back(kDayNames[d]);
  }
  for (const auto& h : holidays_) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "%04lld-%02d-%02d", static_cast<long long>(h.year()), h.month(), h.day());
    holidays.push_back(buf);
  }
  return {{"time_zone", zone_name_}, {"days", days}, {"hours", hhmm(start_minute_) + "-" + hhmm(end_minute_)},
          {"holidays", holidays}};
}

cctz::civil_day WorkingCalendar::local_day(std::time_t t) const {
  return cctz::civil_day(cctz::convert(std::chrono::system_clock::from_time_t(t), zone_));
}

WorkingCalendar::Span WorkingCalendar::working_span(const cctz::civil_day& day) const {
  if (!working_days_[static_cast<std::size_t>(weekday_index(day))] || holidays_.count(day)) return {};
  auto at = [&](int minute) {
    const cctz::civil_second local = cctz::civil_second(day) + minute * 60;
    return std::chrono::system_clock::to_time_t(cctz::convert(local, zone_));
  };
  return {at(start_minute_), at(end_minute_)};
}

std::time_t WorkingCalendar::add(std::time_t start, double hours) const {
  auto remaining = static_cast<std::time_t>(std::llround(hours * 3600));
  cctz::civil_day day = local_day(start);
  for (int i = 0; i < kMaxDays; ++i, ++day) {
    const Span s = working_span(day);
    const std::time_t t = std::max(start, s.open);
    if (t >= s.close) continue;
    if (t + remaining <= s.close) return t + remaining;
    remaining -= s.close - t;
  }
  throw InvalidInput("working time beyond " + std::to_string(kMaxDays) + " days");
}

std::time_t WorkingCalendar::working_seconds(std::time_t from, std::time_t to) const {
  std::time_t total = 0;
  if (to <= from) return 0;
  const cctz::civil_day last = local_day(to);
  for (cctz::civil_day day = local_day(from); day <= last; ++day) {
    const Span s = working_span(day);
    total += std::max<std::time_t>(0, std::min(to, s.close) - std::max(from, s.open));
  }
  return total;
}

std::time_t WorkingCalendar::subtract(std::time_t end, double hours) const {
  auto remaining = static_cast<std::time_t>(std::llround(hours * 3600));
  cctz::civil_day day = local_day(end);
  for (int i = 0; i < kMaxDays; ++i, --day) {
    const Span s = working_span(day);
    const std::time_t t = std::min(end, s.close);
    if (t <= s.open) continue;
    if (t - remaining >= s.open) return t - remaining;
    remaining -= t - s.open;
  }
  throw InvalidInput("working time beyond " + std::to_string(kMaxDays) + " days");
}

}  // namespace km::core
