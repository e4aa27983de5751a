#pragma once
// Reading a request's JSON body: the one body reader of every route.
//
// The body must be JSON nested no deeper than kMaxJsonDepth (nlohmann's dump() and
// merge_patch() recurse, so a body of 100,000 nested brackets would overflow the stack), and an
// empty body is either an error or `{}` as the route says. Throws core::InvalidInput with code
// "invalid_json" and a message that names the byte where parsing stopped, never the input
// itself nor the parser library's text.
#include <httplib.h>

#include <nlohmann/json.hpp>

namespace km::server {

inline constexpr int kMaxJsonDepth = 32;

enum class EmptyBody { rejected, empty_object };

nlohmann::json read_json_body(const httplib::Request& req, EmptyBody empty = EmptyBody::rejected);

// The same rules for any JSON text (exposed for tests and for stored JSON read back).
nlohmann::json parse_json(const std::string& text);

}  // namespace km::server
