#include "core/text.h"

#include <gtest/gtest.h>

using namespace km::core;

TEST(Utf8, AcceptsAsciiAndMultibyte) {
  EXPECT_TRUE(is_valid_utf8("plain"));
  EXPECT_TRUE(is_valid_utf8("caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80"));
}

TEST(Utf8, RejectsMalformedSequences) {
  EXPECT_FALSE(is_valid_utf8("\xC3"));              // truncated
  EXPECT_FALSE(is_valid_utf8("\xC0\xAF"));          // overlong '/'
  EXPECT_FALSE(is_valid_utf8("\xED\xA0\x80"));      // surrogate
  EXPECT_FALSE(is_valid_utf8("\xF4\x90\x80\x80"));  // above U+10FFFF
  EXPECT_FALSE(is_valid_utf8("abc\xFF"));
}

TEST(ParseInteger, TakesTheWholeTextAsAnIntegerInRange) {
  EXPECT_EQ(km::core::parse_integer("42", 0, 100), 42);
  EXPECT_EQ(km::core::parse_integer("-7", -10, 10), -7);
  EXPECT_EQ(km::core::parse_integer("0", 0, 0), 0);
  for (const char* bad : {"5x", "", " 5", "5 ", "+5", "1.5", "0x10", "101", "99999999999999999999"}) {
    EXPECT_EQ(km::core::parse_integer(bad, 0, 100), std::nullopt) << "'" << bad << "'";
  }
}

TEST(ParseNumber, TakesTheWholeTextAsAFiniteNumberInRange) {
  EXPECT_EQ(km::core::parse_number("0.5", 0, 1), 0.5);
  EXPECT_EQ(km::core::parse_number("1e-3", 0, 1), 0.001);
  EXPECT_EQ(km::core::parse_number("-2", -5, 5), -2.0);
  EXPECT_EQ(km::core::parse_number("1", 0, 1), 1.0);
  for (const char* bad : {"0.5x", "", " 0.5", "0.5 ", "+0.5", "nan", "inf", "1.5", "-0.1", "0,5"}) {
    EXPECT_EQ(km::core::parse_number(bad, 0, 1), std::nullopt) << "'" << bad << "'";
  }
}

TEST(Iso8601, AcceptsDatesAndDateTimes) {
  EXPECT_EQ(parse_iso8601("2024-02-29"), "2024-02-29");
  EXPECT_EQ(parse_iso8601("2024-05-01T10:30:00Z"), "2024-05-01T10:30:00Z");
  EXPECT_EQ(parse_iso8601("2024-05-01t10:30+02:00"), "2024-05-01T10:30+02:00");
  EXPECT_EQ(parse_iso8601("2024-05-01T10:30:00.123Z"), "2024-05-01T10:30:00.123Z");
}

TEST(Iso8601, RejectsImpossibleOrSloppyDates) {
  for (const char* bad : {"2023-02-29", "2024-13-01", "2024-00-10", "24-05-01", "2024/05/01", "2024-05-01 10:00",
                          "2024-05-01T25:00Z", "2024-05-01T10:00", "yesterday", ""}) {
    EXPECT_FALSE(parse_iso8601(bad)) << bad;
  }
}

TEST(Hashing, Sha256MatchesKnownVector) {
  EXPECT_EQ(sha256_hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST(Hashing, RandomHexHasRequestedLengthAndVaries) {
  std::string a = random_hex(16), b = random_hex(16);
  EXPECT_EQ(a.size(), 32u);
  EXPECT_NE(a, b);
}

TEST(Utf8, PrefixesNeverCutACharacterInTwo) {
  const std::string text = "ab\xC3\xA9\xE2\x82\xAC";  // a b é €
  EXPECT_EQ(km::core::utf8_prefix(text, 100), text);
  EXPECT_EQ(km::core::utf8_prefix(text, 3), "ab");               // é would be cut
  EXPECT_EQ(km::core::utf8_prefix(text, 4), "ab\xC3\xA9");
  EXPECT_EQ(km::core::utf8_prefix(text, 6), "ab\xC3\xA9");       // € would be cut
  for (std::size_t n = 0; n <= text.size(); ++n) EXPECT_TRUE(km::core::is_valid_utf8(km::core::utf8_prefix(text, n))) << n;
}
