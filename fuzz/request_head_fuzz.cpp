// Fuzz target: check_head, which reads where a request ends in the bytes a connection sent,
// before cpp-httplib parses them. Whatever the bytes: no crash, and a whole request's parts lie
// within what was read.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "server/request_head.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  km::server::HeadLimits limits;
  limits.max_header_count = 8;
  limits.max_head_bytes = 4096;
  limits.max_body_bytes = 1024;
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  const auto check = km::server::check_head(bytes, limits);
  if (check.state == km::server::HeadState::complete) {
    if (check.leading_blank_bytes + check.head_bytes > size || check.head_bytes > limits.max_head_bytes ||
        check.body_bytes > limits.max_body_bytes)
      std::abort();
  }
  return 0;
}
