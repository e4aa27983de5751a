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
