#pragma once
// The KM performance report: the figures of a monthly operational review between client and
// partner, per organisation (and per community where it applies), for a period:
//   items contributed by kind and status, and the review backlog (past review date, or failed
//   in a sample and unchanged since); requests (km_report_requests.cpp: opened, deflected,
//   answered, within the service level against its target with red/amber/green, overdue,
//   reopened, working hours to first response and to answer, ratings, escalations, breaches);
//   search success (the searcher's own clicks); top zero-result queries; top unanswered topics;
//   knowledge flow (helpful votes on one org's items by users of the other); quality sampling;
//   participation and taxonomy coverage (km_report_participation.cpp).
// Every figure is present, at 0 when nothing counts (for `org`, or for every organisation);
// a request is answered by its final answer and only while that answer stands (a reopened one
// is open again). Counts are the same whoever reads (the monthly review needs one set of
// numbers); only what names content follows the viewer: titles of failed sample items they may
// see, and the raw text of zero-result queries of their own organisation. Frozen periods:
// core/report_snapshots.h. Reads SQLite only, through the tables' owners (core/item_store.h,
// request_store.h, signal_store.h, sample_store.h, user.h); not thread-safe (borrows the handle).
#include <SQLiteCpp/Database.h>

#include <functional>
#include <map>
#include <nlohmann/json.hpp>
#include <string>

#include "core/item.h"
#include "core/service_level.h"

namespace km::core {

struct ReportPeriod {
  std::string from;  // YYYY-MM-DD, inclusive; empty: from the beginning
  std::string to;    // YYYY-MM-DD, inclusive; empty: until now
  bool contains(const std::string& timestamp) const;
};

// Who reads a report.
struct ReportViewer {
  std::function<bool(const Item&)> visible;  // which items count for them
  std::string org;                           // raw queries of this organisation only; empty: every one's
};

// An organisation's own taxonomy and how much of it is aligned with the shared one. The
// taxonomy's tables are not core's to read: the caller counts them through their owner
// (taxonomy::MappingStore::coverage()).
struct ConceptCoverage {
  int local = 0;   // active concepts of the organisation's scheme(s)
  int mapped = 0;  // of which an approved mapping aligns with the shared scheme
};

// Throws InvalidInput when `period` ends before it starts or no user or item belongs to `org`.
// Zero-result queries are grouped by their lower-case words ("Quasar " and "quasar" are one).
nlohmann::json km_report(SQLite::Database& db, const std::string& org, const ReportPeriod& period,
                         const ReportViewer& viewer, const std::string& now, const ServiceLevel& service_level,
                         const std::map<std::string, ConceptCoverage>& concept_coverage);

// One "section,key,value" row per figure, after four "report" rows naming the organisation
// ("all" when none), the period and the time the figures were computed.
std::string km_report_csv(const nlohmann::json& report);

}  // namespace km::core
