#include "server/list_page.h"

#include <algorithm>

#include "server/search_params.h"

namespace km::server {

ListPage list_page(const httplib::Request& req) {
  return {int_param(req, "page", 1, 1, 1000000), int_param(req, "per_page", ListPage::kDefaultPerPage, 1, ListPage::kMaxPerPage)};
}

nlohmann::json paged(const std::string& key, const nlohmann::json& all, const ListPage& page) {
  const std::size_t total = all.size();
  const std::size_t per_page = static_cast<std::size_t>(page.per_page);
  const std::size_t first = std::min(total, (static_cast<std::size_t>(page.page) - 1) * per_page);
  const std::size_t last = std::min(total, first + per_page);
  nlohmann::json slice = nlohmann::json::array();
  for (std::size_t i = first; i < last; ++i) slice.push_back(all[i]);
  return {{key, std::move(slice)},
          {"page", page.page},
          {"per_page", page.per_page},
          {"total", total},
          {"total_pages", (total + per_page - 1) / per_page}};
}

}  // namespace km::server
