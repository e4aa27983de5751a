#include "server/app.h"
#include "server/request_routes.h"
#include "server/taxonomy_routes.h"

#include <filesystem>

#include "core/log.h"
#include "core/store_paths.h"

namespace km::server {
namespace {

std::string prepare_db_dir(const core::Config& config) {
  std::filesystem::create_directories(config.db_dir);
  return core::sqlite_path(config.db_dir);
}

}  // namespace

App::App(const core::Config& config)
    : config_(config),
      store_(prepare_db_dir(config)),
      readers_(core::index_path(config.db_dir)),
      items_(store_, core::index_path(config.db_dir), std::chrono::seconds(10)),
      taxonomy_(store_),
      requests_(store_, items_, readers_, taxonomy_, ServiceLevel{}, [] { return std::time(nullptr); }),
      api_{config_, store_, readers_, items_, taxonomy_},
      http_(config, metrics_) {
  // Creates the index when missing, and catches up on anything an interrupted ingest left.
  if (std::size_t caught_up = items_.index_pending(); caught_up > 0) {
    core::log::info("indexed_pending", {{"items", std::to_string(caught_up)}});
  }
  register_api_routes(http_.http(), api_);
  register_taxonomy_routes(http_.http(), api_);
  register_request_routes(http_.http(), store_, requests_);
  http_.http().Get("/metrics", [this](const httplib::Request&, httplib::Response& res) {
    auto lease = readers_.acquire();
    res.set_content(metrics_.render(lease.db().get_doccount()), "text/plain; version=0.0.4");
  });
}

}  // namespace km::server
