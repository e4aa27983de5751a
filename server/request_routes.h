#pragma once
// The /api/requests route table (server/request_service.h does the work).
#include <httplib.h>

#include "server/request_service.h"
#include "server/shared_store.h"

namespace km::server {

void register_request_routes(httplib::Server& http, SharedStore& store, RequestService& requests);

}  // namespace km::server
