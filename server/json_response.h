#pragma once
// Writing JSON responses: the one place route handlers serialise a body (see to_body in
// server/error_mapping.h for why invalid UTF-8 never throws here).
#include <httplib.h>

#include <nlohmann/json.hpp>

#include "server/error_mapping.h"

namespace km::server {

inline void send_json(httplib::Response& res, const nlohmann::json& body, int status = 200) {
  res.status = status;
  res.set_content(to_body(body), "application/json");
}

}  // namespace km::server
