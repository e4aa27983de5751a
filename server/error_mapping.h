#pragma once
// The one place that turns exceptions into HTTP errors (STYLE.md §4).
//
// handle_exception() is registered once as httplib's exception handler; handlers never catch
// broadly themselves. Every error body has the shape
//   {"error": {"status": 404, "code": "not_found", "message": "..."}}
// 500s carry a generic message; their details go to the log only.
#include <httplib.h>

#include <exception>
#include <nlohmann/json.hpp>
#include <string>

namespace km::server {

// Serialises a response body. Invalid UTF-8 (echoed input in a message...) becomes U+FFFD
// instead of throwing: writing a response must never fail.
std::string to_body(const nlohmann::json& body);

nlohmann::json error_body(int status, const std::string& code, const std::string& message);
void send_error(httplib::Response& res, int status, const std::string& code, const std::string& message);
void handle_exception(const httplib::Request& req, httplib::Response& res, std::exception_ptr error);

}  // namespace km::server
