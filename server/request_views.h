#pragma once
// The JSON views of knowledge requests (GET /api/requests, /api/requests/{id}, every action's
// answer) and the service-level states computed from a request and the clock (at risk,
// overdue), which the views show and the service's list filter and check use.
// Functions of their arguments; the caller holds the SharedStore lock over `db`.
// Throws SQLite::Exception on database errors.
#include <SQLiteCpp/Database.h>

#include <ctime>
#include <nlohmann/json.hpp>
#include <string_view>
#include <vector>

#include "core/request_store.h"
#include "core/service_level.h"
#include "core/user.h"

namespace km::server {

core::Thresholds thresholds_of(const core::RequestRecord& r, const core::ServiceLevel& sl);
// Past its due time while its clock runs.
bool is_overdue(const core::RequestRecord& r, std::time_t now);
// Past `at_risk_share` of its time, not yet overdue, while its clock runs.
bool is_at_risk(const core::RequestRecord& r, std::time_t now, const core::ServiceLevel& sl);

// The requests as a JSON array, in the rows' order, each with its answers, followers, events
// and `next_actions` (the actions its state allows, from the transition table). Each answer is
// shown to the requester and to whom its visibility admits (`viewer` null: every answer, for
// the service's own use). Four statements however many rows there are.
nlohmann::json requests_json(SQLite::Database& db, const std::vector<core::RequestRecord>& rows, const core::User* viewer,
                             std::time_t now, const core::ServiceLevel& sl);

}  // namespace km::server
