#include "server/request_service.h"

#include <SQLiteCpp/Statement.h>
#include <SQLiteCpp/Transaction.h>

#include <algorithm>

#include <set>
#include <sstream>

#include "core/error.h"
#include "core/stopwords.h"
#include "core/text.h"
#include "core/user.h"
#include "search/search.h"
#include "taxonomy/query_expansion.h"
#include "taxonomy/routing.h"
#include "server/json_response.h"

namespace km::server {

struct RequestService::Row {
  long long id = 0;
  std::string requester, org, question, details, priority = "normal", status, resolution, community, claimed_by, due_at,
      answer_item, created_at;
  int escalation = 0;
  nlohmann::json concepts = nlohmann::json::array();
  int rating = 0;
};

namespace {

bool is_lead(const core::User& u) { return u.has_role(core::Role::km_lead); }

bool may_view(const core::User& u, const std::string& requester, const std::string& community) {
  return u.id == requester || is_lead(u) || (!community.empty() && u.in_community(community));
}

bool is_expert_of(const core::User& u, const std::string& community) {
  return !community.empty() && u.in_community(community) && u.has_role(core::Role::expert);
}

std::string text_field(const nlohmann::json& body, const char* name, bool required, std::size_t max = 10000) {
  if (!body.is_object()) throw core::InvalidInput("the body must be a JSON object");
  auto it = body.find(name);
  if (it == body.end() || it->is_null()) {
    if (required) throw core::InvalidInput(std::string(name) + " is required");
    return {};
  }
  if (!it->is_string()) throw core::InvalidInput(std::string(name) + " must be a string");
  std::string value = it->get<std::string>();
  if (required && value.find_first_not_of(" \t\r\n") == std::string::npos) throw core::InvalidInput(std::string(name) + " must not be empty");
  if (value.size() > max || !core::is_valid_utf8(value)) throw core::InvalidInput(std::string(name) + " is too long or not UTF-8");
  return value;
}

bool is_open(const std::string& status) { return status == "routed" || status == "unrouted" || status == "claimed" || status == "needs_info"; }

// Whether a request's service-level clock runs: open, and not waiting for the requester's
// details (the clock stops then, as service desks do, and the due time moves on when they come).
bool clock_runs(const std::string& status) { return is_open(status) && status != "needs_info"; }

template <typename Row>
core::Thresholds thresholds_of(const Row& r, const core::ServiceLevel& sl) {
  return thresholds(core::parse_utc(r.due_at), sl.hours_for(r.priority), sl.at_risk_share, sl.calendar_for(r.community, r.org));
}

template <typename Row>
bool is_overdue(const Row& r, std::time_t now) {
  return clock_runs(r.status) && !r.due_at.empty() && now > core::parse_utc(r.due_at);
}

template <typename Row>
bool is_at_risk(const Row& r, std::time_t now, const core::ServiceLevel& sl) {
  if (!clock_runs(r.status) || r.due_at.empty() || is_overdue(r, now)) return false;
  return now >= thresholds_of(r, sl).at_risk;
}

void require_state(bool ok, const std::string& what) {
  if (!ok) throw core::Conflict(what);
}

}  // namespace

RequestService::RequestService(SharedStore& store, ItemService& items, search::IndexReaders& readers, TaxonomyCache& taxonomy,
                               core::ServiceLevel service_level, std::function<std::time_t()> now,
                               std::function<void(const std::string&, const nlohmann::json&)> notify)
    : store_(store), items_(items), readers_(readers), taxonomy_(taxonomy), service_level_(service_level), now_(std::move(now)),
      notify_(std::move(notify)) {}

void RequestService::notify(const std::string& event, const core::User& viewer, long long id) {
  if (!notify_) return;
  nlohmann::json r = get(viewer, id);
  r.erase("events");
  notify_(event, r);
}

nlohmann::json RequestService::classify(const std::string& text) {
  auto graph = taxonomy_.current();
  std::map<std::string, double> confidence;
  for (const auto& span : taxonomy::expand_query(*graph, text)) {
    for (const auto& named : graph->concepts_with_key(taxonomy::label_key(span.text))) {
      if (graph->is_shared(named)) confidence[named] = 1.0;
      for (const taxonomy::Mapping* m : graph->approved_from(named)) confidence[m->target] = std::max(confidence[m->target], 0.9);
    }
  }
  std::vector<std::pair<std::string, double>> ranked(confidence.begin(), confidence.end());
  std::stable_sort(ranked.begin(), ranked.end(), [](const auto& a, const auto& b) { return a.second > b.second; });
  if (ranked.size() > 3) ranked.resize(3);
  nlohmann::json out = nlohmann::json::array();
  for (const auto& [id, c] : ranked) out.push_back({{"id", id}, {"label", graph->label(id)}, {"confidence", c}});
  return out;
}

nlohmann::json RequestService::create(const core::User& user, const nlohmann::json& body) {
  Row r;
  r.requester = user.id;
  r.org = user.org;
  r.question = text_field(body, "question", true, 1000);
  r.details = text_field(body, "details", false);
  r.priority = body.value("priority", "normal");
  const double hours = service_level_.hours_for(r.priority);
  auto graph = taxonomy_.current();
  if (body.contains("concepts")) {  // the requester's own correction of the classification
    if (!body["concepts"].is_array()) throw core::InvalidInput("concepts must be an array of shared concept ids");
    for (const auto& c : body["concepts"]) {
      if (!c.is_string() || !graph->is_shared(c.get<std::string>())) throw core::InvalidInput("concepts: each must be the id of a shared concept (GET /api/taxonomy lists them)");
      r.concepts.push_back({{"id", c}, {"label", graph->label(c.get<std::string>())}, {"confidence", 1.0}});
    }
  } else {
    r.concepts = classify(r.question + " " + r.details);
  }
  const auto routing = store_.with([](SQLite::Database& db) { return taxonomy::load_routing(db); });
  for (const auto& c : r.concepts) {
    std::vector<std::string> candidates = {c["id"].get<std::string>()};
    for (auto& a : graph->ancestors(candidates[0])) candidates.push_back(std::move(a));
    for (const auto& id : candidates) {
      if (auto it = routing.find(id); it != routing.end() && r.community.empty()) r.community = it->second;
    }
  }
  r.status = r.community.empty() ? "unrouted" : "routed";
  r.due_at = core::format_utc(service_level_.calendar_for(r.community, r.org).add(now_(), hours));
  r.created_at = core::format_utc(now_());
  save(r, user.id, "created", r.community.empty() ? "no routing rule: waiting for a km_lead" : "routed to " + r.community);
  if (!r.community.empty()) notify("routed", user, r.id);

  search::SearchParams p;
  p.q = taxonomy::plain_words(r.question);
  p.per_page = 5;
  nlohmann::json found = readers_.with_reader([&](Xapian::Database& db) { return search::search(db, user, p, *graph); });
  nlohmann::json suggestions = nlohmann::json::array();
  for (const auto& s : found["results"]) suggestions.push_back({{"id", s["id"]}, {"title", s["title"]}, {"snippet", s["snippet"]}});
  return {{"request", get(user, r.id)}, {"suggestions", suggestions}, {"similar_open_requests", similar_open(r)}};
}

// Open requests of others of the same organisation sharing the new one's main concept and half
// of its words. Another organisation's questions are not offered: an offer shows the question
// and lets the user follow it, and neither organisation learns what the other asks.
nlohmann::json RequestService::similar_open(const Row& row) {
  auto words = [](const std::string& text) {
    std::set<std::string> out;
    std::istringstream in(taxonomy::label_key(text));
    for (std::string w; in >> w;) {
      if (!core::is_stopword(w)) out.insert(w);
    }
    return out;
  };
  const auto mine = words(row.question);
  const std::string concept_id = row.concepts.empty() ? "" : row.concepts[0]["id"].get<std::string>();
  nlohmann::json out = nlohmann::json::array();
  store_.with([&](SQLite::Database& db) {
    SQLite::Statement q(db, "SELECT id, question, concepts FROM requests WHERE id != ? AND requester != ? "
                            "AND org = ? AND status IN ('routed', 'unrouted', 'claimed', 'needs_info')");
    q.bind(1, static_cast<int64_t>(row.id));
    q.bind(2, row.requester);
    q.bind(3, row.org);
    while (q.executeStep()) {
      auto concepts = nlohmann::json::parse(q.getColumn(2).getString());
      if (concept_id.empty() || concepts.empty() || concepts[0]["id"] != concept_id) continue;
      const auto theirs = words(q.getColumn(1).getString());
      std::size_t common = 0;
      for (const auto& w : mine) common += theirs.count(w);
      const std::size_t all = mine.size() + theirs.size() - common;
      if (all > 0 && common * 2 >= all) out.push_back({{"id", q.getColumn(0).getInt64()}, {"question", q.getColumn(1).getString()}});
    }
    SQLite::Statement offer(db, "INSERT OR IGNORE INTO request_offers(request_id, user_id) VALUES (?, ?)");
    for (const auto& o : out) {
      offer.bind(1, o["id"].get<int64_t>());
      offer.bind(2, row.requester);
      offer.exec();
      offer.reset();
    }
    return 0;
  });
  return out;
}

bool RequestService::follows(const std::string& user_id, long long id) {
  return store_.with([&](SQLite::Database& db) {
    SQLite::Statement q(db, "SELECT 1 FROM request_followers WHERE request_id = ? AND user_id = ?");
    q.bind(1, static_cast<int64_t>(id));
    q.bind(2, user_id);
    return q.executeStep();
  });
}

// Joining needs a reason to know the request: it was offered as similar to one of the user's
// own, or they may see it anyway. Any other id is a 404, like a missing one.
nlohmann::json RequestService::join(const core::User& user, long long id) {
  struct Found {
    std::string status, requester, community;
    bool offered;
  };
  auto found = store_.with([&](SQLite::Database& db) -> std::optional<Found> {
    SQLite::Statement q(db, "SELECT status, requester, community, EXISTS (SELECT 1 FROM request_offers o "
                            "WHERE o.request_id = requests.id AND o.user_id = ?2) FROM requests WHERE id = ?1");
    q.bind(1, static_cast<int64_t>(id));
    q.bind(2, user.id);
    if (!q.executeStep()) return std::nullopt;
    return Found{q.getColumn(0).getString(), q.getColumn(1).getString(), q.getColumn(2).getString(), q.getColumn(3).getInt() != 0};
  });
  if (!found || !(found->offered || may_view(user, found->requester, found->community) || follows(user.id, id))) {
    throw core::NotFound("no request " + std::to_string(id));
  }
  require_state(found->status != "resolved", "the request is already resolved");
  store_.with([&](SQLite::Database& db) {
    SQLite::Statement q(db, "INSERT OR IGNORE INTO request_followers(request_id, user_id) VALUES (?, ?)");
    q.bind(1, static_cast<int64_t>(id));
    q.bind(2, user.id);
    return q.exec();
  });
  return get(user, id);
}

namespace {

constexpr const char* kRowColumns =
    "SELECT id, requester, org, question, details, priority, concepts, status, resolution, community, claimed_by, due_at, "
    "COALESCE(rating, 0), answer_item, created_at, escalation FROM requests ";

// The ids as a JSON array, for "IN (SELECT value FROM json_each(?))": one statement for any number.
std::string id_array(const std::vector<long long>& ids) { return nlohmann::json(ids).dump(); }

}  // namespace

RequestService::Row RequestService::row_from(SQLite::Statement& q) {
  Row r;
  r.id = q.getColumn(0).getInt64();
  r.requester = q.getColumn(1).getString();
  r.org = q.getColumn(2).getString();
  r.question = q.getColumn(3).getString();
  r.details = q.getColumn(4).getString();
  r.priority = q.getColumn(5).getString();
  r.concepts = nlohmann::json::parse(q.getColumn(6).getString());
  r.status = q.getColumn(7).getString();
  r.resolution = q.getColumn(8).getString();
  r.community = q.getColumn(9).getString();
  r.claimed_by = q.getColumn(10).getString();
  r.due_at = q.getColumn(11).getString();
  r.rating = q.getColumn(12).getInt();
  r.answer_item = q.getColumn(13).getString();
  r.created_at = q.getColumn(14).getString();
  r.escalation = q.getColumn(15).getInt();
  return r;
}

RequestService::Row RequestService::load(const core::User& user, long long id) {
  auto row = store_.with([&](SQLite::Database& db) -> std::optional<Row> {
    SQLite::Statement q(db, std::string(kRowColumns) + "WHERE id = ?");
    q.bind(1, static_cast<int64_t>(id));
    if (!q.executeStep()) return std::nullopt;
    return row_from(q);
  });
  if (!row || !(may_view(user, row->requester, row->community) || follows(user.id, id))) {
    throw core::NotFound("no request " + std::to_string(id));
  }
  return *row;
}

void RequestService::save(Row& r, const std::string& actor, const std::string& event, const std::string& detail) {
  store_.with([&](SQLite::Database& db) {
    SQLite::Transaction tx(db, SQLite::TransactionBehavior::IMMEDIATE);
    SQLite::Statement q(db, r.id == 0
        ? "INSERT INTO requests(requester, org, question, details, priority, concepts, status, resolution, community, claimed_by, "
          "due_at, rating, answer_item, created_at, escalation) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, NULLIF(?12, 0), ?13, ?14, ?16)"
        : "UPDATE requests SET requester = ?1, org = ?2, question = ?3, details = ?4, priority = ?5, concepts = ?6, status = ?7, "
          "resolution = ?8, community = ?9, claimed_by = ?10, due_at = ?11, rating = NULLIF(?12, 0), answer_item = ?13, "
          "updated_at = ?14, escalation = ?16 WHERE id = ?15");
    for (const auto& [i, v] : std::vector<std::pair<int, std::string>>{
             {1, r.requester}, {2, r.org}, {3, r.question}, {4, r.details}, {5, r.priority}, {6, r.concepts.dump()}, {7, r.status},
             {8, r.resolution}, {9, r.community}, {10, r.claimed_by}, {11, r.due_at}, {13, r.answer_item}}) {
      q.bind(i, v);
    }
    q.bind(12, r.rating);
    q.bind(14, r.id == 0 ? r.created_at : core::format_utc(now_()));
    if (r.id != 0) q.bind(15, static_cast<int64_t>(r.id));
    q.bind(16, r.escalation);
    q.exec();
    const long long id = r.id == 0 ? db.getLastInsertRowid() : r.id;
    SQLite::Statement e(db, "INSERT INTO request_events(request_id, actor, event, detail, at) VALUES (?, ?, ?, ?, ?)");
    e.bind(1, static_cast<int64_t>(id));
    e.bind(2, actor);
    e.bind(3, event);
    e.bind(4, detail);
    e.bind(5, core::format_utc(now_()));
    e.exec();
    tx.commit();
    r.id = id;
    return 0;
  });
}

// Requests with their answers, followers and events: four statements however many there are.
namespace {

// An answer becomes an item of its visibility once accepted; on the request it is shown to the
// same people, and always to the requester whose question it answers.
bool may_read_answer(const core::User& viewer, const std::string& requester, const std::string& community,
                     const nlohmann::json& answer) {
  const std::string visibility = answer["visibility"];
  return viewer.id == requester || viewer.has_role(core::Role::admin) || visibility == "shared" ||
         (visibility == "org" && viewer.org == answer["org"]) || (visibility == "community" && viewer.in_community(community));
}

}  // namespace

nlohmann::json RequestService::to_json(const std::vector<Row>& rows, const core::User* viewer) {
  std::vector<long long> ids;
  for (const Row& r : rows) ids.push_back(r.id);
  struct Children {
    nlohmann::json answers = nlohmann::json::array(), followers = nlohmann::json::array(), events = nlohmann::json::array();
  };
  std::map<long long, Children> children;
  store_.with([&](SQLite::Database& db) {
    SQLite::Statement a(db, "SELECT request_id, id, author, org, text, items, visibility, at FROM request_answers "
                            "WHERE request_id IN (SELECT value FROM json_each(?)) ORDER BY request_id, id");
    a.bind(1, id_array(ids));
    while (a.executeStep()) {
      children[a.getColumn(0).getInt64()].answers.push_back(
          {{"id", a.getColumn(1).getInt64()}, {"author", a.getColumn(2).getString()}, {"org", a.getColumn(3).getString()},
           {"text", a.getColumn(4).getString()}, {"items", nlohmann::json::parse(a.getColumn(5).getString())},
           {"visibility", a.getColumn(6).getString()}, {"at", a.getColumn(7).getString()}});
    }
    SQLite::Statement f(db, "SELECT request_id, user_id FROM request_followers "
                            "WHERE request_id IN (SELECT value FROM json_each(?)) ORDER BY request_id, user_id");
    f.bind(1, id_array(ids));
    while (f.executeStep()) children[f.getColumn(0).getInt64()].followers.push_back(f.getColumn(1).getString());
    SQLite::Statement e(db, "SELECT request_id, at, actor, event, detail FROM request_events "
                            "WHERE request_id IN (SELECT value FROM json_each(?)) ORDER BY request_id, rowid");
    e.bind(1, id_array(ids));
    while (e.executeStep()) {
      children[e.getColumn(0).getInt64()].events.push_back({{"at", e.getColumn(1).getString()}, {"actor", e.getColumn(2).getString()},
                                                            {"event", e.getColumn(3).getString()}, {"detail", e.getColumn(4).getString()}});
    }
    return 0;
  });
  nlohmann::json out = nlohmann::json::array();
  const std::time_t now = now_();
  for (const Row& r : rows) {
    Children& c = children[r.id];
    if (viewer) {
      nlohmann::json readable = nlohmann::json::array();
      for (auto& a : c.answers) {
        if (may_read_answer(*viewer, r.requester, r.community, a)) readable.push_back(std::move(a));
      }
      c.answers = std::move(readable);
    }
    out.push_back({{"id", r.id},           {"requester", r.requester}, {"org", r.org},         {"question", r.question},
                   {"details", or_null(r.details)}, {"priority", r.priority},   {"concepts", r.concepts}, {"status", r.status},
                   {"resolution", or_null(r.resolution)}, {"community", or_null(r.community)},
                   {"claimed_by", or_null(r.claimed_by)}, {"due_at", or_null(r.due_at)},
                   {"overdue", is_overdue(r, now)}, {"at_risk", is_at_risk(r, now, service_level_)},
                   {"escalation", r.escalation},
                   {"rating", r.rating == 0 ? nlohmann::json() : nlohmann::json(r.rating)}, {"answer_item", or_null(r.answer_item)},
                   {"created_at", r.created_at}, {"followers", std::move(c.followers)}, {"answers", std::move(c.answers)},
                   {"events", std::move(c.events)}});
  }
  return out;
}

nlohmann::json RequestService::get(const core::User& user, long long id) { return to_json({load(user, id)}, &user)[0]; }

nlohmann::json RequestService::list(const core::User& user, ListScope scope, const std::string& status) {
  const std::time_t now = now_();
  auto rows = store_.with([&](SQLite::Database& db) {
    std::set<long long> followed;  // read here: with() must not be re-entered
    SQLite::Statement f(db, "SELECT request_id FROM request_followers WHERE user_id = ?");
    f.bind(1, user.id);
    while (f.executeStep()) followed.insert(f.getColumn(0).getInt64());
    SQLite::Statement q(db, std::string(kRowColumns) + "ORDER BY due_at, id");
    std::vector<Row> out;
    const bool computed = status == "at_risk" || status == "overdue";
    while (q.executeStep()) {
      Row r = row_from(q);
      // Only open requests can be at risk or overdue; other states are stored.
      if (computed ? !is_open(r.status) : !status.empty() && r.status != status) continue;
      if (status == "at_risk" && !is_at_risk(r, now, service_level_)) continue;
      if (status == "overdue" && !is_overdue(r, now)) continue;
      // The computed states and "unrouted" list every request the user may see; the rest, their own.
      const bool watching = (computed || status == "unrouted") && may_view(user, r.requester, r.community);
      const bool mine = scope == ListScope::expert_queue ? is_expert_of(user, r.community) && r.status != "resolved"
                              : r.requester == user.id || watching || followed.count(r.id) > 0;
      if (mine) out.push_back(std::move(r));
    }
    return out;
  });
  return to_json(rows, &user);
}

std::size_t RequestService::check_service_levels() {
  const std::time_t now = now_();
  auto ids = store_.with([&](SQLite::Database& db) {
    SQLite::Statement q(db, "SELECT id FROM requests WHERE status IN ('routed', 'unrouted', 'claimed', 'needs_info')");
    std::vector<long long> out;
    while (q.executeStep()) out.push_back(q.getColumn(0).getInt64());
    return out;
  });
  const core::User system{"system", "service-level check", "", {}, {core::Role::km_lead}};
  std::size_t changed = 0;
  for (long long id : ids) {
    Row r = load(system, id);
    if (r.due_at.empty() || !clock_runs(r.status)) continue;
    const core::Thresholds t = thresholds_of(r, service_level_);
    const int reached = now > t.km_lead ? 3 : now > t.due ? 2 : now >= t.at_risk ? 1 : 0;
    if (reached <= r.escalation) continue;
    // Every level on the way is reached in order, with its own event and alert, even when the
    // check comes late (the server was down over the thresholds).
    for (int level = r.escalation + 1; level <= reached; ++level) {
      std::string detail;
      if (level == 1) detail = (r.community.empty() ? std::string("km_leads") : r.community) + " alerted before the due time";
      if (level == 2) detail = "overdue: escalated to the leads of " + (r.community.empty() ? std::string("the km_leads (unrouted)") : r.community);
      if (level == 3) detail = "overdue twice over: escalated to the km_lead of " + (r.claimed_by.empty() ? std::string("both organisations") : "the answering org");
      r.escalation = level;
      save(r, "system", level == 1 ? "at_risk" : "escalated", detail);
      // The alert itself goes out through the webhooks: at risk to the community, overdue to its
      // leads, then escalated to the km_lead (the request says which community and level).
      notify(level == 1 ? "at_risk" : level == 2 ? "overdue" : "escalated", system, id);
    }
    ++changed;
  }
  return changed;
}

nlohmann::json RequestService::deflect(const core::User& user, long long id, const std::string& item_id) {
  Row r = load(user, id);
  if (r.requester != user.id) throw core::Forbidden("only the requester says which item answered the request");
  require_state(r.status != "resolved", "the request is already resolved");
  items_.get(user, item_id, false);  // must be an item the requester can see
  r.status = "resolved";
  r.resolution = "deflected";
  r.answer_item = item_id;
  save(r, user.id, "deflected", item_id);
  notify("resolved", user, id);
  return get(user, id);
}

nlohmann::json RequestService::route(const core::User& user, long long id, const std::string& community) {
  Row r = load(user, id);
  if (!is_lead(user)) throw core::Forbidden("only a km_lead routes requests by hand");
  require_state(r.status == "unrouted" || r.status == "routed",
                "only an unrouted or unclaimed request can be routed (it is " + r.status + ")");
  if (community.empty()) throw core::InvalidInput("community is required");
  const bool answerable = store_.with([&](SQLite::Database& db) {
    for (const core::User& u : core::UserStore(db).list()) {
      if (is_expert_of(u, community)) return true;
    }
    return false;
  });
  if (!answerable) throw core::InvalidInput("community '" + community + "' has no expert to answer the request");
  const std::string from = r.community;
  r.community = community;
  r.status = "routed";
  save(r, user.id, "routed", from.empty() ? "routed by hand to " + community : "re-routed from " + from + " to " + community);
  notify("routed", user, id);
  return get(user, id);
}

nlohmann::json RequestService::claim(const core::User& user, long long id) {
  Row r = load(user, id);
  if (!is_expert_of(user, r.community)) throw core::Forbidden("only experts of " + r.community + " claim its requests");
  require_state(r.status == "routed", "only a routed, unclaimed request can be claimed (it is " + r.status + ")");
  r.status = "claimed";
  r.claimed_by = user.id;
  save(r, user.id, "claimed", "");
  return get(user, id);
}

nlohmann::json RequestService::ask(const core::User& user, long long id, const std::string& text) {
  Row r = load(user, id);
  if (!is_expert_of(user, r.community)) throw core::Forbidden("only experts of " + r.community + " ask for details");
  require_state(r.status == "claimed", "ask for details on a claimed request (it is " + r.status + ")");
  if (text.empty()) throw core::InvalidInput("text is required");
  r.status = "needs_info";
  save(r, user.id, "asked", text);
  return get(user, id);
}

nlohmann::json RequestService::add_details(const core::User& user, long long id, const std::string& text) {
  Row r = load(user, id);
  if (r.requester != user.id) throw core::Forbidden("only the requester adds details");
  require_state(r.status != "resolved", "the request is resolved");
  if (text.empty()) throw core::InvalidInput("text is required");
  r.details += (r.details.empty() ? "" : "\n\n") + text;
  if (r.status == "needs_info") {
    // The service-level clock stopped while the request waited for these details: the due time
    // moves on by the working time it waited.
    const std::string asked_at = store_.with([&](SQLite::Database& db) {
      SQLite::Statement q(db, "SELECT at FROM request_events WHERE request_id = ? AND event = 'asked' ORDER BY rowid DESC LIMIT 1");
      q.bind(1, static_cast<int64_t>(id));
      return q.executeStep() ? q.getColumn(0).getString() : std::string();
    });
    if (!asked_at.empty() && !r.due_at.empty()) {
      const core::WorkingCalendar& calendar = service_level_.calendar_for(r.community, r.org);
      const std::time_t waited = calendar.working_seconds(core::parse_utc(asked_at), now_());
      r.due_at = core::format_utc(calendar.add(core::parse_utc(r.due_at), static_cast<double>(waited) / 3600));
    }
    r.status = "claimed";
  }
  save(r, user.id, "details", text);
  return get(user, id);
}

nlohmann::json RequestService::answer(const core::User& user, long long id, const nlohmann::json& body) {
  Row r = load(user, id);
  if (!is_expert_of(user, r.community)) throw core::Forbidden("only experts of " + r.community + " answer its requests");
  require_state(r.status == "claimed" || r.status == "routed" || r.status == "needs_info",
                "the request cannot take an answer now (it is " + r.status + ")");
  const std::string text = text_field(body, "text", true, core::kMaxTextLength);
  const std::string visibility = body.value("visibility", "shared");
  if (!core::parse_visibility(visibility)) throw core::InvalidInput("visibility must be org, community or shared");
  nlohmann::json linked = body.value("items", nlohmann::json::array());
  for (const auto& item : linked) items_.get(user, item.get<std::string>(), false);  // only items the expert can see
  store_.with([&](SQLite::Database& db) {
    SQLite::Statement q(db, "INSERT INTO request_answers(request_id, author, org, text, items, visibility, at) VALUES (?, ?, ?, ?, ?, ?, ?)");
    q.bind(1, static_cast<int64_t>(id));
    q.bind(2, user.id);
    q.bind(3, user.org);
    q.bind(4, text);
    q.bind(5, linked.dump());
    q.bind(6, visibility);
    q.bind(7, core::format_utc(now_()));
    return q.exec();
  });
  r.status = "answered";
  if (r.claimed_by.empty()) r.claimed_by = user.id;
  save(r, user.id, "answered", "");
  notify("answered", user, id);
  return get(user, id);
}

nlohmann::json RequestService::accept(const core::User& user, long long id, const nlohmann::json& body) {
  Row r = load(user, id);
  if (r.requester != user.id && !is_lead(user)) throw core::Forbidden("only the requester (or a km_lead) accepts an answer");
  require_state(r.status == "answered", "only an answered request can be accepted (it is " + r.status + ")");
  const int rating = body.is_object() ? body.value("rating", 0) : 0;
  if (rating < 1 || rating > 5) throw core::InvalidInput("rating must be an integer from 1 to 5");
  nlohmann::json last = to_json({r}, nullptr)[0]["answers"].back();
  core::Item item;
  item.id = "answer-" + std::to_string(id);
  item.org = last["org"];
  item.kind = core::Kind::answer;
  item.title = core::utf8_prefix(r.question, 300);
  item.summary = core::utf8_prefix(last["text"].get<std::string>(), 400);
  // The requester's details stay in the request (its viewers only): the answer item is
  // searchable by everyone its visibility admits.
  item.body = last["text"].get<std::string>() + "\n\nQuestion: " + r.question;
  item.community = r.community;
  for (const auto& c : r.concepts) item.concepts.push_back(c["id"]);
  item.visibility = *core::parse_visibility(last["visibility"].get<std::string>());
  item.status = core::Status::validated;
  item.author = last["author"];
  item.created = core::format_utc(now_()).substr(0, 10);
  items_.publish(item);
  r.status = "resolved";
  r.resolution = "accepted";
  r.rating = rating;
  r.answer_item = item.id;
  save(r, user.id, "accepted", "rating " + std::to_string(rating));
  notify("resolved", user, id);
  return get(user, id);
}

nlohmann::json RequestService::reopen(const core::User& user, long long id, const std::string& text) {
  Row r = load(user, id);
  if (r.requester != user.id) throw core::Forbidden("only the requester reopens a request");
  require_state(r.status == "answered", "only an answered request can be reopened (it is " + r.status + ")");
  r.status = "routed";
  r.claimed_by.clear();
  save(r, user.id, "reopened", text);
  return get(user, id);
}

}  // namespace km::server
