#include "server/route_table.h"

#include <algorithm>

#include "core/error.h"
#include "server/json_body.h"

namespace km::server {
namespace {

bool is_literal(const std::string& pattern) { return pattern.find_first_of("()[]*+?\\|^$.{}") == std::string::npos; }

// "/api/items/([^/]+)/similar" -> "/api/items/:id/similar".
std::string label_from(const std::string& pattern) {
  std::string label;
  int depth = 0;
  for (char c : pattern) {
    if (c == '(' && depth++ == 0) label += ":id";
    else if (c == ')') --depth;
    else if (depth == 0) label += c;
  }
  return label;
}

// Throws InvalidInput for the first query parameter of `req` that `params` does not name. Only
// the request target's query counts: httplib also files a form-encoded body's fields under
// req.params, and `curl -d '{...}'` sends JSON labelled as a form (the README's examples do).
void check_params(const httplib::Request& req, const std::string& method, const std::string& label,
                  const RouteTable::Params& params) {
  httplib::Params query;
  if (const auto q = req.target.find('?'); q != std::string::npos) httplib::detail::parse_query_text(req.target.substr(q + 1), query);
  for (const auto& [name, value] : query) {
    if (std::find(params.begin(), params.end(), name) != params.end()) continue;
    std::string takes;
    for (const std::string& p : params) takes += (takes.empty() ? "" : ", ") + p;
    throw core::InvalidInput("unknown parameter '" + name + "': " + method + " " + label +
                             (params.empty() ? " takes no query parameters" : " takes " + takes));
  }
}

// A POST or PATCH handler behind the one body reader: the body is read (and refused) before the
// handler runs, the same way on every route.
httplib::Server::Handler with_body(RouteTable::BodyHandler inner) {
  return [inner = std::move(inner)](const httplib::Request& http, httplib::Response& res) { inner(http, res, read_json_body(http)); };
}

}  // namespace

void RouteTable::get(const std::string& pattern, Params params, httplib::Server::Handler handler) {
  add("GET", pattern, std::move(params), std::move(handler));
}
void RouteTable::post(const std::string& pattern, BodyHandler handler) { add("POST", pattern, {}, with_body(std::move(handler))); }
void RouteTable::patch(const std::string& pattern, BodyHandler handler) { add("PATCH", pattern, {}, with_body(std::move(handler))); }
void RouteTable::del(const std::string& pattern, httplib::Server::Handler handler) { add("DELETE", pattern, {}, std::move(handler)); }

void RouteTable::add(const char* method, const std::string& pattern, Params params, httplib::Server::Handler inner) {
  const std::string m = method;
  httplib::Server::Handler handler = [m, label = label_from(pattern), params = std::move(params), inner = std::move(inner)](
                                         const httplib::Request& req, httplib::Response& res) {
    check_params(req, m, label, params);
    inner(req, res);
  };
  if (m == "GET") http_.Get(pattern, std::move(handler));
  else if (m == "POST") http_.Post(pattern, std::move(handler));
  else if (m == "PATCH") http_.Patch(pattern, std::move(handler));
  else http_.Delete(pattern, std::move(handler));
  routes_.push_back({m, pattern, label_from(pattern), std::regex(pattern)});
  if (is_literal(pattern)) exact_[pattern].push_back(routes_.size() - 1);
}

std::vector<const RouteTable::Route*> RouteTable::matching(const std::string& path) const {
  std::vector<const Route*> out;
  if (auto found = exact_.find(path); found != exact_.end()) {
    for (std::size_t i : found->second) out.push_back(&routes_[i]);
    return out;  // a literal path is never also a pattern's capture (ids hold no '/')
  }
  for (const Route& r : routes_) {
    if (!is_literal(r.pattern) && std::regex_match(path, r.regex)) out.push_back(&r);
  }
  return out;
}

std::string RouteTable::label_of(const std::string& path) const {
  const auto routes = matching(path);
  if (!routes.empty()) return routes.front()->label;
  return path.rfind("/api/", 0) == 0 ? "/api/unknown" : "static";
}

std::string RouteTable::allowed_methods(const std::string& path) const {
  std::string allowed;
  for (const Route* r : matching(path)) {
    if (allowed.find(r->method) == std::string::npos) allowed += (allowed.empty() ? "" : ", ") + r->method;
  }
  return allowed;
}

}  // namespace km::server
