#pragma once
// Reads GET /api/search parameters. Filters accept repeated parameters or comma-separated
// values (org=client,partner). Throws km::core::InvalidInput naming the bad parameter.
#include <httplib.h>

#include <string>
#include <vector>

#include "core/config.h"
#include "search/search.h"

namespace km::server {

// The query parameters GET /api/search takes (server/route_table.h refuses others).
inline const std::vector<std::string> kSearchParams = {"q",    "org",  "kind",     "community", "concept", "status", "from",
                                                       "to",   "sort", "page",     "per_page",  "expand",  "related",
                                                       "include_retired", "facet_limit"};

search::SearchParams parse_search_params(const httplib::Request& req, const core::Config& config);

// An integer query parameter in [min, max], or `fallback` when absent. Throws InvalidInput.
int int_param(const httplib::Request& req, const char* name, int fallback, int min, int max);

}  // namespace km::server
