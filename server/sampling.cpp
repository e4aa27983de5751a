#include "server/sampling.h"

#include <SQLiteCpp/Statement.h>
#include <SQLiteCpp/Transaction.h>

#include <algorithm>
#include <random>

#include "core/error.h"
#include "core/item_store.h"
#include "core/text.h"
#include "search/access.h"
#include "server/json_response.h"

namespace km::server {
namespace {

std::string date_field(const nlohmann::json& body, const char* name) {
  const std::string value = body.is_object() ? body.value(name, "") : "";
  if (value.size() != 10 || !core::parse_iso8601(value)) throw core::InvalidInput(std::string(name) + " must be a date (YYYY-MM-DD)");
  return value;
}

}  // namespace

// The km_lead reviews the sample, or names a subject-matter expert of their own organisation.
core::User Sampling::named_reviewer(const core::User& lead, const nlohmann::json& body) {
  if (!body.contains("reviewer")) return lead;
  if (!body["reviewer"].is_string()) throw core::InvalidInput("reviewer must be a user id");
  const std::string id = body["reviewer"];
  auto user = store_.with([&](SQLite::Database& db) { return core::UserStore(db).get(id); });
  if (!user || user->org != lead.org || !(user->has_role(core::Role::expert) || user->has_role(core::Role::km_lead))) {
    throw core::InvalidInput("reviewer must be an expert or km_lead of " + lead.org + " ('" + id + "' is not)");
  }
  return *user;
}

nlohmann::json Sampling::draw(const core::User& lead, const nlohmann::json& body) {
  if (!lead.has_role(core::Role::km_lead)) throw core::Forbidden("sampling is the km_lead's job");
  const std::string from = date_field(body, "from"), to = date_field(body, "to");
  const core::User reviewer = named_reviewer(lead, body);
  const auto size = static_cast<std::size_t>(body.value("size", static_cast<int>(default_size_)));
  if (size == 0 || size > 200) throw core::InvalidInput("size must be from 1 to 200");
  const long long id = store_.with([&](SQLite::Database& db) {
    // Items of the other organisation(s), created or changed in the period, that the reviewer may
    // see — and the lead too: the sample comes back to the lead with its titles.
    std::vector<std::string> pool;
    core::ItemStore(db).for_each([&](const core::Item& item, const std::string&) {
      const std::string day = item.effective_date().substr(0, 10);
      if (item.org != reviewer.org && item.status != core::Status::retired && day >= from && day <= to && search::can_see(reviewer, item) &&
          search::can_see(lead, item)) {
        pool.push_back(item.id);
      }
    });
    std::shuffle(pool.begin(), pool.end(), std::mt19937(std::random_device{}()));
    pool.resize(std::min(size, pool.size()));
    SQLite::Transaction tx(db, SQLite::TransactionBehavior::IMMEDIATE);
    SQLite::Statement s(db, "INSERT INTO samples(reviewer, org, period_from, period_to) VALUES (?, ?, ?, ?)");
    s.bind(1, reviewer.id);
    s.bind(2, reviewer.org == "client" ? "partner" : "client");
    s.bind(3, from);
    s.bind(4, to);
    s.exec();
    const long long sample = db.getLastInsertRowid();
    SQLite::Statement add(db, "INSERT INTO sample_items(sample_id, item_id) VALUES (?, ?)");
    for (const auto& item : pool) {
      add.bind(1, static_cast<int64_t>(sample));
      add.bind(2, item);
      add.exec();
      add.reset();
    }
    tx.commit();
    return sample;
  });
  return get(reviewer, id);  // the sample as its reviewer sees it
}

nlohmann::json Sampling::get(const core::User& reviewer, long long id) {
  return store_.with([&](SQLite::Database& db) {
    SQLite::Statement s(db, "SELECT reviewer, org, period_from, period_to, created_at FROM samples WHERE id = ?");
    s.bind(1, static_cast<int64_t>(id));
    if (!s.executeStep() || s.getColumn(0).getString() != reviewer.id) throw core::NotFound("no sample " + std::to_string(id));
    nlohmann::json out = {{"id", id}, {"reviewer", s.getColumn(0).getString()}, {"org", s.getColumn(1).getString()},
                          {"from", s.getColumn(2).getString()}, {"to", s.getColumn(3).getString()},
                          {"created_at", s.getColumn(4).getString()}, {"items", nlohmann::json::array()}};
    SQLite::Statement items(db, "SELECT si.item_id, i.title, si.verdict, si.reason FROM sample_items si "
                                "JOIN items i ON i.id = si.item_id WHERE si.sample_id = ? ORDER BY si.item_id");
    items.bind(1, static_cast<int64_t>(id));
    while (items.executeStep()) {
      out["items"].push_back({{"id", items.getColumn(0).getString()}, {"title", items.getColumn(1).getString()},
                              {"verdict", items.getColumn(2).isNull() ? nlohmann::json() : nlohmann::json(items.getColumn(2).getString())},
                              {"reason", or_null(items.getColumn(3).getString())}});
    }
    return out;
  });
}

nlohmann::json Sampling::list(const core::User& reviewer) {
  return store_.with([&](SQLite::Database& db) {
    SQLite::Statement s(db,
                        "SELECT s.id, s.org, s.period_from, s.period_to, s.created_at, COUNT(si.item_id), "
                        "COUNT(si.verdict), COUNT(CASE WHEN si.verdict = 'pass' THEN 1 END) FROM samples s "
                        "LEFT JOIN sample_items si ON si.sample_id = s.id WHERE s.reviewer = ? GROUP BY s.id ORDER BY s.id DESC");
    s.bind(1, reviewer.id);
    nlohmann::json out = nlohmann::json::array();
    while (s.executeStep()) {
      out.push_back({{"id", s.getColumn(0).getInt64()}, {"org", s.getColumn(1).getString()}, {"from", s.getColumn(2).getString()},
                     {"to", s.getColumn(3).getString()}, {"created_at", s.getColumn(4).getString()},
                     {"items", s.getColumn(5).getInt()}, {"decided", s.getColumn(6).getInt()}, {"passed", s.getColumn(7).getInt()}});
    }
    return out;
  });
}

nlohmann::json Sampling::decide(const core::User& reviewer, long long id, const std::string& item_id, const nlohmann::json& body) {
  get(reviewer, id);  // the reviewer's own sample, or 404
  const std::string verdict = body.is_object() ? body.value("verdict", "") : "";
  const std::string reason = body.is_object() ? body.value("reason", "") : "";
  if (verdict != "pass" && verdict != "fail") throw core::InvalidInput("verdict must be pass or fail");
  if (verdict == "fail" && reason.find_first_not_of(" \t\n") == std::string::npos) throw core::InvalidInput("a failure needs a reason");
  const int changed = store_.with([&](SQLite::Database& db) {
    SQLite::Statement q(db, "UPDATE sample_items SET verdict = ?, reason = ?, decided_at = ? WHERE sample_id = ? AND item_id = ?");
    q.bind(1, verdict);
    q.bind(2, reason);
    q.bind(3, core::utc_timestamp());
    q.bind(4, static_cast<int64_t>(id));
    q.bind(5, item_id);
    return q.exec();
  });
  if (changed == 0) throw core::NotFound("item '" + item_id + "' is not in sample " + std::to_string(id));
  return get(reviewer, id);
}

}  // namespace km::server
