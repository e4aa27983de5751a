#include "server/request_routes.h"

#include <limits>
#include <map>

#include "core/error.h"
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

long long request_id(const Request& req) {
  const std::string text = req.matches[1];
  const auto id = core::parse_integer(text, 0, std::numeric_limits<long long>::max());
  if (!id) throw core::NotFound("no such id: " + text);
  return *id;
}

nlohmann::json body_of(const Request& req) { return read_json_body(req, EmptyBody::empty_object); }

std::string text_of(const Request& req) {
  nlohmann::json body = body_of(req);
  return body.is_object() && body.contains("text") && body["text"].is_string() ? body["text"].get<std::string>() : "";
}

}  // namespace

void register_request_routes(RouteTable& routes, SharedStore& store, RequestService& requests, Sampling& sampling) {
  routes.post("/api/sampling/samples", [&](const Request& req, Response& res) {
    send_json(res, sampling.draw(authenticate(store, req), body_of(req)), 201);
  });
  routes.get("/api/sampling/samples", {"page", "per_page"}, [&](const Request& req, Response& res) {
    const core::User user = authenticate(store, req);
    const ListPage page = list_page(req);
    send_json(res, paged("samples", sampling.list(user), page));
  });
  routes.get(R"(/api/sampling/samples/([^/]+))", [&](const Request& req, Response& res) {
    send_json(res, sampling.get(authenticate(store, req), request_id(req)));
  });
  routes.post(R"(/api/sampling/samples/([^/]+)/items/([^/]+))", [&](const Request& req, Response& res) {
    send_json(res, sampling.decide(authenticate(store, req), request_id(req), req.matches[2], body_of(req)));
  });
  // The communities requests can go to: every community a user belongs to or the routing table
  // names, with how many members and experts it has (a request needs an expert to be answered).
  routes.get("/api/communities", [&](const Request& req, Response& res) {
    authenticate(store, req);
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
  routes.post(R"(/api/requests/([^/]+)/route)", [&](const Request& req, Response& res) {
    nlohmann::json body = body_of(req);
    if (!body.is_object() || !body.contains("community") || !body["community"].is_string()) {
      throw core::InvalidInput("community is required");
    }
    send_json(res, requests.route(authenticate(store, req), request_id(req), body["community"]));
  });
  routes.post("/api/requests", [&](const Request& req, Response& res) {
    send_json(res, requests.create(authenticate(store, req), body_of(req)), 201);
  });
  routes.get("/api/requests", {"queue", "status", "overdue", "page", "per_page"}, [&](const Request& req, Response& res) {
    core::User user = authenticate(store, req);
    const std::string queue = req.get_param_value("queue");
    if (!queue.empty() && queue != "mine") throw core::InvalidInput("queue must be 'mine'");
    const std::string status = req.get_param_value("overdue") == "1" ? "overdue" : req.get_param_value("status");
    const ListPage page = list_page(req);
    send_json(res, paged("requests", requests.list(user, queue == "mine" ? RequestService::ListScope::expert_queue : RequestService::ListScope::own, status), page));
  });
  routes.get(R"(/api/requests/([^/]+))", [&](const Request& req, Response& res) {
    send_json(res, requests.get(authenticate(store, req), request_id(req)));
  });
  routes.post(R"(/api/requests/([^/]+)/deflect)", [&](const Request& req, Response& res) {
    nlohmann::json body = body_of(req);
    if (!body.is_object() || !body.contains("item_id") || !body["item_id"].is_string()) throw core::InvalidInput("item_id is required");
    send_json(res, requests.deflect(authenticate(store, req), request_id(req), body["item_id"]));
  });
  routes.post(R"(/api/requests/([^/]+)/join)", [&](const Request& req, Response& res) {
    send_json(res, requests.join(authenticate(store, req), request_id(req)));
  });
  routes.post(R"(/api/requests/([^/]+)/claim)", [&](const Request& req, Response& res) {
    send_json(res, requests.claim(authenticate(store, req), request_id(req)));
  });
  routes.post(R"(/api/requests/([^/]+)/ask)", [&](const Request& req, Response& res) {
    send_json(res, requests.ask(authenticate(store, req), request_id(req), text_of(req)));
  });
  routes.post(R"(/api/requests/([^/]+)/details)", [&](const Request& req, Response& res) {
    send_json(res, requests.add_details(authenticate(store, req), request_id(req), text_of(req)));
  });
  routes.post(R"(/api/requests/([^/]+)/answers)", [&](const Request& req, Response& res) {
    send_json(res, requests.answer(authenticate(store, req), request_id(req), body_of(req)), 201);
  });
  routes.post(R"(/api/requests/([^/]+)/accept)", [&](const Request& req, Response& res) {
    send_json(res, requests.accept(authenticate(store, req), request_id(req), body_of(req)));
  });
  routes.post(R"(/api/requests/([^/]+)/reopen)", [&](const Request& req, Response& res) {
    send_json(res, requests.reopen(authenticate(store, req), request_id(req), text_of(req)));
  });
}

}  // namespace km::server
