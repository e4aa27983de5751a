#include "server/sampling.h"

#include <algorithm>
#include <random>

#include "core/error.h"
#include "core/item_store.h"
#include "core/sample_store.h"
#include "core/text.h"
#include "search/access.h"
#include "server/json_body.h"
#include "server/json_response.h"

namespace km::server {
namespace {

std::string date_field(const nlohmann::json& body, const char* name) {
  const std::string value = required_text(body, name);
  if (value.size() != 10 || !core::parse_iso8601(value)) throw core::InvalidInput(std::string(name) + " must be a date (YYYY-MM-DD)");
  return value;
}

}  // namespace

// The km_lead reviews the sample, or names a subject-matter expert of their own organisation.
core::User Sampling::named_reviewer(const core::User& lead, const nlohmann::json& body) {
  const std::string id = optional_text(body, "reviewer", 128);
  if (id.empty()) return lead;
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
  const auto size = body.contains("size") ? static_cast<std::size_t>(required_integer(body, "size", 1, 200)) : default_size_;
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
    core::SampleRecord sample{0, reviewer.id, reviewer.org == "client" ? "partner" : "client", from, to, ""};
    return core::SampleStore(db).create(sample, pool);
  });
  return get(reviewer, id);  // the sample as its reviewer sees it
}

nlohmann::json Sampling::get(const core::User& reviewer, long long id) {
  return store_.with([&](SQLite::Database& db) {
    core::SampleStore samples(db);
    const auto s = samples.find(id);
    if (!s || s->reviewer != reviewer.id) throw core::NotFound("no sample " + std::to_string(id));
    nlohmann::json out = {{"id", id}, {"reviewer", s->reviewer}, {"org", s->org}, {"from", s->from}, {"to", s->to},
                          {"created_at", s->created_at}, {"items", nlohmann::json::array()}};
    for (const core::SampleItem& item : samples.items_of(id)) {
      out["items"].push_back({{"id", item.item_id}, {"title", item.title},
                              {"verdict", item.verdict ? nlohmann::json(core::to_string(*item.verdict)) : nlohmann::json()},
                              {"reason", or_null(item.reason)}});
    }
    return out;
  });
}

nlohmann::json Sampling::list(const core::User& reviewer) {
  return store_.with([&](SQLite::Database& db) {
    nlohmann::json out = nlohmann::json::array();
    for (const core::SampleSummary& s : core::SampleStore(db).reviewed_by(reviewer.id)) {
      out.push_back({{"id", s.sample.id}, {"org", s.sample.org}, {"from", s.sample.from}, {"to", s.sample.to},
                     {"created_at", s.sample.created_at}, {"items", s.items}, {"decided", s.decided}, {"passed", s.passed}});
    }
    return out;
  });
}

nlohmann::json Sampling::decide(const core::User& reviewer, long long id, const std::string& item_id, const nlohmann::json& body) {
  get(reviewer, id);  // the reviewer's own sample, or 404
  const auto verdict = core::parse_verdict(optional_text(body, "verdict"));
  const std::string reason = optional_text(body, "reason");
  if (!verdict) throw core::InvalidInput("verdict must be pass or fail");
  if (verdict == core::Verdict::fail && reason.find_first_not_of(" \t\n") == std::string::npos) {
    throw core::InvalidInput("a failure needs a reason");
  }
  const bool decided = store_.with([&](SQLite::Database& db) {
    return core::SampleStore(db).decide(id, item_id, *verdict, reason, core::utc_timestamp());
  });
  if (!decided) throw core::NotFound("item '" + item_id + "' is not in sample " + std::to_string(id));
  return get(reviewer, id);
}

}  // namespace km::server
