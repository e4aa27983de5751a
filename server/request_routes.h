#pragma once
// The /api/requests route table (server/request_service.h does the work).
#include <httplib.h>

#include "server/request_service.h"
#include "server/sampling.h"
#include "server/shared_store.h"
#include "server/route_table.h"

namespace km::server {

// Also the /api/sampling routes (quality sampling of the other organisation's items).
void register_request_routes(RouteTable& routes, SharedStore& store, RequestService& requests, Sampling& sampling);

}  // namespace km::server
