#include "server/request_service.h"

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
#include "server/json_body.h"
#include "server/request_views.h"

namespace km::server {

namespace {

bool is_lead(const core::User& u) { return u.has_role(core::Role::km_lead); }

bool may_view(const core::User& u, const std::string& requester, const std::string& community) {
  return u.id == requester || is_lead(u) || (!community.empty() && u.in_community(community));
}

bool is_expert_of(const core::User& u, const std::string& community) {
  return !community.empty() && u.in_community(community) && u.has_role(core::Role::expert);
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
  core::RequestRecord r;
  r.requester = user.id;
  r.org = user.org;
  r.question = required_text(body, "question", 1000);
  r.details = optional_text(body, "details");
  r.priority = optional_text(body, "priority", 32);
  if (r.priority.empty()) r.priority = "normal";
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
  r.status = r.community.empty() ? core::RequestState::unrouted : core::RequestState::routed;
  r.due_at = core::format_utc(service_level_.calendar_for(r.community, r.org).add(now_(), hours));
  r.created_at = core::format_utc(now_());
  save(r, user.id, core::kRequestCreatedEvent, r.community.empty() ? "no routing rule: waiting for a km_lead" : "routed to " + r.community);
  if (!r.community.empty()) notify(std::string(core::request_state_name(r.status)), user, r.id);

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
nlohmann::json RequestService::similar_open(const core::RequestRecord& row) {
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
    for (const core::RequestRecord& other : core::RequestStore(db).open()) {
      if (other.id == row.id || other.requester == row.requester || other.org != row.org) continue;
      if (concept_id.empty() || other.concepts.empty() || other.concepts[0]["id"] != concept_id) continue;
      const auto theirs = words(other.question);
      std::size_t common = 0;
      for (const auto& w : mine) common += theirs.count(w);
      const std::size_t all = mine.size() + theirs.size() - common;
      if (all > 0 && common * 2 >= all) out.push_back({{"id", other.id}, {"question", other.question}});
    }
    core::RequestStore offers(db);
    for (const auto& o : out) offers.add_offer(o["id"].get<long long>(), row.requester);
    return 0;
  });
  return out;
}

bool RequestService::follows(const std::string& user_id, long long id) {
  return store_.with([&](SQLite::Database& db) { return core::RequestStore(db).follows(id, user_id); });
}

// Joining needs a reason to know the request: it was offered as similar to one of the user's
// own, or they may see it anyway. Any other id is a 404, like a missing one.
nlohmann::json RequestService::join(const core::User& user, long long id) {
  struct Found {
    core::RequestRecord request;
    bool offered;
  };
  auto found = store_.with([&](SQLite::Database& db) -> std::optional<Found> {
    core::RequestStore requests(db);
    auto request = requests.find(id);
    if (!request) return std::nullopt;
    return Found{std::move(*request), requests.offered(id, user.id)};
  });
  if (!found || !(found->offered || may_view(user, found->request.requester, found->request.community) || follows(user.id, id))) {
    throw core::NotFound("no request " + std::to_string(id));
  }
  core::request_transition(found->request.status, core::RequestAction::join);  // following changes no state, records no event
  store_.with([&](SQLite::Database& db) {
    core::RequestStore(db).add_follower(id, user.id);
    return 0;
  });
  return get(user, id);
}

core::RequestRecord RequestService::load(const core::User& user, long long id) {
  auto row = store_.with([&](SQLite::Database& db) { return core::RequestStore(db).find(id); });
  if (!row || !(may_view(user, row->requester, row->community) || follows(user.id, id))) {
    throw core::NotFound("no request " + std::to_string(id));
  }
  return *row;
}

void RequestService::record(core::RequestRecord& r, core::RequestState next, core::RequestAction action, const core::User& actor,
                            const std::string& detail) {
  r.status = next;
  save(r, actor.id, core::request_event_name(action), detail);
}

void RequestService::save(core::RequestRecord& r, const std::string& actor, std::string_view event, const std::string& detail) {
  const std::string at = core::format_utc(now_());
  store_.with([&](SQLite::Database& db) {
    core::RequestStore(db).save(r, actor, event, detail, at);
    return 0;
  });
}

nlohmann::json RequestService::view(const std::vector<core::RequestRecord>& rows, const core::User* viewer) {
  const std::time_t now = now_();
  return store_.with([&](SQLite::Database& db) { return requests_json(db, rows, viewer, now, service_level_); });
}

nlohmann::json RequestService::get(const core::User& user, long long id) { return view({load(user, id)}, &user)[0]; }

nlohmann::json RequestService::list(const core::User& user, ListScope scope, const std::string& status) {
  const std::time_t now = now_();
  const std::optional<core::RequestState> wanted = core::parse_request_state(status);
  const bool computed = status == core::kRequestAtRisk || status == core::kRequestOverdue;
  auto rows = store_.with([&](SQLite::Database& db) {
    core::RequestStore requests(db);
    const std::set<long long> followed = requests.followed_by(user.id);  // read here: with() must not be re-entered
    std::vector<core::RequestRecord> out;
    for (core::RequestRecord& r : requests.all_by_due()) {
      // Only open requests can be at risk or overdue; other states are stored.
      if (computed ? !core::is_open(r.status) : !status.empty() && r.status != wanted) continue;
      if (status == core::kRequestAtRisk && !is_at_risk(r, now, service_level_)) continue;
      if (status == core::kRequestOverdue && !is_overdue(r, now)) continue;
      // The computed states and "unrouted" list every request the user may see; the rest, their own.
      const bool watching = (computed || wanted == core::RequestState::unrouted) && may_view(user, r.requester, r.community);
      const bool mine = scope == ListScope::expert_queue ? is_expert_of(user, r.community) && r.status != core::RequestState::resolved
                              : r.requester == user.id || watching || followed.count(r.id) > 0;
      if (mine) out.push_back(std::move(r));
    }
    return out;
  });
  return view(rows, &user);
}

std::size_t RequestService::check_service_levels() {
  const std::time_t now = now_();
  auto open = store_.with([](SQLite::Database& db) { return core::RequestStore(db).open(); });
  const core::User system{"system", "service-level check", "", {}, {core::Role::km_lead}};
  std::size_t changed = 0;
  for (core::RequestRecord& r : open) {
    if (r.due_at.empty() || !core::clock_runs(r.status)) continue;
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
      save(r, "system", level == 1 ? core::kRequestAtRiskEvent : core::kRequestEscalatedEvent, detail);
      // The alert itself goes out through the webhooks: at risk to the community, overdue to its
      // leads, then escalated to the km_lead (the request says which community and level).
      notify(std::string(level == 1 ? core::kRequestAtRisk : level == 2 ? core::kRequestOverdue : core::kRequestEscalatedEvent), system, r.id);
    }
    ++changed;
  }
  return changed;
}

nlohmann::json RequestService::deflect(const core::User& user, long long id, const std::string& item_id) {
  core::RequestRecord r = load(user, id);
  if (r.requester != user.id) throw core::Forbidden("only the requester says which item answered the request");
  const core::RequestState next = core::request_transition(r.status, core::RequestAction::deflect);
  items_.get(user, item_id, false);  // must be an item the requester can see
  r.resolution = core::RequestResolution::deflected;
  r.answer_item = item_id;
  record(r, next, core::RequestAction::deflect, user, item_id);
  notify(std::string(core::request_state_name(next)), user, id);
  return get(user, id);
}

nlohmann::json RequestService::route(const core::User& user, long long id, const std::string& community) {
  core::RequestRecord r = load(user, id);
  if (!is_lead(user)) throw core::Forbidden("only a km_lead routes requests by hand");
  const core::RequestState next = core::request_transition(r.status, core::RequestAction::route);
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
  record(r, next, core::RequestAction::route, user,
         from.empty() ? "routed by hand to " + community : "re-routed from " + from + " to " + community);
  notify(std::string(core::request_state_name(next)), user, id);
  return get(user, id);
}

nlohmann::json RequestService::claim(const core::User& user, long long id) {
  core::RequestRecord r = load(user, id);
  if (!is_expert_of(user, r.community)) throw core::Forbidden("only experts of " + r.community + " claim its requests");
  const core::RequestState next = core::request_transition(r.status, core::RequestAction::claim);
  r.claimed_by = user.id;
  record(r, next, core::RequestAction::claim, user, "");
  return get(user, id);
}

nlohmann::json RequestService::ask(const core::User& user, long long id, const std::string& text) {
  core::RequestRecord r = load(user, id);
  if (!is_expert_of(user, r.community)) throw core::Forbidden("only experts of " + r.community + " ask for details");
  const core::RequestState next = core::request_transition(r.status, core::RequestAction::ask);
  if (text.empty()) throw core::InvalidInput("text is required");
  record(r, next, core::RequestAction::ask, user, text);
  return get(user, id);
}

nlohmann::json RequestService::add_details(const core::User& user, long long id, const std::string& text) {
  core::RequestRecord r = load(user, id);
  if (r.requester != user.id) throw core::Forbidden("only the requester adds details");
  const core::RequestState next = core::request_transition(r.status, core::RequestAction::details);
  if (text.empty()) throw core::InvalidInput("text is required");
  r.details += (r.details.empty() ? "" : "\n\n") + text;
  if (r.status == core::RequestState::needs_info) {
    // The service-level clock stopped while the request waited for these details: the due time
    // moves on by the working time it waited.
    const auto asked_at = store_.with([&](SQLite::Database& db) {
      return core::RequestStore(db).last_event_at(id, core::request_event_name(core::RequestAction::ask));
    });
    if (asked_at && !r.due_at.empty()) {
      const core::WorkingCalendar& calendar = service_level_.calendar_for(r.community, r.org);
      const std::time_t waited = calendar.working_seconds(core::parse_utc(*asked_at), now_());
      r.due_at = core::format_utc(calendar.add(core::parse_utc(r.due_at), static_cast<double>(waited) / 3600));
    }
  }
  record(r, next, core::RequestAction::details, user, text);
  return get(user, id);
}

nlohmann::json RequestService::answer(const core::User& user, long long id, const nlohmann::json& body) {
  core::RequestRecord r = load(user, id);
  if (!is_expert_of(user, r.community)) throw core::Forbidden("only experts of " + r.community + " answer its requests");
  const core::RequestState next = core::request_transition(r.status, core::RequestAction::answer);
  const std::string text = required_text(body, "text", core::kMaxTextLength);
  std::string visibility = optional_text(body, "visibility", 32);
  if (visibility.empty()) visibility = "shared";
  if (!core::parse_visibility(visibility)) throw core::InvalidInput("visibility must be org, community or shared");
  nlohmann::json linked = body.contains("items") && !body["items"].is_null() ? body["items"] : nlohmann::json::array();
  if (!linked.is_array() || !std::all_of(linked.begin(), linked.end(), [](const nlohmann::json& i) { return i.is_string(); })) {
    throw core::InvalidInput("items must be an array of item ids");
  }
  for (const auto& item : linked) items_.get(user, item.get<std::string>(), false);  // only items the expert can see
  core::RequestAnswer written{0, user.id, user.org, text, linked, visibility, core::format_utc(now_())};
  store_.with([&](SQLite::Database& db) {
    core::RequestStore(db).add_answer(id, written);
    return 0;
  });
  if (r.claimed_by.empty()) r.claimed_by = user.id;
  record(r, next, core::RequestAction::answer, user, "");
  notify(std::string(core::request_state_name(next)), user, id);
  return get(user, id);
}

nlohmann::json RequestService::accept(const core::User& user, long long id, const nlohmann::json& body) {
  core::RequestRecord r = load(user, id);
  if (r.requester != user.id && !is_lead(user)) throw core::Forbidden("only the requester (or a km_lead) accepts an answer");
  const core::RequestState next = core::request_transition(r.status, core::RequestAction::accept);
  const int rating = static_cast<int>(required_integer(body, "rating", 1, 5));
  nlohmann::json last = view({r}, nullptr)[0]["answers"].back();
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
  r.resolution = core::RequestResolution::accepted;
  r.rating = rating;
  r.answer_item = item.id;
  record(r, next, core::RequestAction::accept, user, "rating " + std::to_string(rating));
  notify(std::string(core::request_state_name(next)), user, id);
  return get(user, id);
}

nlohmann::json RequestService::reopen(const core::User& user, long long id, const std::string& text) {
  core::RequestRecord r = load(user, id);
  if (r.requester != user.id) throw core::Forbidden("only the requester reopens a request");
  const core::RequestState next = core::request_transition(r.status, core::RequestAction::reopen);
  r.claimed_by.clear();
  record(r, next, core::RequestAction::reopen, user, text);
  return get(user, id);
}

}  // namespace km::server
