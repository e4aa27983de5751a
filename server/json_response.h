#pragma once
// Writing JSON responses: the one place route handlers serialise a body (see to_body in
// server/error_mapping.h for why invalid UTF-8 never throws here).
#include <httplib.h>

#include <nlohmann/json.hpp>
#include <string>

#include "server/error_mapping.h"

namespace km::server {

inline void send_json(httplib::Response& res, const nlohmann::json& body, int status = 200) {
  res.status = status;
  res.set_content(to_body(body), "application/json");
}

// An optional text value as the API gives it: null when absent, never "" (README "API
// conventions").
inline nlohmann::json or_null(const std::string& value) { return value.empty() ? nlohmann::json() : nlohmann::json(value); }

}  // namespace km::server
