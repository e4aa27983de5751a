// The request figures of the KM report (core/km_report.h, core/km_report_parts.h).
#include <SQLiteCpp/Statement.h>

#include <algorithm>
#include <map>

#include "core/km_report_parts.h"

namespace km::core::report {
namespace {

Json zero_requests(const std::vector<std::string>& orgs) {
  Json per_org = Json::object();
  for (const std::string& o : orgs) {
    per_org[o] = {{"opened", 0},
                  {"deflected", 0},
                  {"answered", 0},
                  {"answered_within_service_level", 0},
                  {"overdue", 0},
                  {"reopened", 0},
                  {"deflection_rate", nullptr},
                  {"reopen_rate", nullptr},
                  {"median_hours_to_answer", nullptr},
                  {"p90_hours_to_answer", nullptr},
                  {"median_hours_to_first_response", nullptr},
                  {"ratings", {{"count", 0}, {"mean", nullptr}}},
                  {"escalations", {{"at_risk", 0}, {"overdue", 0}, {"km_lead", 0}}},
                  {"by_community", Json::object()}};
  }
  return per_org;
}

// Answered and within the service level, for one bucket (a priority, a community, an org).
struct Met {
  int answered = 0, within = 0;
};

// Each bucket against its target: a priority's own (`by_priority`), else the overall one.
Json performance(const std::map<std::string, Met>& buckets, const ServiceLevel& sl, bool by_priority) {
  Json out = Json::object();
  for (const auto& [key, m] : buckets) {
    const Json r = rate(m.within, m.answered);
    const double goal = by_priority ? sl.target_for(key) : sl.target;
    out[key] = {{"answered", m.answered}, {"within_service_level", m.within}, {"rate", r}, {"target", goal}, {"rag", sl.rag(r, goal)}};
  }
  return out;
}

}  // namespace

Json requests_section(SQLite::Database& db, const std::string& org, const ReportPeriod& period, const std::string& now,
                      const ServiceLevel& sl) {
  // A request counts as answered by its final answer (the last one), and only while it stands:
  // a reopened request (its answer rejected) is open again, unanswered, and may be overdue.
  SQLite::Statement q(db, R"sql(
    SELECT r.id, r.org, r.community, r.status, r.resolution, r.due_at, r.created_at, r.concepts, r.priority,
           r.claimed_by, r.question, r.rating, r.escalation,
           (SELECT MAX(at) FROM request_events e WHERE e.request_id = r.id AND e.event = 'answered'),
           EXISTS (SELECT 1 FROM request_events e WHERE e.request_id = r.id AND e.event = 'reopened'),
           (SELECT MIN(at) FROM request_events e WHERE e.request_id = r.id AND e.event IN ('claimed', 'asked', 'answered')),
           (SELECT a.org FROM request_answers a WHERE a.request_id = r.id ORDER BY a.id DESC LIMIT 1)
    FROM requests r ORDER BY r.id)sql");
  std::map<std::string, std::vector<double>> to_answer, to_respond;
  std::map<std::string, std::pair<int, int>> ratings;  // org -> (count, sum)
  std::map<std::string, Met> by_priority = {{"high", {}}, {"normal", {}}, {"low", {}}}, by_community, by_answering_org;
  Json per_org = zero_requests(orgs_of(db, org));
  Json breaches = Json::array();
  std::map<std::string, int> unanswered_topics;
  while (q.executeStep()) {
    const std::string r_org = q.getColumn(1).getString(), community = q.getColumn(2).getString();
    const std::string status = q.getColumn(3).getString(), resolution = q.getColumn(4).getString();
    const std::string due = q.getColumn(5).getString(), created = q.getColumn(6).getString();
    if (!wanted(r_org, org) || !period.contains(created)) continue;
    const WorkingCalendar& calendar = sl.calendar_for(community, r_org);
    auto working_hours = [&](const std::string& until) {
      return static_cast<double>(calendar.working_seconds(parse_utc(created), parse_utc(until))) / 3600.0;
    };
    Json& o = per_org[r_org];
    inc(o, "opened");
    if (resolution == "deflected") inc(o, "deflected");
    if (q.getColumn(14).getInt() != 0) inc(o, "reopened");
    if (!q.getColumn(15).isNull()) to_respond[r_org].push_back(working_hours(q.getColumn(15).getString()));
    const int escalation = q.getColumn(12).getInt();
    for (const auto& [level, name] : {std::pair{1, "at_risk"}, {2, "overdue"}, {3, "km_lead"}}) {
      if (escalation >= level) inc(o["escalations"], name);
    }
    const bool open = status != "answered" && status != "resolved";
    const bool overdue = open && !due.empty() && due < now;
    if (overdue) inc(o, "overdue");
    const bool answered_now = status == "answered" || (status == "resolved" && resolution != "deflected");
    std::string answered_at;
    if (answered_now && !q.getColumn(13).isNull()) {
      answered_at = q.getColumn(13).getString();
      const bool within = answered_at <= due;
      inc(o, "answered");
      if (within) inc(o, "answered_within_service_level");
      to_answer[r_org].push_back(working_hours(answered_at));
      const std::string answering_org = q.getColumn(16).isNull() ? "" : q.getColumn(16).getString();
      for (Met* m : {&by_priority[q.getColumn(8).getString()], &by_community[community.empty() ? "(unrouted)" : community],
                     &by_answering_org[answering_org.empty() ? "(none)" : answering_org]}) {
        ++m->answered;
        m->within += within ? 1 : 0;
      }
      if (resolution == "accepted" && !q.getColumn(11).isNull()) {
        ++ratings[r_org].first;
        ratings[r_org].second += q.getColumn(11).getInt();
      }
    } else if (open) {
      for (const auto& concept_entry : Json::parse(q.getColumn(7).getString())) ++unanswered_topics[concept_entry["id"]];
    }
    if (!community.empty()) inc(o["by_community"], community);
    if (overdue || (!answered_at.empty() && answered_at > due)) {
      const std::string question = q.getColumn(10).getString();
      breaches.push_back({{"id", q.getColumn(0).getInt64()},
                          {"org", r_org},
                          {"community", community},
                          {"priority", q.getColumn(8).getString()},
                          {"question", question},
                          {"owner", q.getColumn(9).getString()},
                          {"due_at", due},
                          {"answered_at", answered_at.empty() ? Json() : Json(answered_at)},
                          {"escalation", escalation}});
    }
  }
  for (auto& [o, h] : to_answer) {
    std::sort(h.begin(), h.end());
    per_org[o]["median_hours_to_answer"] = quantile(h, 0.5);
    per_org[o]["p90_hours_to_answer"] = quantile(h, 0.9);
  }
  for (auto& [o, h] : to_respond) {
    std::sort(h.begin(), h.end());
    per_org[o]["median_hours_to_first_response"] = quantile(h, 0.5);
  }
  for (const auto& [o, r] : ratings) per_org[o]["ratings"] = {{"count", r.first}, {"mean", rate(r.second, r.first)}};
  for (auto& [o, v] : per_org.items()) {
    v["deflection_rate"] = rate(v["deflected"], v["opened"]);
    v["reopen_rate"] = rate(v["reopened"], v["opened"]);
  }
  std::vector<std::pair<std::string, int>> topics(unanswered_topics.begin(), unanswered_topics.end());
  std::stable_sort(topics.begin(), topics.end(), [](const auto& a, const auto& b) { return a.second > b.second; });
  Json top = Json::array();
  for (std::size_t i = 0; i < std::min<std::size_t>(10, topics.size()); ++i) {
    top.push_back({{"concept", topics[i].first}, {"open_requests", topics[i].second}});
  }
  return {{"by_org", per_org},
          {"service_level",
           {{"target", sl.target},
            {"by_priority", performance(by_priority, sl, true)},
            {"by_answering_community", performance(by_community, sl, false)},
            {"by_answering_org", performance(by_answering_org, sl, false)}}},
          {"breaches", breaches},
          {"top_unanswered_topics", top}};
}

}  // namespace km::core::report
