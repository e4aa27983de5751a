#pragma once
// RouteTable: every route of km-server in one table — method, path pattern (cpp-httplib's
// regular expressions) and the label /metrics counts it under — registered through it into the
// httplib::Server. From the same table: a known path asked with another method is a 405 with an
// `Allow` header, /metrics labels come from the routes themselves (they cannot drift), and a
// query parameter a route does not take is a 400 naming the ones it does (`filter_by=org:client`
// must not come back as an unfiltered answer). A POST or PATCH route's handler gets the body
// read_json_body read (server/json_body.h): one body policy for every route, applied before
// the handler runs.
//
// Routes are added before the server starts; the lookups are then read-only and thread-safe.
#include <httplib.h>

#include <functional>
#include <nlohmann/json.hpp>
#include <regex>
#include <string>
#include <unordered_map>
#include <vector>

namespace km::server {

class RouteTable {
 public:
  explicit RouteTable(httplib::Server& http) : http_(http) {}

  // The query parameters a route takes; none if not given.
  using Params = std::vector<std::string>;
  // The handler of a route that takes a body, with that body (a JSON object).
  using BodyHandler = std::function<void(const httplib::Request&, httplib::Response&, const nlohmann::json& body)>;

  void get(const std::string& pattern, Params params, httplib::Server::Handler handler);
  void get(const std::string& pattern, httplib::Server::Handler handler) { get(pattern, {}, std::move(handler)); }
  void post(const std::string& pattern, BodyHandler handler);
  void patch(const std::string& pattern, BodyHandler handler);
  void del(const std::string& pattern, httplib::Server::Handler handler);

  // The label of the route `path` belongs to, whatever the method: its pattern with each
  // capture group written ":id" ("/api/items/:id/similar"); "/api/unknown" for an API path no
  // route has; "static" for anything else (the page's files).
  std::string label_of(const std::string& path) const;
  // The methods the routes of `path` accept ("GET, POST"); empty when no route has it.
  std::string allowed_methods(const std::string& path) const;

 private:
  struct Route {
    std::string method, pattern, label;
    std::regex regex;
  };
  void add(const char* method, const std::string& pattern, Params params, httplib::Server::Handler handler);
  // The routes whose pattern matches `path`.
  std::vector<const Route*> matching(const std::string& path) const;

  httplib::Server& http_;
  std::vector<Route> routes_;
  std::unordered_map<std::string, std::vector<std::size_t>> exact_;  // literal patterns, by path
};

}  // namespace km::server
