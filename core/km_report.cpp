#include "core/km_report.h"

#include <algorithm>
#include <cctype>
#include <map>
#include <set>
#include <sstream>

#include "core/error.h"
#include "core/item_store.h"
#include "core/km_report_parts.h"
#include "core/sample_store.h"
#include "core/signal_store.h"
#include "core/user.h"

namespace km::core {

namespace report {

void inc(Json& obj, const std::string& key, int by) {
  Json& counter = obj[key];
  counter = counter.is_number() ? counter.get<int>() + by : by;
}

std::vector<std::string> orgs_of(SQLite::Database& db, const std::string& org) {
  if (!org.empty()) return {org};
  std::set<std::string> orgs = ItemStore(db).orgs();
  for (const User& user : UserStore(db).list()) {
    if (!user.org.empty()) orgs.insert(user.org);
  }
  return {orgs.begin(), orgs.end()};
}

double quantile(const std::vector<double>& v, double q) {
  const double at = q * static_cast<double>(v.size() - 1);
  const auto lo = static_cast<std::size_t>(at);
  const std::size_t hi = std::min(lo + 1, v.size() - 1);
  return v[lo] + (v[hi] - v[lo]) * (at - static_cast<double>(lo));
}

Json rate(int n, int d) { return d == 0 ? Json() : Json(static_cast<double>(n) / d); }

}  // namespace report

namespace {

using namespace report;

// How zero-result queries are grouped: "Quasar", "quasar " and "QUASAR" are one query.
std::string query_key(const std::string& query) {
  std::string key;
  bool space = false;
  for (char c : query) {
    if (std::isspace(static_cast<unsigned char>(c))) {
      space = !key.empty();
      continue;
    }
    if (space) key += ' ';
    space = false;
    key += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  return key;
}

// Throws InvalidInput for a period that ends before it starts or an organisation no user or
// item belongs to (a typo would otherwise report an empty month).
void check_request(SQLite::Database& db, const std::string& org, const ReportPeriod& period) {
  if (!period.from.empty() && !period.to.empty() && period.from > period.to) {
    throw InvalidInput("from (" + period.from + ") is after to (" + period.to + ")");
  }
  if (org.empty()) return;
  const std::vector<std::string> known = orgs_of(db, "");
  if (std::find(known.begin(), known.end(), org) == known.end()) throw InvalidInput("no organisation '" + org + "'");
}

// Every figure of every organisation, at zero: a figure that is zero is reported as 0, never
// left out (an empty month has every section, with zeros).
Json zero_items(const std::vector<std::string>& orgs) {
  Json by_kind = Json::object(), by_status = Json::object();
  for (Kind k : {Kind::lesson, Kind::good_practice, Kind::insight, Kind::answer}) by_kind[std::string(to_string(k))] = 0;
  for (Status st : {Status::draft, Status::validated, Status::retired}) by_status[std::string(to_string(st))] = 0;
  Json contributed = Json::object(), backlog = Json::object();
  for (const std::string& o : orgs) {
    contributed[o] = {{"total", 0}, {"by_kind", by_kind}, {"by_status", by_status}, {"by_community", Json::object()}};
    backlog[o] = 0;
  }
  return {{"contributed", contributed}, {"review_backlog", backlog}};
}

Json zero_searches(const std::vector<std::string>& orgs) {
  Json per_org = Json::object();
  for (const std::string& o : orgs) per_org[o] = {{"searches", 0}, {"successful", 0}, {"success_rate", 0.0}};
  return per_org;
}

// Counts over every item, whoever reads the report: the monthly review needs one set of numbers.
Json items_section(SQLite::Database& db, const std::string& org, const ReportPeriod& period, const std::string& today) {
  Json zeros = zero_items(orgs_of(db, org));
  Json by_org = zeros["contributed"], backlog = zeros["review_backlog"];
  const std::set<std::string> failed = SampleStore(db).failed_unchanged();
  // The store's columns, not the items' documents: a report per month of a trend stays cheap.
  for (const ItemRow& item : ItemStore(db).rows()) {
    if (!wanted(item.org, org)) continue;
    const bool past_review = !item.review_by.empty() && item.review_by.substr(0, 10) < today;
    if (item.status != Status::retired && (past_review || failed.count(item.id))) inc(backlog, item.org);
    if (!period.contains(item.created)) continue;
    Json& o = by_org[item.org];
    inc(o, "total");
    inc(o["by_kind"], std::string(to_string(item.kind)));
    inc(o["by_status"], std::string(to_string(item.status)));
    if (!item.community.empty()) inc(o["by_community"], item.community);
  }
  return {{"contributed", by_org}, {"review_backlog", backlog}};
}

Json searches_section(SQLite::Database& db, const std::string& org, const ReportPeriod& period,
                      const std::string& queries_of) {
  Json per_org = zero_searches(orgs_of(db, org));
  std::map<std::string, int> zero;
  SignalStore(db).for_each_search([&](const SearchRecord& s) {
    if (!wanted(s.org, org) || !period.contains(s.at)) return;
    Json& o = per_org[s.org];
    inc(o, "searches");
    inc(o, "successful", s.clicked ? 1 : 0);
    if (s.results == 0 && wanted(s.org, queries_of)) ++zero[query_key(s.query)];
  });
  for (auto& [o, v] : per_org.items()) v["success_rate"] = v.value("searches", 0) ? v.value("successful", 0) * 1.0 / v["searches"].get<int>() : 0.0;
  std::vector<std::pair<std::string, int>> z(zero.begin(), zero.end());
  std::stable_sort(z.begin(), z.end(), [](const auto& a, const auto& b) { return a.second > b.second; });
  Json top = Json::array();
  for (std::size_t i = 0; i < std::min<std::size_t>(10, z.size()); ++i) top.push_back({{"query", z[i].first}, {"searches", z[i].second}});
  return {{"by_org", per_org}, {"top_zero_result_queries", top}};
}

Json flow_section(SQLite::Database& db, const ReportPeriod& period) {
  Json flow = Json::object();
  for (const HelpfulVote& v : SignalStore(db).helpful_votes()) {
    if (v.item_org == v.voter_org || !period.contains(v.at)) continue;
    inc(flow, v.item_org + " -> " + v.voter_org);
  }
  return flow;
}

// Quality samples: how many were drawn and checked in the period, verdicts by the sampled items'
// org and community, and the failures with their reasons and whether the item was changed since
// (fixed). A failure names its item's title only to a viewer who may see the item.
Json sampling_section(SQLite::Database& db, const std::string& org, const ReportPeriod& period,
                      const std::function<bool(const Item&)>& visible) {
  Json out = Json::object();
  for (const std::string& o : orgs_of(db, org)) {
    out[o] = {{"samples", 0}, {"items_drawn", 0}, {"checked", 0}, {"passed", 0}, {"failed", 0}, {"fixed", 0},
              {"pass_rate", nullptr}, {"by_community", Json::object()}, {"failures", Json::array()}};
  }
  SampleStore samples(db);
  for (const SampleSummary& s : samples.summaries()) {
    if (!wanted(s.sample.org, org) || !period.contains(s.sample.created_at)) continue;
    inc(out[s.sample.org], "samples");
    inc(out[s.sample.org], "items_drawn", s.items);
  }
  ItemStore items(db);
  for (const DecidedItem& d : samples.decided()) {
    if (!wanted(d.item_org, org) || !period.contains(d.decided_at)) continue;
    const bool pass = d.verdict == Verdict::pass;
    for (Json* bucket : {&out[d.item_org], &out[d.item_org]["by_community"][d.community.empty() ? "(none)" : d.community]}) {
      inc(*bucket, "checked");
      inc(*bucket, "passed", pass ? 1 : 0);
      (*bucket)["pass_rate"] = (*bucket)["passed"].get<int>() * 1.0 / (*bucket)["checked"].get<int>();
    }
    if (pass) continue;
    inc(out[d.item_org], "failed");
    inc(out[d.item_org], "fixed", d.changed_since ? 1 : 0);
    const auto item = items.get(d.item_id);
    if (item && visible(*item)) {
      out[d.item_org]["failures"].push_back({{"item_id", item->id}, {"title", item->title}, {"reason", d.reason},
                                             {"decided_at", d.decided_at}, {"fixed", d.changed_since}});
    }
  }
  return out;
}

}  // namespace

bool ReportPeriod::contains(const std::string& timestamp) const {
  const std::string day = timestamp.substr(0, 10);
  if (day.empty()) return from.empty();
  return (from.empty() || day >= from) && (to.empty() || day <= to);
}

nlohmann::json km_report(SQLite::Database& db, const std::string& org, const ReportPeriod& period,
                         const ReportViewer& viewer, const std::string& now, const ServiceLevel& service_level,
                         const std::map<std::string, ConceptCoverage>& concept_coverage) {
  check_request(db, org, period);
  return {{"org", org.empty() ? Json() : Json(org)},
          {"from", period.from},
          {"to", period.to},
          {"generated_at", now},
          {"items", items_section(db, org, period, now.substr(0, 10))},
          {"requests", requests_section(db, org, period, now, service_level)},
          {"searches", searches_section(db, org, period, viewer.org)},
          {"knowledge_flow_helpful_votes", flow_section(db, period)},
          {"sampling", sampling_section(db, org, period, viewer.visible)},
          {"participation", participation_section(db, org, period)},
          {"taxonomy_coverage", coverage_section(db, org, concept_coverage)}};
}

namespace {

// One CSV cell. Text that a spreadsheet would run as a formula (=, +, -, @, tab or CR first:
// a worker's search "=HYPERLINK(...)" lands in the zero-result queries) is prefixed with a
// quote, as OWASP recommends; quotes, commas and newlines are quoted.
std::string csv_cell(std::string value, bool text) {
  if (text && !value.empty() && std::string_view("=+-@\t\r").find(value[0]) != std::string_view::npos) value = "'" + value;
  if (value.find_first_of(",\"\n\r") == std::string::npos) return value;
  std::string quoted = "\"";
  for (char c : value) quoted += c == '"' ? std::string("\"\"") : std::string(1, c);
  return quoted + "\"";
}

}  // namespace

std::string km_report_csv(const nlohmann::json& report) {
  std::ostringstream out;
  out << "section,key,value\n";
  // What the figures are of: the organisation, the period and when they were computed.
  const bool one_org = report.contains("org") && report.at("org").is_string();
  out << "report,org," << csv_cell(one_org ? report.at("org").get<std::string>() : "all", true) << "\n"
      << "report,from," << csv_cell(report.value("from", ""), true) << "\n"
      << "report,to," << csv_cell(report.value("to", ""), true) << "\n"
      << "report,generated_at," << csv_cell(report.value("generated_at", ""), true) << "\n";
  if (report.contains("frozen")) {
    for (const char* key : {"by", "at", "actions"}) {
      out << "report,frozen_" << key << "," << csv_cell(report["frozen"].value(key, ""), true) << "\n";
    }
  }
  // Flattens the JSON into "section,path,value" rows (paths joined by '/').
  std::function<void(const std::string&, const Json&)> walk = [&](const std::string& path, const Json& v) {
    if (v.is_object()) {
      for (const auto& [k, child] : v.items()) walk(path.empty() ? k : path + "/" + k, child);
    } else if (v.is_array()) {
      for (std::size_t i = 0; i < v.size(); ++i) walk(path + "/" + std::to_string(i + 1), v[i]);
    } else {
      auto slash = path.find('/');
      out << csv_cell(path.substr(0, slash), true) << ","
          << csv_cell(slash == std::string::npos ? "" : path.substr(slash + 1), true) << ","
          << csv_cell(v.is_string() ? v.get<std::string>() : v.dump(), v.is_string()) << "\n";
    }
  };
  for (const char* section : {"items", "requests", "searches", "knowledge_flow_helpful_votes", "sampling", "participation",
                              "taxonomy_coverage"}) {
    if (report.contains(section)) walk(section, report[section]);
  }
  return out.str();
}

}  // namespace km::core
