#include "server/report_routes.h"

#include <SQLiteCpp/Transaction.h>
#include <cctz/civil_time.h>

#include <cstdio>

#include "core/error.h"
#include "core/km_report.h"
#include "core/report_snapshots.h"
#include "core/text.h"
#include "search/access.h"
#include "server/auth.h"
#include "server/json_body.h"
#include "server/json_response.h"
#include "taxonomy/scheme_store.h"

namespace km::server {
namespace {

using httplib::Request;
using httplib::Response;

core::ReportPeriod period_of(const std::string& from, const std::string& to) {
  core::ReportPeriod period{from, to};
  for (const std::string* d : {&period.from, &period.to}) {
    if (!d->empty() && (d->size() != 10 || !core::parse_iso8601(*d))) throw core::InvalidInput("from and to are dates (YYYY-MM-DD)");
  }
  return period;
}

// "YYYY-MM" as a month; throws InvalidInput.
cctz::civil_month month_of(const std::string& text, const char* name) {
  const auto y = text.size() == 7 && text[4] == '-' ? core::parse_integer(std::string_view(text).substr(0, 4), 0, 9999) : std::nullopt;
  const auto m = y ? core::parse_integer(std::string_view(text).substr(5, 2), 1, 12) : std::nullopt;
  if (!m) throw core::InvalidInput(std::string(name) + " is a month (YYYY-MM)");
  return cctz::civil_month(*y, static_cast<int>(*m));
}

std::string iso_day(const cctz::civil_day& d) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04lld-%02d-%02d", static_cast<long long>(d.year()), d.month(), d.day());
  return buf;
}

// The figures a trend line draws, per organisation, from one report.
nlohmann::json trend_point(const nlohmann::json& report) {
  nlohmann::json out = nlohmann::json::object();
  for (const auto& [org, r] : report["requests"]["by_org"].items()) {
    const auto& s = report["searches"]["by_org"][org];
    const int answered = r["answered"];
    out[org] = {{"opened", r["opened"]},
                {"answered", answered},
                {"within_service_level_rate", answered ? nlohmann::json(r["answered_within_service_level"].get<double>() / answered) : nlohmann::json()},
                {"median_hours_to_answer", r["median_hours_to_answer"]},
                {"deflection_rate", r["deflection_rate"]},
                {"searches", s.value("searches", 0)},
                {"search_success_rate", s.value("success_rate", 0.0)},
                {"contributed", report["items"]["contributed"].contains(org) ? report["items"]["contributed"][org]["total"] : nlohmann::json(0)}};
  }
  return out;
}

}  // namespace

void register_report_routes(RouteTable& routes, ApiContext& api) {
  // A frozen period answers as frozen unless live=1 asks for today's figures.
  auto report_for = [&api](SQLite::Database& db, const core::User& user, const std::string& org, const core::ReportPeriod& period,
                           bool live) {
    if (!live && !period.from.empty() && !period.to.empty()) {
      if (auto frozen = core::frozen_report(db, org, period)) return *frozen;
    }
    const core::ReportViewer viewer{[&user](const core::Item& item) { return search::can_see(user, item); }, user.org};
    return core::km_report(db, org, period, viewer, core::utc_timestamp(), api.service_level, taxonomy::MappingStore(db).coverage());
  };

  routes.get("/api/reports/km", {"from", "to", "org", "live", "format"}, [&api, report_for](const Request& req, Response& res) {
    core::User user = authenticate(api.store, req);
    require(user, core::Role::km_lead);
    const core::ReportPeriod period = period_of(req.get_param_value("from"), req.get_param_value("to"));
    nlohmann::json report = api.store.with([&](SQLite::Database& db) {
      return report_for(db, user, req.get_param_value("org"), period, req.get_param_value("live") == "1");
    });
    const std::string format = req.get_param_value("format");
    if (format == "csv") res.set_content(core::km_report_csv(report), "text/csv; charset=utf-8");
    else if (format.empty() || format == "json") send_json(res, report);
    else throw core::InvalidInput("format must be json or csv");
  });

  routes.post("/api/reports/km/freeze", [&api](const Request& req, Response& res, const nlohmann::json& body) {
    core::User user = authenticate(api.store, req);
    require(user, core::Role::km_lead);
    const core::ReportPeriod period = period_of(optional_text(body, "from"), optional_text(body, "to"));
    const std::string org = optional_text(body, "org"), now = core::utc_timestamp();
    nlohmann::json frozen = api.store.with([&](SQLite::Database& db) {
      SQLite::Transaction tx(db);
      nlohmann::json report =
          core::km_report(db, org, period, core::common_viewer(), now, api.service_level, taxonomy::MappingStore(db).coverage());
      nlohmann::json out = core::freeze_report(db, org, period, std::move(report), optional_text(body, "actions"), user.id, now);
      tx.commit();
      return out;
    });
    send_json(res, frozen, 201);
  });

  routes.get("/api/reports/km/frozen", [&api](const Request& req, Response& res) {
    core::User user = authenticate(api.store, req);
    require(user, core::Role::km_lead);
    send_json(res, {{"frozen", api.store.with([](SQLite::Database& db) { return core::frozen_periods(db); })}});
  });

  routes.get("/api/reports/km/trend", {"from", "to", "org"}, [&api, report_for](const Request& req, Response& res) {
    core::User user = authenticate(api.store, req);
    require(user, core::Role::km_lead);
    const cctz::civil_month first = month_of(req.get_param_value("from"), "from");
    const cctz::civil_month last = month_of(req.get_param_value("to"), "to");
    if (last < first || last - first >= 36) throw core::InvalidInput("a trend spans 1 to 36 months, from before to");
    const std::string org = req.get_param_value("org");
    nlohmann::json points = nlohmann::json::array();
    api.store.with([&](SQLite::Database& db) {
      for (cctz::civil_month month = first; month <= last; ++month) {
        const core::ReportPeriod period{iso_day(cctz::civil_day(month)), iso_day(cctz::civil_day(month + 1) - 1)};
        const nlohmann::json report = report_for(db, user, org, period, false);
        points.push_back({{"month", period.from.substr(0, 7)}, {"frozen", report.contains("frozen")}, {"by_org", trend_point(report)}});
      }
      return 0;
    });
    send_json(res, {{"org", org.empty() ? nlohmann::json() : nlohmann::json(org)}, {"months", points}});
  });
}

}  // namespace km::server
