#include "server/json_body.h"

#include "core/error.h"

namespace km::server {

nlohmann::json parse_json(const std::string& text) {
  // The callback sees every value with its depth; nlohmann's parser itself does not recurse, so
  // refusing here keeps every later recursive walk (dump, merge_patch, comparison) shallow.
  const nlohmann::json::parser_callback_t limit = [](int depth, nlohmann::json::parse_event_t, nlohmann::json&) {
    if (depth > kMaxJsonDepth) {
      throw core::InvalidInput("the JSON body is nested deeper than " + std::to_string(kMaxJsonDepth) + " levels",
                               "invalid_json");
    }
    return true;
  };
  try {
    return nlohmann::json::parse(text, limit);
  } catch (const nlohmann::json::parse_error& e) {
    throw core::InvalidInput("the request body is not valid JSON (stopped at byte " + std::to_string(e.byte) + ")",
                             "invalid_json");
  } catch (const nlohmann::json::out_of_range&) {
    // A number beyond a double's range ("4e4444"): found by fuzz/json_body_fuzz, a 500 before.
    throw core::InvalidInput("the request body holds a number too large to read", "invalid_json");
  }
}

nlohmann::json read_json_body(const httplib::Request& req, EmptyBody empty) {
  if (req.body.empty()) {
    if (empty == EmptyBody::empty_object) return nlohmann::json::object();
    throw core::InvalidInput(req.method + " needs a JSON body (send {} when there is nothing to say)");
  }
  return parse_json(req.body);
}

}  // namespace km::server
