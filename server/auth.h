#pragma once
// Bearer-token authentication for /api routes.
// authenticate() throws km::core::Unauthorized (401) without a valid, unrevoked token;
// require() throws km::core::Forbidden (403) when the user lacks a role. Thread-safe.
#include <httplib.h>

#include "core/user.h"
#include "server/shared_store.h"

namespace km::server {

core::User authenticate(SharedStore& store, const httplib::Request& req);
void require(const core::User& user, core::Role role);

}  // namespace km::server
