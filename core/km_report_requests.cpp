// The request figures of the KM report (core/km_report.h, core/km_report_parts.h).
#include <algorithm>
#include <map>

#include "core/km_report_parts.h"
#include "core/request_store.h"

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
  // A request counts as answered by its final answer, and only while it stands: a reopened
  // request (its answer rejected) is open again, unanswered, and may be overdue.
  std::map<std::string, std::vector<double>> to_answer, to_respond;
  std::map<std::string, std::pair<int, int>> ratings;  // org -> (count, sum)
  std::map<std::string, Met> by_priority = {{"high", {}}, {"normal", {}}, {"low", {}}}, by_community, by_answering_org;
  Json per_org = zero_requests(orgs_of(db, org));
  Json breaches = Json::array();
  std::map<std::string, int> unanswered_topics;
  for (const RequestReportRow& row : RequestStore(db).report_rows()) {
    const RequestRecord& r = row.request;
    const std::string& community = r.community;
    if (!wanted(r.org, org) || !period.contains(r.created_at)) continue;
    const WorkingCalendar& calendar = sl.calendar_for(community, r.org);
    auto working_hours = [&](const std::string& until) {
      return static_cast<double>(calendar.working_seconds(parse_utc(r.created_at), parse_utc(until))) / 3600.0;
    };
    Json& o = per_org[r.org];
    inc(o, "opened");
    if (r.resolution == RequestResolution::deflected) inc(o, "deflected");
    if (row.reopened) inc(o, "reopened");
    if (row.first_response_at) to_respond[r.org].push_back(working_hours(*row.first_response_at));
    for (const auto& [level, name] : {std::pair{1, "at_risk"}, {2, "overdue"}, {3, "km_lead"}}) {
      if (r.escalation >= level) inc(o["escalations"], name);
    }
    const bool open = is_open(r.status);
    const bool overdue = open && !r.due_at.empty() && r.due_at < now;
    if (overdue) inc(o, "overdue");
    const bool answered_now = r.status == RequestState::answered ||
                              (r.status == RequestState::resolved && r.resolution != RequestResolution::deflected);
    std::string answered_at;
    if (answered_now && row.answered_at) {
      answered_at = *row.answered_at;
      const bool within = answered_at <= r.due_at;
      inc(o, "answered");
      if (within) inc(o, "answered_within_service_level");
      to_answer[r.org].push_back(working_hours(answered_at));
      for (Met* m : {&by_priority[r.priority], &by_community[community.empty() ? "(unrouted)" : community],
                     &by_answering_org[row.answering_org.empty() ? "(none)" : row.answering_org]}) {
        ++m->answered;
        m->within += within ? 1 : 0;
      }
      if (r.resolution == RequestResolution::accepted && r.rating != 0) {
        ++ratings[r.org].first;
        ratings[r.org].second += r.rating;
      }
    } else if (open) {
      for (const auto& concept_entry : r.concepts) ++unanswered_topics[concept_entry["id"]];
    }
    if (!community.empty()) inc(o["by_community"], community);
    if (overdue || (!answered_at.empty() && answered_at > r.due_at)) {
      breaches.push_back({{"id", r.id},
                          {"org", r.org},
                          {"community", community},
                          {"priority", r.priority},
                          {"question", r.question},
                          {"owner", r.claimed_by},
                          {"due_at", r.due_at},
                          {"answered_at", answered_at.empty() ? Json() : Json(answered_at)},
                          {"escalation", r.escalation}});
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
