#include "server/service_level.h"

#include <gtest/gtest.h>

#include "core/error.h"

using namespace km::server;

namespace {
std::string plus(const std::string& start, double hours) {
  return format_utc(add_working_hours(parse_utc(start), hours, ServiceLevel{}));
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
  const ServiceLevel sl;
  // Friday 16:30 to Monday 12:30: half an hour on Friday, three and a half on Monday.
  EXPECT_EQ(working_seconds(parse_utc("2026-11-20T16:30:00Z"), parse_utc("2026-11-23T12:30:00Z"), sl), 4 * 3600);
  EXPECT_EQ(working_seconds(parse_utc("2026-11-21T10:00:00Z"), parse_utc("2026-11-22T23:00:00Z"), sl), 0);  // a weekend
  EXPECT_EQ(working_seconds(parse_utc("2026-11-23T12:00:00Z"), parse_utc("2026-11-23T11:00:00Z"), sl), 0);
  for (std::time_t start = parse_utc("2026-11-18T00:00:00Z"); start < parse_utc("2026-11-25T00:00:00Z"); start += 3 * 3600 + 17 * 60) {
    for (double hours : {0.5, 4.0, 16.0, 40.0}) {
      const std::time_t end = add_working_hours(start, hours, sl);
      EXPECT_EQ(working_seconds(start, end, sl), static_cast<std::time_t>(hours * 3600)) << format_utc(start) << " + " << hours << " h";
      EXPECT_EQ(working_seconds(subtract_working_hours(end, hours, sl), end, sl), static_cast<std::time_t>(hours * 3600))
          << format_utc(end) << " - " << hours << " h";
    }
  }
}

TEST(ServiceLevel, ThresholdsAreInWorkingTime) {
  const ServiceLevel sl;
  // High priority asked on Friday at 16:30, due Monday 12:30: at risk after 3 of its 4 working
  // hours (Monday 11:30, not on Sunday), to the km_lead 4 working hours after the due time.
  const Thresholds friday = thresholds(parse_utc("2026-11-23T12:30:00Z"), 4, sl);
  EXPECT_EQ(format_utc(friday.at_risk), "2026-11-23T11:30:00Z");
  EXPECT_EQ(format_utc(friday.km_lead), "2026-11-23T16:30:00Z");
  // Asked on Wednesday at 13:30, due Thursday 09:30: at risk that afternoon at 16:30 (clock
  // time put it at 04:30 the next morning).
  const Thresholds wednesday = thresholds(parse_utc("2026-11-19T09:30:00Z"), 4, sl);
  EXPECT_EQ(format_utc(wednesday.at_risk), "2026-11-18T16:30:00Z");
  EXPECT_EQ(format_utc(wednesday.km_lead), "2026-11-19T13:30:00Z");
}
