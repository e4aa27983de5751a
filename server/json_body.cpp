#include "server/json_body.h"

#include <climits>
#include <optional>

#include "core/error.h"
#include "core/text.h"

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

std::string body_needed(const std::string& method) {
  return method + " needs a JSON body (send {} when there is nothing to say)";
}

nlohmann::json read_json_body(const httplib::Request& http) {
  if (http.body.empty()) throw core::InvalidInput(body_needed(http.method));
  nlohmann::json body = parse_json(http.body);
  if (!body.is_object()) throw core::InvalidInput("the body must be a JSON object");
  return body;
}

namespace {

// The text of field `name`, or nullopt when it is missing or null.
std::optional<std::string> text_at(const nlohmann::json& body, std::string_view name, std::size_t max) {
  if (!body.is_object()) throw core::InvalidInput("the body must be a JSON object");
  const auto it = body.find(std::string(name));
  if (it == body.end() || it->is_null()) return std::nullopt;
  if (!it->is_string()) throw core::InvalidInput(std::string(name) + " must be a string");
  const std::string& value = it->get_ref<const std::string&>();
  if (value.size() > max || !core::is_valid_utf8(value)) throw core::InvalidInput(std::string(name) + " is too long or not UTF-8");
  return value;
}

}  // namespace

std::string required_text(const nlohmann::json& body, std::string_view name, std::size_t max) {
  std::optional<std::string> value = text_at(body, name, max);
  if (!value || value->find_first_not_of(" \t\r\n") == std::string::npos) throw core::InvalidInput(std::string(name) + " is required");
  return std::move(*value);
}

std::string optional_text(const nlohmann::json& body, std::string_view name, std::size_t max) {
  return text_at(body, name, max).value_or("");
}

long long required_integer(const nlohmann::json& body, std::string_view name, long long min, long long max) {
  if (!body.is_object()) throw core::InvalidInput("the body must be a JSON object");
  const auto it = body.find(std::string(name));
  // A whole number only: nlohmann would turn 4.5 into 4 and a negative number into a huge one.
  const bool whole = it != body.end() && it->is_number_integer() &&
                     (!it->is_number_unsigned() || it->get<unsigned long long>() <= static_cast<unsigned long long>(LLONG_MAX));
  if (whole && it->get<long long>() >= min && it->get<long long>() <= max) return it->get<long long>();
  throw core::InvalidInput(std::string(name) + " must be an integer from " + std::to_string(min) + " to " + std::to_string(max));
}

}  // namespace km::server
