#include "server/request_routes.h"

#include <limits>
#include <map>

#include "core/error.h"
#include "core/request_state.h"
#include "server/json_body.h"
#include "server/auth.h"
#include "server/json_response.h"
#include "taxonomy/routing.h"
#include "server/list_page.h"
#include "core/text.h"

namespace km::server {
namespace {

using httplib::Request;
using httplib::Response;

long long request_id(const Request& http) {
  const std::string text = http.matches[1];
  const auto id = core::parse_integer(text, 0, std::numeric_limits<long long>::max());
  if (!id) throw core::NotFound("no such id: " + text);
  return *id;
}

}  // namespace

void register_request_routes(RouteTable& routes, SharedStore& store, RequestService& requests, Sampling& sampling) {
  routes.post("/api/sampling/samples", [&](const Request& http, Response& res, const nlohmann::json& body) {
    send_json(res, sampling.draw(authenticate(store, http), body), 201);
  });
  routes.get("/api/sampling/samples", {"page", "per_page"}, [&](const Request& http, Response& res) {
    const core::User user = authenticate(store, http);
    const ListPage page = list_page(http);
    send_json(res, paged("samples", sampling.list(user), page));
  });
  routes.get(R"(/api/sampling/samples/([^/]+))", [&](const Request& http, Response& res) {
    send_json(res, sampling.get(authenticate(store, http), request_id(http)));
  });
  routes.post(R"(/api/sampling/samples/([^/]+)/items/([^/]+))", [&](const Request& http, Response& res, const nlohmann::json& body) {
    send_json(res, sampling.decide(authenticate(store, http), request_id(http), http.matches[2], body));
  });
  // The communities requests can go to: every community a user belongs to or the routing table
  // names, with how many members and experts it has (a request needs an expert to be answered).
  routes.get("/api/communities", [&](const Request& http, Response& res) {
    authenticate(store, http);
    std::map<std::string, std::pair<int, int>> counts;  // id -> members, experts
    store.with([&](SQLite::Database& db) {
      for (const auto& [concept_id, community] : taxonomy::load_routing(db)) counts[community];
      for (const core::User& u : core::UserStore(db).list()) {
        for (const auto& c : u.communities) {
          ++counts[c].first;
          if (u.has_role(core::Role::expert)) ++counts[c].second;
        }
      }
      return 0;
    });
    nlohmann::json out = nlohmann::json::array();
    for (const auto& [id, n] : counts) out.push_back({{"id", id}, {"members", n.first}, {"experts", n.second}});
    send_json(res, {{"communities", out}});
  });
  routes.post(R"(/api/requests/([^/]+)/route)", [&](const Request& http, Response& res, const nlohmann::json& body) {
    send_json(res, requests.route(authenticate(store, http), request_id(http), required_text(body, "community")));
  });
  routes.post("/api/requests", [&](const Request& http, Response& res, const nlohmann::json& body) {
    send_json(res, requests.create(authenticate(store, http), body), 201);
  });
  routes.get("/api/requests", {"queue", "status", "overdue", "page", "per_page"}, [&](const Request& http, Response& res) {
    core::User user = authenticate(store, http);
    const std::string queue = http.get_param_value("queue");
    if (!queue.empty() && queue != "mine") throw core::InvalidInput("queue must be 'mine'");
    const std::string status = http.get_param_value("overdue") == "1" ? std::string(core::kRequestOverdue) : http.get_param_value("status");
    const ListPage page = list_page(http);
    send_json(res, paged("requests", requests.list(user, queue == "mine" ? RequestService::ListScope::expert_queue : RequestService::ListScope::own, status), page));
  });
  routes.get(R"(/api/requests/([^/]+))", [&](const Request& http, Response& res) {
    send_json(res, requests.get(authenticate(store, http), request_id(http)));
  });
  routes.post(R"(/api/requests/([^/]+)/deflect)", [&](const Request& http, Response& res, const nlohmann::json& body) {
    send_json(res, requests.deflect(authenticate(store, http), request_id(http), required_text(body, "item_id")));
  });
  routes.post(R"(/api/requests/([^/]+)/join)", [&](const Request& http, Response& res, const nlohmann::json&) {
    send_json(res, requests.join(authenticate(store, http), request_id(http)));
  });
  routes.post(R"(/api/requests/([^/]+)/claim)", [&](const Request& http, Response& res, const nlohmann::json&) {
    send_json(res, requests.claim(authenticate(store, http), request_id(http)));
  });
  routes.post(R"(/api/requests/([^/]+)/ask)", [&](const Request& http, Response& res, const nlohmann::json& body) {
    send_json(res, requests.ask(authenticate(store, http), request_id(http), optional_text(body, "text")));
  });
  routes.post(R"(/api/requests/([^/]+)/details)", [&](const Request& http, Response& res, const nlohmann::json& body) {
    send_json(res, requests.add_details(authenticate(store, http), request_id(http), optional_text(body, "text")));
  });
  routes.post(R"(/api/requests/([^/]+)/answers)", [&](const Request& http, Response& res, const nlohmann::json& body) {
    send_json(res, requests.answer(authenticate(store, http), request_id(http), body), 201);
  });
  routes.post(R"(/api/requests/([^/]+)/accept)", [&](const Request& http, Response& res, const nlohmann::json& body) {
    send_json(res, requests.accept(authenticate(store, http), request_id(http), body));
  });
  routes.post(R"(/api/requests/([^/]+)/reopen)", [&](const Request& http, Response& res, const nlohmann::json& body) {
    send_json(res, requests.reopen(authenticate(store, http), request_id(http), optional_text(body, "text")));
  });
}

}  // namespace km::server
