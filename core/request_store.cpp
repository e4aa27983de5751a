#include "core/request_store.h"

#include <SQLiteCpp/Statement.h>
#include <SQLiteCpp/Transaction.h>

#include "core/error.h"

namespace km::core {
namespace {

constexpr const char* kColumns =
    "SELECT r.id, r.requester, r.org, r.question, r.details, r.priority, r.concepts, r.status, r.resolution, r.community, "
    "r.claimed_by, r.due_at, COALESCE(r.rating, 0), r.answer_item, r.created_at, r.escalation";
constexpr int kColumnCount = 16;

// A state or resolution not in the tables is a corrupt row, not bad input: say which.
template <typename Enum>
Enum stored(std::optional<Enum> value, const std::string& text, long long id) {
  if (!value) throw Error("corrupt_request", "request " + std::to_string(id) + " has an unknown state '" + text + "'");
  return *value;
}

RequestRecord record_from(SQLite::Statement& q) {
  RequestRecord r;
  r.id = q.getColumn(0).getInt64();
  r.requester = q.getColumn(1).getString();
  r.org = q.getColumn(2).getString();
  r.question = q.getColumn(3).getString();
  r.details = q.getColumn(4).getString();
  r.priority = q.getColumn(5).getString();
  r.concepts = nlohmann::json::parse(q.getColumn(6).getString());
  const std::string status = q.getColumn(7).getString(), resolution = q.getColumn(8).getString();
  r.status = stored(parse_request_state(status), status, r.id);
  r.resolution = stored(parse_request_resolution(resolution), resolution, r.id);
  r.community = q.getColumn(9).getString();
  r.claimed_by = q.getColumn(10).getString();
  r.due_at = q.getColumn(11).getString();
  r.rating = q.getColumn(12).getInt();
  r.answer_item = q.getColumn(13).getString();
  r.created_at = q.getColumn(14).getString();
  r.escalation = q.getColumn(15).getInt();
  return r;
}

std::vector<RequestRecord> records(SQLite::Database& db, const std::string& tail) {
  SQLite::Statement q(db, std::string(kColumns) + " FROM requests r " + tail);
  std::vector<RequestRecord> out;
  while (q.executeStep()) out.push_back(record_from(q));
  return out;
}

std::optional<std::string> text_or_null(const SQLite::Column& c) {
  return c.isNull() ? std::nullopt : std::optional<std::string>(c.getString());
}

}  // namespace

std::optional<RequestRecord> RequestStore::find(long long id) {
  SQLite::Statement q(db_, std::string(kColumns) + " FROM requests r WHERE r.id = ?");
  q.bind(1, static_cast<int64_t>(id));
  if (!q.executeStep()) return std::nullopt;
  return record_from(q);
}

std::vector<RequestRecord> RequestStore::all_by_due() { return records(db_, "ORDER BY r.due_at, r.id"); }

std::vector<RequestRecord> RequestStore::open() {
  std::vector<RequestRecord> out;
  for (RequestRecord& r : records(db_, "ORDER BY r.id")) {
    if (is_open(r.status)) out.push_back(std::move(r));
  }
  return out;
}

void RequestStore::save(RequestRecord& r, const std::string& actor, std::string_view event, const std::string& detail,
                        const std::string& at) {
  SQLite::Transaction tx(db_, SQLite::TransactionBehavior::IMMEDIATE);
  SQLite::Statement q(db_, r.id == 0
      ? "INSERT INTO requests(requester, org, question, details, priority, concepts, status, resolution, community, claimed_by, "
        "due_at, rating, answer_item, created_at, escalation) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, NULLIF(?12, 0), ?13, ?14, ?16)"
      : "UPDATE requests SET requester = ?1, org = ?2, question = ?3, details = ?4, priority = ?5, concepts = ?6, status = ?7, "
        "resolution = ?8, community = ?9, claimed_by = ?10, due_at = ?11, rating = NULLIF(?12, 0), answer_item = ?13, "
        "updated_at = ?14, escalation = ?16 WHERE id = ?15");
  for (const auto& [i, v] : std::vector<std::pair<int, std::string>>{
           {1, r.requester}, {2, r.org}, {3, r.question}, {4, r.details}, {5, r.priority}, {6, r.concepts.dump()},
           {7, std::string(request_state_name(r.status))}, {8, std::string(request_resolution_name(r.resolution))},
           {9, r.community}, {10, r.claimed_by}, {11, r.due_at}, {13, r.answer_item}}) {
    q.bind(i, v);
  }
  q.bind(12, r.rating);
  q.bind(14, r.id == 0 ? r.created_at : at);
  if (r.id != 0) q.bind(15, static_cast<int64_t>(r.id));
  q.bind(16, r.escalation);
  q.exec();
  const long long id = r.id == 0 ? db_.getLastInsertRowid() : r.id;
  SQLite::Statement e(db_, "INSERT INTO request_events(request_id, actor, event, detail, at) VALUES (?, ?, ?, ?, ?)");
  e.bind(1, static_cast<int64_t>(id));
  e.bind(2, actor);
  e.bind(3, std::string(event));
  e.bind(4, detail);
  e.bind(5, at);
  e.exec();
  tx.commit();
  r.id = id;
}

std::map<long long, std::vector<RequestEvent>> RequestStore::events_of(const std::vector<long long>& ids) {
  std::map<long long, std::vector<RequestEvent>> out;
  SQLite::Statement e(db_, "SELECT request_id, at, actor, event, detail FROM request_events "
                           "WHERE request_id IN (SELECT value FROM json_each(?)) ORDER BY request_id, rowid");
  e.bind(1, nlohmann::json(ids).dump());
  while (e.executeStep()) {
    out[e.getColumn(0).getInt64()].push_back(
        {e.getColumn(1).getString(), e.getColumn(2).getString(), e.getColumn(3).getString(), e.getColumn(4).getString()});
  }
  return out;
}

std::optional<std::string> RequestStore::last_event_at(long long id, std::string_view event) {
  SQLite::Statement q(db_, "SELECT at FROM request_events WHERE request_id = ? AND event = ? ORDER BY rowid DESC LIMIT 1");
  q.bind(1, static_cast<int64_t>(id));
  q.bind(2, std::string(event));
  if (!q.executeStep()) return std::nullopt;
  return q.getColumn(0).getString();
}

void RequestStore::add_answer(long long request_id, RequestAnswer& a) {
  SQLite::Statement q(db_, "INSERT INTO request_answers(request_id, author, org, text, items, visibility, at) VALUES (?, ?, ?, ?, ?, ?, ?)");
  q.bind(1, static_cast<int64_t>(request_id));
  q.bind(2, a.author);
  q.bind(3, a.org);
  q.bind(4, a.text);
  q.bind(5, a.items.dump());
  q.bind(6, a.visibility);
  q.bind(7, a.at);
  q.exec();
  a.id = db_.getLastInsertRowid();
}

std::map<long long, std::vector<RequestAnswer>> RequestStore::answers_of(const std::vector<long long>& ids) {
  std::map<long long, std::vector<RequestAnswer>> out;
  SQLite::Statement a(db_, "SELECT request_id, id, author, org, text, items, visibility, at FROM request_answers "
                           "WHERE request_id IN (SELECT value FROM json_each(?)) ORDER BY request_id, id");
  a.bind(1, nlohmann::json(ids).dump());
  while (a.executeStep()) {
    out[a.getColumn(0).getInt64()].push_back({a.getColumn(1).getInt64(), a.getColumn(2).getString(), a.getColumn(3).getString(),
                                              a.getColumn(4).getString(), nlohmann::json::parse(a.getColumn(5).getString()),
                                              a.getColumn(6).getString(), a.getColumn(7).getString()});
  }
  return out;
}

void RequestStore::add_follower(long long request_id, const std::string& user_id) {
  SQLite::Statement q(db_, "INSERT OR IGNORE INTO request_followers(request_id, user_id) VALUES (?, ?)");
  q.bind(1, static_cast<int64_t>(request_id));
  q.bind(2, user_id);
  q.exec();
}

bool RequestStore::follows(long long request_id, const std::string& user_id) {
  SQLite::Statement q(db_, "SELECT 1 FROM request_followers WHERE request_id = ? AND user_id = ?");
  q.bind(1, static_cast<int64_t>(request_id));
  q.bind(2, user_id);
  return q.executeStep();
}

std::set<long long> RequestStore::followed_by(const std::string& user_id) {
  SQLite::Statement q(db_, "SELECT request_id FROM request_followers WHERE user_id = ?");
  q.bind(1, user_id);
  std::set<long long> out;
  while (q.executeStep()) out.insert(q.getColumn(0).getInt64());
  return out;
}

std::map<long long, std::vector<std::string>> RequestStore::followers_of(const std::vector<long long>& ids) {
  SQLite::Statement f(db_, "SELECT request_id, user_id FROM request_followers "
                           "WHERE request_id IN (SELECT value FROM json_each(?)) ORDER BY request_id, user_id");
  f.bind(1, nlohmann::json(ids).dump());
  std::map<long long, std::vector<std::string>> out;
  while (f.executeStep()) out[f.getColumn(0).getInt64()].push_back(f.getColumn(1).getString());
  return out;
}

void RequestStore::add_offer(long long request_id, const std::string& user_id) {
  SQLite::Statement q(db_, "INSERT OR IGNORE INTO request_offers(request_id, user_id) VALUES (?, ?)");
  q.bind(1, static_cast<int64_t>(request_id));
  q.bind(2, user_id);
  q.exec();
}

bool RequestStore::offered(long long request_id, const std::string& user_id) {
  SQLite::Statement q(db_, "SELECT 1 FROM request_offers WHERE request_id = ? AND user_id = ?");
  q.bind(1, static_cast<int64_t>(request_id));
  q.bind(2, user_id);
  return q.executeStep();
}

// A request counts as answered by its final answer (the last one); its first response is the
// first claim, question to the requester or answer.
std::vector<RequestReportRow> RequestStore::report_rows() {
  SQLite::Statement q(db_, std::string(kColumns) + R"sql(,
           (SELECT MAX(at) FROM request_events e WHERE e.request_id = r.id AND e.event = ?1),
           EXISTS (SELECT 1 FROM request_events e WHERE e.request_id = r.id AND e.event = ?2),
           (SELECT MIN(at) FROM request_events e WHERE e.request_id = r.id AND e.event IN (?3, ?4, ?1)),
           (SELECT a.org FROM request_answers a WHERE a.request_id = r.id ORDER BY a.id DESC LIMIT 1)
    FROM requests r ORDER BY r.id)sql");
  q.bind(1, std::string(request_event_name(RequestAction::answer)));
  q.bind(2, std::string(request_event_name(RequestAction::reopen)));
  q.bind(3, std::string(request_event_name(RequestAction::claim)));
  q.bind(4, std::string(request_event_name(RequestAction::ask)));
  std::vector<RequestReportRow> out;
  while (q.executeStep()) {
    RequestReportRow row{record_from(q), text_or_null(q.getColumn(kColumnCount)), q.getColumn(kColumnCount + 1).getInt() != 0,
                         text_or_null(q.getColumn(kColumnCount + 2)),
                         q.getColumn(kColumnCount + 3).isNull() ? std::string() : q.getColumn(kColumnCount + 3).getString()};
    out.push_back(std::move(row));
  }
  return out;
}

std::vector<std::array<std::string, 3>> RequestStore::askers() {
  SQLite::Statement q(db_, "SELECT org, requester, created_at FROM requests");
  std::vector<std::array<std::string, 3>> out;
  while (q.executeStep()) out.push_back({q.getColumn(0).getString(), q.getColumn(1).getString(), q.getColumn(2).getString()});
  return out;
}

std::vector<std::array<std::string, 3>> RequestStore::answerers() {
  SQLite::Statement q(db_, "SELECT org, author, at FROM request_answers");
  std::vector<std::array<std::string, 3>> out;
  while (q.executeStep()) out.push_back({q.getColumn(0).getString(), q.getColumn(1).getString(), q.getColumn(2).getString()});
  return out;
}

std::map<std::string, std::size_t> RequestStore::question_counts() {
  SQLite::Statement q(db_, "SELECT lower(question), COUNT(*) FROM requests GROUP BY 1");
  std::map<std::string, std::size_t> out;
  while (q.executeStep()) out[q.getColumn(0).getString()] = static_cast<std::size_t>(q.getColumn(1).getInt64());
  return out;
}

}  // namespace km::core
