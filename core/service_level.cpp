#include "core/service_level.h"

#include <fstream>

#include "core/error.h"

namespace km::core {

double ServiceLevel::hours_for(const std::string& priority) const {
  if (priority == "high") return high_hours;
  if (priority == "normal" || priority.empty()) return normal_hours;
  if (priority == "low") return low_hours;
  throw InvalidInput("priority must be high, normal or low");
}

const WorkingCalendar& ServiceLevel::calendar_for(const std::string& community, const std::string& org) const {
  if (auto it = calendars.find("community:" + community); !community.empty() && it != calendars.end()) return it->second;
  if (auto it = calendars.find("org:" + org); !org.empty() && it != calendars.end()) return it->second;
  return standard;
}

ServiceLevel ServiceLevel::from_json(const nlohmann::json& spec) {
  auto fail = [](const std::string& why) { throw InvalidInput("service levels: " + why); };
  if (!spec.is_object()) fail("must be a JSON object");
  ServiceLevel sl;
  for (const auto& [key, value] : spec.items()) {
    if (key == "hours") {
      if (!value.is_object()) fail("hours must be an object {\"high\": 4, ...}");
      for (const auto& [priority, h] : value.items()) {
        if (!h.is_number() || h.get<double>() <= 0 || h.get<double>() > 10000) fail("hours." + priority + " must be a positive number");
        if (priority == "high") sl.high_hours = h;
        else if (priority == "normal") sl.normal_hours = h;
        else if (priority == "low") sl.low_hours = h;
        else fail("unknown priority '" + priority + "' (high, normal, low)");
      }
    } else if (key == "at_risk_share") {
      if (!value.is_number() || value.get<double>() <= 0 || value.get<double>() >= 1) fail("at_risk_share must be between 0 and 1");
      sl.at_risk_share = value;
    } else if (key == "target") {
      if (!value.is_object()) fail("target must be an object {\"answered_within_service_level\": 0.9, \"amber_margin\": 0.1}");
      for (const auto& [name, v] : value.items()) {
        if (!v.is_number() || v.get<double>() < 0 || v.get<double>() > 1) fail("target." + name + " must be between 0 and 1");
        if (name == "answered_within_service_level") sl.target = v;
        else if (name == "amber_margin") sl.amber_margin = v;
        else if (name == "high" || name == "normal" || name == "low") sl.priority_targets[name] = v;
        else fail("unknown target '" + name + "' (answered_within_service_level, amber_margin, high, normal, low)");
      }
    } else if (key == "calendars") {
      if (!value.is_object()) fail("calendars must be an object");
      for (const auto& [name, calendar] : value.items()) {
        if (name == "default") sl.standard = WorkingCalendar::from_json(calendar, name);
        else if (name.rfind("community:", 0) == 0 || name.rfind("org:", 0) == 0) sl.calendars.emplace(name, WorkingCalendar::from_json(calendar, name));
        else fail("calendar '" + name + "' must be named default, community:<id> or org:<id>");
      }
    } else {
      fail("unknown key '" + key + "' (hours, at_risk_share, target, calendars)");
    }
  }
  return sl;
}

ServiceLevel ServiceLevel::load(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw InvalidInput("cannot read service levels file " + path);
  nlohmann::json doc;
  try {
    doc = nlohmann::json::parse(in);
  } catch (const nlohmann::json::parse_error& e) {
    throw InvalidInput("service levels file " + path + " is not JSON (byte " + std::to_string(e.byte) + ")");
  } catch (const nlohmann::json::out_of_range&) {  // a number beyond a double's range ("9e999")
    throw InvalidInput("service levels file " + path + " holds a number too large to read");
  }
  return from_json(doc);
}

ServiceLevel ServiceLevel::load_or_default(const std::string& path) { return path.empty() ? ServiceLevel() : load(path); }

nlohmann::json ServiceLevel::to_json() const {
  nlohmann::json calendars_json = {{"default", standard.to_json()}};
  for (const auto& [name, calendar] : calendars) calendars_json[name] = calendar.to_json();
  return {{"hours", {{"high", high_hours}, {"normal", normal_hours}, {"low", low_hours}}},
          {"at_risk_share", at_risk_share},
          {"target", [&] {
             nlohmann::json t = {{"answered_within_service_level", target}, {"amber_margin", amber_margin}};
             for (const auto& [priority, goal] : priority_targets) t[priority] = goal;
             return t;
           }()},
          {"calendars", calendars_json}};
}

double ServiceLevel::target_for(const std::string& priority) const {
  const auto it = priority_targets.find(priority);
  return it == priority_targets.end() ? target : it->second;
}

nlohmann::json ServiceLevel::rag(const nlohmann::json& rate, double goal) const {
  if (!rate.is_number()) return nullptr;
  const double r = rate.get<double>();
  return r >= goal ? "green" : r >= goal - amber_margin ? "amber" : "red";
}

Thresholds thresholds(std::time_t due, double hours, double at_risk_share, const WorkingCalendar& calendar) {
  return {calendar.subtract(due, (1 - at_risk_share) * hours), due, calendar.add(due, hours)};
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
    throw InvalidInput("'" + text + "' is not a UTC timestamp (YYYY-MM-DDTHH:MM:SSZ)");
  }
  return timegm(&tm);
}

}  // namespace km::core
