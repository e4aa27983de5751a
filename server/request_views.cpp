#include "server/request_views.h"

#include <map>

#include "server/json_response.h"

namespace km::server {
namespace {

// An answer becomes an item of its visibility once accepted; on the request it is shown to the
// same people, and always to the requester whose question it answers.
bool may_read_answer(const core::User& viewer, const std::string& requester, const std::string& community,
                     const nlohmann::json& answer) {
  const std::string visibility = answer["visibility"];
  return viewer.id == requester || viewer.has_role(core::Role::admin) || visibility == "shared" ||
         (visibility == "org" && viewer.org == answer["org"]) || (visibility == "community" && viewer.in_community(community));
}

struct Children {
  nlohmann::json answers = nlohmann::json::array(), followers = nlohmann::json::array(), events = nlohmann::json::array();
};

std::map<long long, Children> children_of(SQLite::Database& db, const std::vector<long long>& ids) {
  std::map<long long, Children> children;
  core::RequestStore requests(db);
  for (const auto& [id, answers] : requests.answers_of(ids)) {
    for (const core::RequestAnswer& a : answers) {
      children[id].answers.push_back({{"id", a.id}, {"author", a.author}, {"org", a.org}, {"text", a.text}, {"items", a.items},
                                      {"visibility", a.visibility}, {"at", a.at}});
    }
  }
  for (const auto& [id, followers] : requests.followers_of(ids)) children[id].followers = followers;
  for (const auto& [id, events] : requests.events_of(ids)) {
    for (const core::RequestEvent& e : events) {
      children[id].events.push_back({{"at", e.at}, {"actor", e.actor}, {"event", e.event}, {"detail", e.detail}});
    }
  }
  return children;
}

nlohmann::json next_actions(core::RequestState state) {
  nlohmann::json out = nlohmann::json::array();
  for (core::RequestAction a : core::request_actions_from(state)) out.push_back(core::request_action_name(a));
  return out;
}

}  // namespace

core::Thresholds thresholds_of(const core::RequestRecord& r, const core::ServiceLevel& sl) {
  return thresholds(core::parse_utc(r.due_at), sl.hours_for(r.priority), sl.at_risk_share, sl.calendar_for(r.community, r.org));
}

bool is_overdue(const core::RequestRecord& r, std::time_t now) {
  return core::clock_runs(r.status) && !r.due_at.empty() && now > core::parse_utc(r.due_at);
}

bool is_at_risk(const core::RequestRecord& r, std::time_t now, const core::ServiceLevel& sl) {
  if (!core::clock_runs(r.status) || r.due_at.empty() || is_overdue(r, now)) return false;
  return now >= thresholds_of(r, sl).at_risk;
}

nlohmann::json requests_json(SQLite::Database& db, const std::vector<core::RequestRecord>& rows, const core::User* viewer,
                             std::time_t now, const core::ServiceLevel& sl) {
  std::vector<long long> ids;
  for (const core::RequestRecord& r : rows) ids.push_back(r.id);
  std::map<long long, Children> children = children_of(db, ids);
  nlohmann::json out = nlohmann::json::array();
  for (const core::RequestRecord& r : rows) {
    Children& c = children[r.id];
    if (viewer) {
      nlohmann::json readable = nlohmann::json::array();
      for (auto& a : c.answers) {
        if (may_read_answer(*viewer, r.requester, r.community, a)) readable.push_back(std::move(a));
      }
      c.answers = std::move(readable);
    }
    out.push_back({{"id", r.id},           {"requester", r.requester}, {"org", r.org},         {"question", r.question},
                   {"details", or_null(r.details)}, {"priority", r.priority},   {"concepts", r.concepts},
                   {"status", core::request_state_name(r.status)},
                   {"resolution", or_null(std::string(core::request_resolution_name(r.resolution)))},
                   {"community", or_null(r.community)},
                   {"claimed_by", or_null(r.claimed_by)}, {"due_at", or_null(r.due_at)},
                   {"overdue", is_overdue(r, now)}, {"at_risk", is_at_risk(r, now, sl)},
                   {"escalation", r.escalation},
                   {"rating", r.rating == 0 ? nlohmann::json() : nlohmann::json(r.rating)}, {"answer_item", or_null(r.answer_item)},
                   {"created_at", r.created_at}, {"followers", std::move(c.followers)}, {"answers", std::move(c.answers)},
                   {"events", std::move(c.events)}, {"next_actions", next_actions(r.status)},
                   {"waits_for_details", core::waits_for_details(r.status)}});
  }
  return out;
}

}  // namespace km::server
