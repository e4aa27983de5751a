#pragma once
// Paging of the API's list answers (requests, the review queue, mappings): `page` and
// `per_page` query parameters, and the page's place in the whole list beside it.
#include <httplib.h>

#include <nlohmann/json.hpp>
#include <string>

namespace km::server {

// One page of a list answer, from `page` (from 1) and `per_page` (1 to kMaxPerPage, default
// kDefaultPerPage). Throws InvalidInput.
struct ListPage {
  static constexpr int kDefaultPerPage = 100;
  static constexpr int kMaxPerPage = 1000;
  int page = 1;
  int per_page = kDefaultPerPage;
};
ListPage list_page(const httplib::Request& req);

// {key: that page of `all`, "page", "per_page", "total" (all of them), "total_pages"}.
nlohmann::json paged(const std::string& key, const nlohmann::json& all, const ListPage& page);

}  // namespace km::server
