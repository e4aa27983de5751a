#pragma once
// The owner of the knowledge requests' tables (`requests`, `request_events`, `request_answers`,
// `request_followers`, `request_offers`): the only code that writes them. A request and the
// event that changed it are saved in one transaction, so its history never misses a step. The
// KM report and the alignment report read them through the named queries at the end.
// Not thread-safe: it works on the caller's connection (server code holds the SharedStore lock).
// Throws SQLite::Exception on database errors.
#include <SQLiteCpp/Database.h>

#include <array>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "core/request_state.h"

namespace km::core {

// One row of `requests`. Empty strings stand for absent values (NULL in the API).
struct RequestRecord {
  long long id = 0;  // 0 until saved
  std::string requester, org, question, details, priority = "normal";
  RequestState status = RequestState::unrouted;
  RequestResolution resolution = RequestResolution::none;
  std::string community, claimed_by, due_at, answer_item, created_at;
  int escalation = 0;  // 0-3: at risk, overdue, escalated to the km_lead
  nlohmann::json concepts = nlohmann::json::array();  // [{id, label, confidence}]
  int rating = 0;                                      // 0: not rated
};

// One line of a request's history.
struct RequestEvent {
  std::string at, actor, event, detail;
};

// One answer to a request, as an expert wrote it.
struct RequestAnswer {
  long long id = 0;  // set by add_answer
  std::string author, org, text;
  nlohmann::json items = nlohmann::json::array();  // linked item ids
  std::string visibility, at;                      // who may read it once accepted: org | community | shared
};

// What the KM report needs of one request (core/km_report_requests.cpp).
struct RequestReportRow {
  RequestRecord request;
  std::optional<std::string> answered_at;        // the last answer's time
  bool reopened = false;                         // ever reopened
  std::optional<std::string> first_response_at;  // first claim, question or answer
  std::string answering_org;                     // the last answer's org, "" when none
};

class RequestStore {
 public:
  explicit RequestStore(SQLite::Database& db) : db_(db) {}

  std::optional<RequestRecord> find(long long id);
  // Every request, due first (then by id).
  std::vector<RequestRecord> all_by_due();
  // The open requests (core::is_open), by id.
  std::vector<RequestRecord> open();
  // Inserts (id 0: sets r.id) or updates the request and appends its event at `at`, in one
  // transaction. An insert keeps r.created_at; an update sets updated_at to `at`.
  void save(RequestRecord& r, const std::string& actor, std::string_view event, const std::string& detail, const std::string& at);
  // The history of each request, oldest first: one statement for any number of ids.
  std::map<long long, std::vector<RequestEvent>> events_of(const std::vector<long long>& ids);
  // When the request last recorded `event`.
  std::optional<std::string> last_event_at(long long id, std::string_view event);

  void add_answer(long long request_id, RequestAnswer& answer);
  // The answers of each request, oldest first.
  std::map<long long, std::vector<RequestAnswer>> answers_of(const std::vector<long long>& ids);

  // Followers: users who joined a request they did not ask (adding one twice is a no-op).
  void add_follower(long long request_id, const std::string& user_id);
  bool follows(long long request_id, const std::string& user_id);
  std::set<long long> followed_by(const std::string& user_id);
  std::map<long long, std::vector<std::string>> followers_of(const std::vector<long long>& ids);

  // Offers: open requests shown to a new requester as similar, the only ones they may join.
  void add_offer(long long request_id, const std::string& user_id);
  bool offered(long long request_id, const std::string& user_id);

  // Every request with its answer times, by id.
  std::vector<RequestReportRow> report_rows();
  // {org, requester, created_at} of every request: who asked, for the participation figures.
  std::vector<std::array<std::string, 3>> askers();
  // How often each question was asked, lower-cased (SQLite's ASCII lower()), for the demand
  // that taxonomy/usage.cpp weighs.
  std::map<std::string, std::size_t> question_counts();
  // {org, author, at} of every answer: who answered, for the participation figures.
  std::vector<std::array<std::string, 3>> answerers();

 private:
  SQLite::Database& db_;
};

}  // namespace km::core
