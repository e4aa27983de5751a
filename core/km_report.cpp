#include "core/km_report.h"

#include <SQLiteCpp/Statement.h>

#include <algorithm>
#include <cctype>
#include <map>
#include <set>
#include <sstream>

#include "core/error.h"
#include "core/item_store.h"
#include "core/km_report_parts.h"

namespace km::core {

namespace report {

void inc(Json& obj, const std::string& key, int by) {
  Json& counter = obj[key];
  counter = counter.is_number() ? counter.get<int>() + by : by;
}

std::vector<std::string> orgs_of(SQLite::Database& db, const std::string& org) {
  if (!org.empty()) return {org};
  std::vector<std::string> out;
  SQLite::Statement q(db, "SELECT org FROM users WHERE org <> '' UNION SELECT org FROM items ORDER BY 1");
  while (q.executeStep()) out.push_back(q.getColumn(0).getString());
  return out;
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
  SQLite::Statement known(db, "SELECT EXISTS (SELECT 1 FROM users WHERE org = ?1) OR EXISTS (SELECT 1 FROM items WHERE org = ?1)");
  known.bind(1, org);
  known.executeStep();
  if (known.getColumn(0).getInt() == 0) throw InvalidInput("no organisation '" + org + "'");
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

// Items failed in a quality sample and not changed since the verdict: they wait for review.
std::set<std::string> failed_unfixed(SQLite::Database& db) {
  SQLite::Statement q(db, "SELECT s.item_id FROM sample_items s JOIN items i ON i.id = s.item_id "
                          "WHERE s.verdict = 'fail' AND i.last_changed <= s.decided_at AND i.status <> 'retired'");
  std::set<std::string> out;
  while (q.executeStep()) out.insert(q.getColumn(0).getString());
  return out;
}

// Counts over every item, whoever reads the report: the monthly review needs one set of numbers.
Json items_section(SQLite::Database& db, const std::string& org, const ReportPeriod& period, const std::string& today) {
  Json zeros = zero_items(orgs_of(db, org));
  Json by_org = zeros["contributed"], backlog = zeros["review_backlog"];
  const std::set<std::string> failed = failed_unfixed(db);
  // The store's columns, not the items' documents: a report per month of a trend stays cheap.
  SQLite::Statement q(db, "SELECT id, org, kind, status, community, created, review_by FROM items");
  while (q.executeStep()) {
    const std::string item_org = q.getColumn(1).getString(), status = q.getColumn(3).getString();
    if (!wanted(item_org, org)) continue;
    const std::string review_by = q.getColumn(6).getString();
    const bool past_review = !review_by.empty() && review_by.substr(0, 10) < today;
    if (status != "retired" && (past_review || failed.count(q.getColumn(0).getString()))) inc(backlog, item_org);
    if (!period.contains(q.getColumn(5).getString())) continue;
    Json& o = by_org[item_org];
    inc(o, "total");
    inc(o["by_kind"], q.getColumn(2).getString());
    inc(o["by_status"], status);
    if (const std::string community = q.getColumn(4).getString(); !community.empty()) inc(o["by_community"], community);
  }
  return {{"contributed", by_org}, {"review_backlog", backlog}};
}

Json searches_section(SQLite::Database& db, const std::string& org, const ReportPeriod& period,
                      const std::string& queries_of) {
  // A search succeeded when its own searcher opened one of its results: a view carrying another
  // user's search id, or a zero-result search's, does not count.
  SQLite::Statement q(db, "SELECT s.org, s.at, s.query, s.results, s.results > 0 AND EXISTS (SELECT 1 FROM item_views v "
                          "WHERE v.search_id = s.id AND v.user_id = s.user_id) FROM search_log s");
  Json per_org = zero_searches(orgs_of(db, org));
  std::map<std::string, int> zero;
  while (q.executeStep()) {
    const std::string s_org = q.getColumn(0).getString();
    if (!wanted(s_org, org) || !period.contains(q.getColumn(1).getString())) continue;
    Json& o = per_org[s_org];
    inc(o, "searches");
    inc(o, "successful", q.getColumn(4).getInt());
    if (q.getColumn(3).getInt() == 0 && wanted(s_org, queries_of)) ++zero[query_key(q.getColumn(2).getString())];
  }
  for (auto& [o, v] : per_org.items()) v["success_rate"] = v.value("searches", 0) ? v.value("successful", 0) * 1.0 / v["searches"].get<int>() : 0.0;
  std::vector<std::pair<std::string, int>> z(zero.begin(), zero.end());
  std::stable_sort(z.begin(), z.end(), [](const auto& a, const auto& b) { return a.second > b.second; });
  Json top = Json::array();
  for (std::size_t i = 0; i < std::min<std::size_t>(10, z.size()); ++i) top.push_back({{"query", z[i].first}, {"searches", z[i].second}});
  return {{"by_org", per_org}, {"top_zero_result_queries", top}};
}

Json flow_section(SQLite::Database& db, const ReportPeriod& period) {
  SQLite::Statement q(db, "SELECT i.org, f.org, f.at FROM feedback f JOIN items i ON i.id = f.item_id WHERE f.helpful = 1");
  Json flow = Json::object();
  while (q.executeStep()) {
    const std::string item_org = q.getColumn(0).getString(), voter_org = q.getColumn(1).getString();
    if (item_org == voter_org || !period.contains(q.getColumn(2).getString())) continue;
    inc(flow, item_org + " -> " + voter_org);
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
  SQLite::Statement drawn(db, "SELECT s.org, s.created_at, (SELECT COUNT(*) FROM sample_items i WHERE i.sample_id = s.id) FROM samples s");
  while (drawn.executeStep()) {
    const std::string o = drawn.getColumn(0).getString();
    if (!wanted(o, org) || !period.contains(drawn.getColumn(1).getString())) continue;
    inc(out[o], "samples");
    inc(out[o], "items_drawn", drawn.getColumn(2).getInt());
  }
  SQLite::Statement q(db, "SELECT i.org, i.community, s.verdict, s.decided_at, s.item_id, s.reason, i.last_changed > s.decided_at "
                          "FROM sample_items s JOIN items i ON i.id = s.item_id WHERE s.verdict IS NOT NULL");
  ItemStore items(db);
  while (q.executeStep()) {
    const std::string item_org = q.getColumn(0).getString(), community = q.getColumn(1).getString();
    if (!wanted(item_org, org) || !period.contains(q.getColumn(3).getString())) continue;
    const bool pass = q.getColumn(2).getString() == "pass";
    for (Json* bucket : {&out[item_org], &out[item_org]["by_community"][community.empty() ? "(none)" : community]}) {
      inc(*bucket, "checked");
      inc(*bucket, "passed", pass ? 1 : 0);
      (*bucket)["pass_rate"] = (*bucket)["passed"].get<int>() * 1.0 / (*bucket)["checked"].get<int>();
    }
    if (pass) continue;
    const bool fixed = q.getColumn(6).getInt() != 0;
    inc(out[item_org], "failed");
    inc(out[item_org], "fixed", fixed ? 1 : 0);
    const auto item = items.get(q.getColumn(4).getString());
    if (item && visible(*item)) {
      out[item_org]["failures"].push_back({{"item_id", item->id}, {"title", item->title}, {"reason", q.getColumn(5).getString()},
                                           {"decided_at", q.getColumn(3).getString()}, {"fixed", fixed}});
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
                         const ReportViewer& viewer, const std::string& now, const ServiceLevel& service_level) {
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
          {"taxonomy_coverage", coverage_section(db, org)}};
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
