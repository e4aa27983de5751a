// check_head (server/request_head.h): where a request ends in the bytes read so far.
#include "server/request_head.h"

#include <gtest/gtest.h>

#include <string>

namespace {

using km::server::check_head;
using km::server::HeadLimits;
using km::server::HeadState;

TEST(RequestHead, AWholeHeadSaysItsLengthAndTheBodyToWaitFor) {
  const std::string head = "POST /api/items HTTP/1.1\r\nHost: x\r\ncontent-LENGTH:  12 \r\n\r\n";
  const auto check = check_head(head + "{\"a\":", HeadLimits{});
  EXPECT_EQ(check.state, HeadState::complete);
  EXPECT_EQ(check.head_bytes, head.size());
  EXPECT_EQ(check.body_bytes, 12u);
  EXPECT_FALSE(check.whole(head.size() + 5));
  EXPECT_TRUE(check.whole(head.size() + 12));
}

TEST(RequestHead, AHeadWithoutItsBlankLineIsIncomplete) {
  EXPECT_EQ(check_head("GET / HTTP/1.1\r\nHost: x\r\n", HeadLimits{}).state, HeadState::incomplete);
  EXPECT_EQ(check_head("GET / HTTP/1.1\r\nHo", HeadLimits{}).state, HeadState::incomplete);
  EXPECT_EQ(check_head("", HeadLimits{}).state, HeadState::incomplete);
}

TEST(RequestHead, BlankLinesBeforeTheRequestLineAreSkipped) {
  const auto check = check_head("\r\n\r\nGET / HTTP/1.1\n\n", HeadLimits{});
  EXPECT_EQ(check.state, HeadState::complete);
  EXPECT_EQ(check.leading_blank_bytes, 4u);
  EXPECT_EQ(check.head_bytes, 16u);
}

TEST(RequestHead, ExpectAndTransferEncodingWaitForNoBodyAndNeitherDoesABadOrTooLargeLength) {
  EXPECT_EQ(check_head("POST / HTTP/1.1\r\nExpect: 100-continue\r\nContent-Length: 9\r\n\r\n", HeadLimits{}).body_bytes, 0u);
  EXPECT_EQ(check_head("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n", HeadLimits{}).body_bytes, 0u);
  EXPECT_EQ(check_head("POST / HTTP/1.1\r\nContent-Length: 9x\r\n\r\n", HeadLimits{}).body_bytes, 0u);
  HeadLimits small;
  small.max_body_bytes = 100;
  EXPECT_EQ(check_head("POST / HTTP/1.1\r\nContent-Length: 101\r\n\r\n", small).body_bytes, 0u);
  EXPECT_EQ(check_head("POST / HTTP/1.1\r\nContent-Length: 100\r\n\r\n", small).body_bytes, 100u);
  EXPECT_EQ(check_head("POST / HTTP/1.1\r\nContent-Length: 99999999999999999999999\r\n\r\n", small).body_bytes, 0u);
}

TEST(RequestHead, MoreHeadersOrBytesThanTheLimitsAreTooLargeEvenBeforeTheHeadEnds) {
  HeadLimits limits;
  limits.max_header_count = 3;
  limits.max_head_bytes = 100;
  EXPECT_EQ(check_head("GET / HTTP/1.1\r\na: 1\r\nb: 2\r\nc: 3\r\n\r\n", limits).state, HeadState::complete);
  EXPECT_EQ(check_head("GET / HTTP/1.1\r\na: 1\r\nb: 2\r\nc: 3\r\nd: 4\r\n", limits).state, HeadState::too_large);
  EXPECT_EQ(check_head("GET / HTTP/1.1\r\nX: " + std::string(90, 'v'), limits).state, HeadState::too_large);
  EXPECT_EQ(check_head(std::string(101, '\n'), limits).state, HeadState::too_large);
}

}  // namespace
