#pragma once
// Reading a request's JSON body: the one body reader of every route, and the readers of its
// text fields.
//
// The policy, the same on every route that takes a body (README, "API conventions"): POST and
// PATCH need a body, `{}` when there is nothing to say; it is a JSON object nested no deeper
// than kMaxJsonDepth (nlohmann's dump() and merge_patch() recurse, so a body of 100,000 nested
// brackets would overflow the stack). A field a route needs is read with required_text, one it
// may go without with optional_text. Everything throws core::InvalidInput (a 400) with a
// message that names the field or the byte where parsing stopped, never the input itself nor
// the parser library's text. Stateless and thread-safe.
#include <httplib.h>

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

namespace km::server {

inline constexpr int kMaxJsonDepth = 32;
// The longest text field a body may hold, in bytes.
inline constexpr std::size_t kMaxTextField = 10000;

// The body of `http` as a JSON object. An empty body is an error ("POST needs a JSON body..."),
// so is anything but an object (code "invalid_json" when it is not JSON at all).
nlohmann::json read_json_body(const httplib::Request& http);

// What a POST or PATCH without a body is told, here and when httplib gives up waiting for one.
std::string body_needed(const std::string& method);

// The same depth rule for any JSON text (exposed for tests and the fuzz target).
nlohmann::json parse_json(const std::string& text);

// Field `name` of `body` as text: missing, null or blank is "<name> is required", anything but
// a string "<name> must be a string", over `max` bytes (or not UTF-8) "<name> is too long or not
// UTF-8".
std::string required_text(const nlohmann::json& body, std::string_view name, std::size_t max = kMaxTextField);
// The same for a field the caller may leave out: missing or null reads as "".
std::string optional_text(const nlohmann::json& body, std::string_view name, std::size_t max = kMaxTextField);
// Field `name` as a JSON integer in [min, max]; anything else (missing, 4.5, "5", out of range)
// is "<name> must be an integer from <min> to <max>".
long long required_integer(const nlohmann::json& body, std::string_view name, long long min, long long max);

}  // namespace km::server
