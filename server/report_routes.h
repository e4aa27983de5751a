#pragma once
// The /api/reports/km routes: the KM report (live, or as frozen at the monthly review), freezing
// a closed period with the actions agreed, the list of frozen periods, and monthly trends.
// km_leads only.
#include "server/api_routes.h"
#include "server/route_table.h"

namespace km::server {

void register_report_routes(RouteTable& routes, ApiContext& api);

}  // namespace km::server
