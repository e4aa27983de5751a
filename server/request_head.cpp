#include "server/request_head.h"

#include <algorithm>
#include <cctype>

namespace km::server {

namespace {

bool name_is(std::string_view line, std::string_view name) {
  if (line.size() <= name.size() || line[name.size()] != ':') return false;
  return std::equal(name.begin(), name.end(), line.begin(),
                    [](char a, char b) { return a == std::tolower(static_cast<unsigned char>(b)); });
}

std::string_view value_of(std::string_view line) {
  line.remove_prefix(line.find(':') + 1);
  while (!line.empty() && (line.front() == ' ' || line.front() == '\t')) line.remove_prefix(1);
  while (!line.empty() && (line.back() == ' ' || line.back() == '\t' || line.back() == '\r')) line.remove_suffix(1);
  return line;
}

// A Content-Length of digits only and at most `limit`; anything else waits for no body (httplib
// then answers 400 or 413 itself).
std::size_t content_length(std::string_view value, std::size_t limit) {
  if (value.empty() || value.size() > 19) return 0;
  std::size_t n = 0;
  for (char c : value) {
    if (c < '0' || c > '9') return 0;
    n = n * 10 + static_cast<std::size_t>(c - '0');
  }
  return n <= limit ? n : 0;
}

}  // namespace

HeadCheck check_head(std::string_view bytes, const HeadLimits& limits) {
  HeadCheck check;
  std::size_t pos = 0;
  while (pos < bytes.size() && (bytes[pos] == '\r' || bytes[pos] == '\n')) ++pos;
  check.leading_blank_bytes = pos;
  // Blank lines are not a request: a client sending only those is cut off by the same limit.
  if (pos > limits.max_head_bytes) {
    check.state = HeadState::too_large;
    return check;
  }

  const std::size_t start = pos;
  std::size_t lines = 0;
  std::size_t body = 0;
  bool no_wait = false;
  for (;;) {
    const std::size_t end = bytes.find('\n', pos);
    const std::size_t line_end = end == std::string_view::npos ? bytes.size() : end + 1;
    if (line_end - start > limits.max_head_bytes) {
      check.state = HeadState::too_large;
      return check;
    }
    if (end == std::string_view::npos) return check;  // incomplete
    std::string_view line = bytes.substr(pos, end - pos);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    pos = line_end;
    if (line.empty()) break;
    if (++lines > limits.max_header_count + 1) {
      check.state = HeadState::too_large;
      return check;
    }
    if (name_is(line, "content-length")) body = content_length(value_of(line), limits.max_body_bytes);
    else if (name_is(line, "expect") || name_is(line, "transfer-encoding")) no_wait = true;
  }
  check.state = HeadState::complete;
  check.head_bytes = pos - start;
  check.body_bytes = no_wait ? 0 : body;
  return check;
}

}  // namespace km::server
