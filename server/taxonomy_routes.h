#pragma once
// The /api/taxonomy route table: schemes, concept trees, mappings (propose, approve, reject)
// and alignment reports. Handlers are thin; errors are thrown and mapped centrally.
#include <httplib.h>

#include "server/api_routes.h"

namespace km::server {

void register_taxonomy_routes(RouteTable& routes, ApiContext& api);

}  // namespace km::server
