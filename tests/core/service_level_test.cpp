#include "core/service_level.h"

#include <gtest/gtest.h>

#include "core/error.h"

using namespace km::core;

namespace {
std::string plus(const std::string& start, double hours) {
  return format_utc(WorkingCalendar().add(parse_utc(start), hours));
}
}  // namespace

// 2026-11-20 is a Friday.
TEST(ServiceLevel, CountsWorkingHoursOnly) {
  EXPECT_EQ(plus("2026-11-18T10:00:00Z", 4), "2026-11-18T14:00:00Z");   // within a Wednesday
  EXPECT_EQ(plus("2026-11-18T09:00:00Z", 16), "2026-11-19T17:00:00Z");  // two working days
  EXPECT_EQ(plus("2026-11-17T07:00:00Z", 1), "2026-11-17T10:00:00Z");   // before opening
  EXPECT_EQ(plus("2026-11-17T19:30:00Z", 1), "2026-11-18T10:00:00Z");   // after closing
}

TEST(ServiceLevel, SkipsWeekends) {
  EXPECT_EQ(plus("2026-11-20T16:00:00Z", 4), "2026-11-23T12:00:00Z");   // Friday afternoon -> Monday
  EXPECT_EQ(plus("2026-11-21T10:00:00Z", 2), "2026-11-23T11:00:00Z");   // asked on a Saturday
  EXPECT_EQ(plus("2026-11-20T13:00:00Z", 40), "2026-11-27T13:00:00Z");  // a working week
}

TEST(ServiceLevel, PrioritiesAndTimestamps) {
  ServiceLevel sl;
  EXPECT_EQ(sl.hours_for("high"), 4);
  EXPECT_EQ(sl.hours_for("normal"), 16);
  EXPECT_THROW(sl.hours_for("urgent"), km::core::InvalidInput);
  EXPECT_THROW(parse_utc("yesterday"), km::core::InvalidInput);
}

TEST(ServiceLevel, WorkingSecondsAreTheInverseOfAddingOrSubtractingWorkingHours) {
  const WorkingCalendar sl;
  // Friday 16:30 to Monday 12:30: half an hour on Friday, three and a half on Monday.
  EXPECT_EQ(sl.working_seconds(parse_utc("2026-11-20T16:30:00Z"), parse_utc("2026-11-23T12:30:00Z")), 4 * 3600);
  EXPECT_EQ(sl.working_seconds(parse_utc("2026-11-21T10:00:00Z"), parse_utc("2026-11-22T23:00:00Z")), 0);  // a weekend
  EXPECT_EQ(sl.working_seconds(parse_utc("2026-11-23T12:00:00Z"), parse_utc("2026-11-23T11:00:00Z")), 0);
  for (std::time_t start = parse_utc("2026-11-18T00:00:00Z"); start < parse_utc("2026-11-25T00:00:00Z"); start += 3 * 3600 + 17 * 60) {
    for (double hours : {0.5, 4.0, 16.0, 40.0}) {
      const std::time_t end = sl.add(start, hours);
      EXPECT_EQ(sl.working_seconds(start, end), static_cast<std::time_t>(hours * 3600)) << format_utc(start) << " + " << hours << " h";
      EXPECT_EQ(sl.working_seconds(sl.subtract(end, hours), end), static_cast<std::time_t>(hours * 3600))
          << format_utc(end) << " - " << hours << " h";
    }
  }
}

TEST(ServiceLevel, ThresholdsAreInWorkingTime) {
  const WorkingCalendar sl;
  // High priority asked on Friday at 16:30, due Monday 12:30: at risk after 3 of its 4 working
  // hours (Monday 11:30, not on Sunday), to the km_lead 4 working hours after the due time.
  const Thresholds friday = thresholds(parse_utc("2026-11-23T12:30:00Z"), 4, 0.75, sl);
  EXPECT_EQ(format_utc(friday.at_risk), "2026-11-23T11:30:00Z");
  EXPECT_EQ(format_utc(friday.km_lead), "2026-11-23T16:30:00Z");
  // Asked on Wednesday at 13:30, due Thursday 09:30: at risk that afternoon at 16:30 (clock
  // time put it at 04:30 the next morning).
  const Thresholds wednesday = thresholds(parse_utc("2026-11-19T09:30:00Z"), 4, 0.75, sl);
  EXPECT_EQ(format_utc(wednesday.at_risk), "2026-11-18T16:30:00Z");
  EXPECT_EQ(format_utc(wednesday.km_lead), "2026-11-19T13:30:00Z");
}

// Calendars of their own (issue 15): a time zone, working days, hours and holidays.
namespace {
WorkingCalendar calendar(const std::string& json) { return WorkingCalendar::from_json(nlohmann::json::parse(json), "test"); }
std::string plus_on(const WorkingCalendar& c, const std::string& start, double hours) {
  return format_utc(c.add(parse_utc(start), hours));
}
}  // namespace

TEST(WorkingCalendar, CountsInItsOwnTimeZone) {
  // Manila (UTC+8, no daylight saving), 08:00-17:00: Friday 16:30 local is 08:30 UTC.
  const WorkingCalendar manila = calendar(R"({"time_zone": "Asia/Manila", "hours": "08:00-17:00"})");
  EXPECT_EQ(plus_on(manila, "2026-11-20T08:30:00Z", 4), "2026-11-23T03:30:00Z");  // Monday 11:30 local
  // Friday 20:00 UTC is Saturday 04:00 in Manila: the clock starts Monday 08:00 local.
  EXPECT_EQ(plus_on(manila, "2026-11-20T20:00:00Z", 1), "2026-11-23T01:00:00Z");
  // The same instant on the UTC calendar is Friday evening, after hours: Monday 10:00 UTC.
  EXPECT_EQ(plus("2026-11-20T20:00:00Z", 1), "2026-11-23T10:00:00Z");
}

TEST(WorkingCalendar, FollowsDaylightSavingAndSkipsHolidays) {
  // London 09:00-17:00 is 09:00 UTC in winter and 08:00 UTC in summer (clocks went forward on
  // Sunday 2026-03-29).
  const WorkingCalendar london = calendar(R"({"time_zone": "Europe/London", "holidays": ["2026-12-25", "2026-12-28"]})");
  EXPECT_EQ(plus_on(london, "2026-03-27T16:00:00Z", 2), "2026-03-30T09:00:00Z");  // Fri 16:00 GMT -> Mon 10:00 BST
  // Thursday 24 December 16:00 + 2 h: Christmas Day (Friday), the weekend and the Monday
  // holiday stop the clock; due Tuesday 29 December 10:00.
  EXPECT_EQ(plus_on(london, "2026-12-24T16:00:00Z", 2), "2026-12-29T10:00:00Z");
  EXPECT_EQ(london.working_seconds(parse_utc("2026-12-24T16:00:00Z"), parse_utc("2026-12-29T10:00:00Z")), 2 * 3600);
}

TEST(WorkingCalendar, AWorkingWeekOfItsOwn) {
  // Sunday to Thursday, 08:00-16:00 UTC: Friday and Saturday are the weekend.
  const WorkingCalendar c = calendar(R"({"days": ["sun", "mon", "tue", "wed", "thu"], "hours": "08:00-16:00"})");
  EXPECT_EQ(plus_on(c, "2026-11-19T15:00:00Z", 2), "2026-11-22T09:00:00Z");  // Thursday 15:00 -> Sunday 09:00
  for (std::time_t start = parse_utc("2026-11-18T00:00:00Z"); start < parse_utc("2026-11-25T00:00:00Z"); start += 5 * 3600 + 7 * 60) {
    const std::time_t end = c.add(start, 12);
    EXPECT_EQ(c.working_seconds(start, end), 12 * 3600);
    EXPECT_EQ(c.working_seconds(c.subtract(end, 12), end), 12 * 3600);
  }
}

TEST(WorkingCalendar, BadCalendarsAreRefusedByName) {
  for (const char* bad : {R"({"time_zone": "Mars/Olympus"})", R"({"days": []})", R"({"days": ["mon", "someday"]})",
                          R"({"hours": "17:00-09:00"})", R"({"hours": "9-5"})", R"({"holidays": ["2026-02-30"]})",
                          R"({"holidays": "2026-12-25"})", R"({"weekend": ["sat"]})", R"([1, 2])",
                          R"({"hours": "+9:00-17:00"})", R"({"hours": " 9:00-17:00"})", R"({"holidays": ["2026-1-025"]})"}) {
    try {
      calendar(bad);
      ADD_FAILURE() << "accepted " << bad;
    } catch (const InvalidInput& e) {
      EXPECT_NE(std::string(e.what()).find("calendar 'test'"), std::string::npos) << e.what();
    }
  }
}

TEST(ServiceLevel, CalendarsAreChosenByCommunityThenOrganisation) {
  const ServiceLevel sl = ServiceLevel::from_json(nlohmann::json::parse(R"({
    "hours": {"high": 2},
    "calendars": {"org:partner": {"time_zone": "Asia/Manila"}, "community:billing": {"time_zone": "Europe/London"}}})"));
  EXPECT_EQ(sl.hours_for("high"), 2);
  EXPECT_EQ(sl.calendar_for("billing", "partner").to_json()["time_zone"], "Europe/London");
  EXPECT_EQ(sl.calendar_for("connectivity", "partner").to_json()["time_zone"], "Asia/Manila");
  EXPECT_EQ(sl.calendar_for("connectivity", "client").to_json()["time_zone"], "UTC");
  EXPECT_THROW(ServiceLevel::from_json(nlohmann::json::parse(R"({"calendars": {"team:x": {}}})")), InvalidInput);
  EXPECT_THROW(ServiceLevel::from_json(nlohmann::json::parse(R"({"hours": {"urgent": 1}})")), InvalidInput);
  EXPECT_THROW(ServiceLevel::from_json(nlohmann::json::parse(R"({"at_risk_share": 1.5})")), InvalidInput);
}
