#include "server/search_params.h"

#include <algorithm>

#include "core/error.h"
#include "core/item.h"
#include "core/text.h"

namespace km::server {
namespace {

std::vector<std::string> list_param(const httplib::Request& req, const char* name) {
  std::vector<std::string> out;
  const std::size_t count = req.get_param_value_count(name);
  for (std::size_t i = 0; i < count; ++i) {
    const std::string value = req.get_param_value(name, i);
    std::size_t start = 0;
    while (start <= value.size()) {
      std::size_t end = std::min(value.find(',', start), value.size());
      if (end > start) out.push_back(value.substr(start, end - start));
      start = end + 1;
    }
  }
  return out;
}

std::string date_param(const httplib::Request& req, const char* name) {
  const std::string value = req.get_param_value(name);
  if (value.empty()) return value;
  auto parsed = core::parse_iso8601(value);
  if (!parsed) throw core::InvalidInput(std::string(name) + ": '" + value + "' is not an ISO 8601 date (YYYY-MM-DD)");
  return *parsed;
}

}  // namespace

int int_param(const httplib::Request& req, const char* name, int fallback, int min, int max) {
  if (!req.has_param(name)) return fallback;
  const auto out = core::parse_integer(req.get_param_value(name), min, max);
  if (!out) {
    throw core::InvalidInput(std::string(name) + " must be an integer from " + std::to_string(min) + " to " +
                             std::to_string(max));
  }
  return static_cast<int>(*out);
}

search::SearchParams parse_search_params(const httplib::Request& req, const core::Config& config) {
  search::SearchParams p;
  p.q = req.get_param_value("q");
  if (p.q.size() > config.max_query_length) {
    throw core::InvalidInput("q is too long (" + std::to_string(p.q.size()) + " bytes, at most " +
                             std::to_string(config.max_query_length) + ")");
  }
  if (!core::is_valid_utf8(p.q)) throw core::InvalidInput("q is not valid UTF-8");
  p.org = list_param(req, "org");
  p.kind = list_param(req, "kind");
  p.community = list_param(req, "community");
  p.concepts = list_param(req, "concept");
  p.status = list_param(req, "status");
  for (const auto& s : p.status) {
    if (!core::parse_status(s)) throw core::InvalidInput("status: '" + s + "' must be draft, validated or retired");
  }
  for (const auto& k : p.kind) {
    if (!core::parse_kind(k)) throw core::InvalidInput("kind: '" + k + "' must be lesson, good_practice, insight or answer");
  }
  p.from = date_param(req, "from");
  p.to = date_param(req, "to");
  const std::string sort = req.get_param_value("sort");
  if (sort == "newest") p.sort = search::SortOrder::newest;
  else if (!sort.empty() && sort != "relevance") throw core::InvalidInput("sort must be relevance or newest");
  p.page = int_param(req, "page", 1, 1, 1000);
  p.per_page = int_param(req, "per_page", 10, 1, 1000000);
  p.per_page = std::min(p.per_page, config.max_per_page);  // capped, not refused
  p.facet_limit = static_cast<std::size_t>(int_param(req, "facet_limit", 10, 0, 100000));
  p.expand = req.get_param_value("expand") != "0" && req.get_param_value("expand") != "false";
  p.include_related = req.get_param_value("related") == "1" || req.get_param_value("related") == "true";
  const std::string retired = req.get_param_value("include_retired");
  p.include_retired = retired == "1" || retired == "true" ||
                      std::find(p.status.begin(), p.status.end(), "retired") != p.status.end();
  return p;
}

}  // namespace km::server
