#pragma once
// The /api route table. Handlers are thin: authenticate, parse, call a service, serialise.
// Errors are thrown and mapped in server/error_mapping.cpp.
#include <httplib.h>

#include "core/config.h"
#include "core/service_level.h"
#include "search/index_readers.h"
#include "search/search_cache.h"
#include "server/item_service.h"
#include "server/shared_store.h"
#include "server/taxonomy_cache.h"
#include "server/route_table.h"

namespace km::server {

struct ApiContext {
  const core::Config& config;
  SharedStore& store;
  search::IndexReaders& readers;
  ItemService& items;
  TaxonomyCache& taxonomy;
  search::SearchCache& searches;
  const core::ServiceLevel& service_level;
};

void register_api_routes(RouteTable& routes, ApiContext& api);

}  // namespace km::server
