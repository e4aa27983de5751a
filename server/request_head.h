#pragma once
// Reading where one HTTP/1.1 request ends in the bytes a connection has sent so far, before
// cpp-httplib parses it: how long its head is, whether it is too large to accept, and how many
// body bytes to wait for. Pure: no socket, no allocation beyond the answer.
#include <cstddef>
#include <string_view>

namespace km::server {

struct HeadLimits {
  std::size_t max_header_count = 100;    // header lines after the request line
  std::size_t max_head_bytes = 64 * 1024;  // request line + headers + the blank line
  std::size_t max_body_bytes = 1 << 20;  // a larger Content-Length is not waited for (httplib answers 413)
};

enum class HeadState { incomplete, complete, too_large };

struct HeadCheck {
  HeadState state = HeadState::incomplete;
  std::size_t leading_blank_bytes = 0;  // empty lines before the request line (RFC 9112 2.2: ignored)
  std::size_t head_bytes = 0;           // from the request line to the blank line, inclusive
  std::size_t body_bytes = 0;           // Content-Length to wait for; 0 with Expect or Transfer-Encoding
  // The whole request (blank lines, head, body) is among the bytes checked.
  bool whole(std::size_t available) const {
    return state == HeadState::complete && available >= leading_blank_bytes + head_bytes + body_bytes;
  }
};

HeadCheck check_head(std::string_view bytes, const HeadLimits& limits);

}  // namespace km::server
