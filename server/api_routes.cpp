#include "server/api_routes.h"

#include <atomic>
#include <chrono>
#include <limits>
#include <thread>

#include "core/error.h"
#include "core/signal_store.h"
#include "server/json_body.h"
#include "core/text.h"
#include "search/access.h"
#include "server/auth.h"
#include "server/json_response.h"
#include "search/search.h"
#include "server/search_params.h"
#include "server/list_page.h"

namespace km::server {
namespace {

using httplib::Request;
using httplib::Response;

// Raw scores stay inside the server: their BM25 statistics come from the whole index, so a
// score tells how many items (hidden ones included) hold a word — a contributor's own drafts
// scored 20.66, 18.45 or 17.53 for a word in 0, 1 or 2 hidden items. The order of results is
// what a person needs.
void without_scores(nlohmann::json& results) {
  for (auto& r : results) r.erase("score");
}


// Dates in the API's one convention, `created_at` and `updated_at` (README "API conventions"),
// beside the items' own `created` and `updated`, which stay for one release.
void with_at_names(nlohmann::json& item) {
  for (const char* name : {"created", "updated"}) {
    if (item.contains(name)) item[std::string(name) + "_at"] = item[name];
  }
}

nlohmann::json item_json(const core::Item& item) {
  nlohmann::json out = item.to_json();
  with_at_names(out);
  return out;
}

bool flag_param(const Request& req, const char* name) {
  const std::string v = req.get_param_value(name);
  return v == "1" || v == "true";
}

}  // namespace

void register_api_routes(RouteTable& routes, ApiContext& api) {
  routes.get("/api/me", [&api](const Request& req, Response& res) {
    send_json(res, authenticate(api.store, req).to_json());
  });

  routes.get("/api/search", kSearchParams, [&api](const Request& req, Response& res) {
    const auto started = std::chrono::steady_clock::now();
    core::User user = authenticate(api.store, req);
    search::SearchParams params = parse_search_params(req, api.config);
    const auto taxonomy = api.taxonomy.snapshot();
    // Counts and spelling on a second reader, in parallel with the ranking (search.h), while
    // there is a core to spare; when every core already has a search, on the same reader: the
    // second thread would only take turns with the others, and it costs a second parse.
    static std::atomic<unsigned> in_flight{0};
    static const unsigned cores = std::max(1u, std::thread::hardware_concurrency());  // a read of /sys a call
    struct Flight {
      std::atomic<unsigned>& n;
      const bool parallel;
      Flight(std::atomic<unsigned>& count, unsigned cores) : n(count), parallel(++count <= cores) {}
      ~Flight() { --n; }
    } flight(in_flight, cores);
    nlohmann::json body = flight.parallel
        ? api.readers.with_two_readers([&](Xapian::Database& db, Xapian::Database& counting) {
            return api.searches.search(db, user, params, *taxonomy.graph, taxonomy.version, &counting);
          })
        : api.readers.with_reader([&](Xapian::Database& db) {
            return api.searches.search(db, user, params, *taxonomy.graph, taxonomy.version, nullptr);
          });
    without_scores(body["results"]);
    for (auto& r : body["results"]) with_at_names(r);
    const auto total = body["total"].get<std::size_t>();
    body["total_pages"] = (total + static_cast<std::size_t>(params.per_page) - 1) / static_cast<std::size_t>(params.per_page);
    if (!params.q.empty()) {
      body["search_id"] = api.store.with_kept([&](SQLite::Database& db, core::StatementCache& kept) {
        return core::SignalStore(db, kept).log_search(user, params.q, total, params.page);
      });
    }
    body["took_ms"] = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count();
    send_json(res, body);
  });

  routes.get("/api/suggest", {"q", "limit"}, [&api](const Request& req, Response& res) {
    core::User user = authenticate(api.store, req);
    const std::string q = req.get_param_value("q");
    if (q.size() > api.config.max_query_length) throw core::InvalidInput("q is too long");
    int limit = int_param(req, "limit", 8, 1, 50);
    auto graph = api.taxonomy.current();
    auto past = api.store.with([&](SQLite::Database& db) { return core::SignalStore(db).past_queries(q, 20); });
    auto suggestions = api.readers.with_reader([&](Xapian::Database& db) { return search::suggest(db, user, q, limit, *graph, past); });
    send_json(res, {{"query", q}, {"suggestions", suggestions}});
  });

  routes.get(R"(/api/items/([^/]+)/similar)", {"limit"}, [&api](const Request& req, Response& res) {
    core::User user = authenticate(api.store, req);
    int limit = int_param(req, "limit", 5, 1, 50);
    const std::string id = req.matches[1];
    auto graph = api.taxonomy.current();
    auto results = api.readers.with_reader([&](Xapian::Database& db) { return search::similar(db, user, id, limit, *graph); });
    without_scores(results);
    for (auto& r : results) with_at_names(r);
    send_json(res, {{"id", id}, {"results", results}});
  });

  routes.get(R"(/api/items/([^/]+))", {"include_retired", "search_id"}, [&api](const Request& req, Response& res) {
    core::User user = authenticate(api.store, req);
    core::Item item = api.items.get(user, req.matches[1], flag_param(req, "include_retired"));
    std::optional<long long> search_id;
    if (req.has_param("search_id")) search_id = int_param(req, "search_id", 0, 0, std::numeric_limits<int>::max());
    api.store.with([&](SQLite::Database& db) {
      core::SignalStore(db).log_view(user, item.id, search_id);  // a view from a search is a click
      return 0;
    });
    nlohmann::json body = item_json(item);
    body["votes"] = api.store.with([&](SQLite::Database& db) {
      core::VoteCounts v = core::SignalStore(db).votes(item.id);
      return nlohmann::json{{"helpful", v.helpful}, {"not_helpful", v.not_helpful}};
    });
    send_json(res, body);
  });

  routes.get("/api/items", {"review", "page", "per_page"}, [&api](const Request& req, Response& res) {
    core::User user = authenticate(api.store, req);
    if (req.get_param_value("review") != "due") throw core::InvalidInput("use review=due (the review queue), or /api/search");
    nlohmann::json items = nlohmann::json::array();
    const ListPage page = list_page(req);
    for (const auto& item : api.items.review_due(user)) items.push_back(item_json(item));
    send_json(res, paged("items", items, page));
  });

  routes.post("/api/feedback", [&api](const Request& req, Response& res, const nlohmann::json& body) {
    core::User user = authenticate(api.store, req);
    if (!body.contains("item_id") || !body.contains("helpful") || !body["helpful"].is_boolean()) {
      throw core::InvalidInput(R"(send {"item_id": "...", "helpful": true|false, "query"?: "...", "comment"?: "..."})");
    }
    const std::string item_id = required_text(body, "item_id", 256);
    const std::string query = optional_text(body, "query"), comment = optional_text(body, "comment");
    const core::Item item = api.items.get(user, item_id, false);  // 404 if not visible
    core::VoteCounts votes = api.store.with([&](SQLite::Database& db) {
      return core::SignalStore(db).vote(user, item.id, body["helpful"].get<bool>(), query, comment);
    });
    api.items.index_pending();  // the vote counts in the ranking from the next search on
    send_json(res, {{"item_id", item.id}, {"helpful", body["helpful"]}, {"votes", {{"helpful", votes.helpful}, {"not_helpful", votes.not_helpful}}}});
  });

  routes.post("/api/items", [&api](const Request& req, Response& res, const nlohmann::json& body) {
    core::User user = authenticate(api.store, req);
    require(user, core::Role::contributor);
    send_json(res, item_json(api.items.create(user, body)), 201);
  });

  routes.patch(R"(/api/items/([^/]+))", [&api](const Request& req, Response& res, const nlohmann::json& body) {
    core::User user = authenticate(api.store, req);
    send_json(res, item_json(api.items.update(user, req.matches[1], body)));
  });

  routes.del(R"(/api/items/([^/]+))", [&api](const Request& req, Response& res) {
    core::User user = authenticate(api.store, req);
    send_json(res, item_json(api.items.retire(user, req.matches[1])));
  });
}

}  // namespace km::server
