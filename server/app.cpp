#include "server/app.h"
#include "server/report_routes.h"
#include "server/request_routes.h"
#include "server/taxonomy_routes.h"

#include <filesystem>
#include <fstream>

#include "core/csv.h"
#include "core/error.h"
#include "core/log.h"
#include "core/store_paths.h"

namespace km::server {
namespace {

std::string prepare_db_dir(const core::Config& config) {
  std::filesystem::create_directories(config.db_dir);
  return core::sqlite_path(config.db_dir);
}

// The system clock, or the time written in config.test_clock_file (a UTC timestamp, read at each
// call: tests and drills walk requests through weekends and holidays by rewriting it).
std::function<std::time_t()> clock_of(const core::Config& config) {
  if (config.test_clock_file.empty()) return [] { return std::time(nullptr); };
  return [path = config.test_clock_file] {
    std::ifstream in(path);
    std::string text;
    in >> text;
    try {
      return core::parse_utc(text);
    } catch (const core::InvalidInput&) {
      core::log::warn("test_clock_unreadable", {{"file", path}});
      return std::time(nullptr);
    }
  };
}

}  // namespace

App::App(const core::Config& config)
    : config_(config),
      service_level_(core::ServiceLevel::load_or_default(config.service_levels)),
      store_(prepare_db_dir(config)),
      readers_(core::IndexLayout::parse(config.db_dir, config.shards)),
      items_(store_, core::sqlite_path(config.db_dir), core::IndexLayout::parse(config.db_dir, config.shards),
             std::chrono::seconds(10)),
      taxonomy_(store_),
      searches_(static_cast<std::size_t>(config.search_cache_entries)),
      webhooks_(core::split_list(config.webhook_urls, ','), 5, config.webhook_retry_ms),
      requests_(store_, items_, readers_, taxonomy_, service_level_, clock_of(config),
                [this](const std::string& event, const nlohmann::json& request) { webhooks_.publish(event, request); }),
      sampling_(store_, static_cast<std::size_t>(config.sample_size)),
      api_{config_, store_, readers_, items_, taxonomy_, searches_, service_level_},
      http_(config, metrics_) {
  readers_.set_commit_gate(&items_.commit_gate());
  // Creates the index when missing, and catches up on anything an interrupted ingest left.
  if (std::size_t caught_up = items_.index_pending(); caught_up > 0) {
    core::log::info("indexed_pending", {{"items", std::to_string(caught_up)}});
  }
  register_api_routes(http_.routes(), api_);
  register_taxonomy_routes(http_.routes(), api_);
  register_report_routes(http_.routes(), api_);
  register_request_routes(http_.routes(), store_, requests_, sampling_);
  http_.routes().get("/metrics", [this](const httplib::Request&, httplib::Response& res) {
    auto lease = readers_.acquire();
    res.set_content(metrics_.render(lease.db().get_doccount()), "text/plain; version=0.0.4");
  });
}

int App::start() {
  const int port = http_.start();
  checker_ = std::thread([this] {
    std::unique_lock lock(checker_mutex_);
    while (!checker_wake_.wait_for(lock, std::chrono::seconds(config_.sla_check_seconds), [this] { return checker_stop_; })) {
      lock.unlock();
      try {
        if (std::size_t changed = requests_.check_service_levels(); changed > 0) {
          core::log::info("service_level_check", {{"requests_changed", std::to_string(changed)}});
        }
      } catch (const std::exception& e) {  // a failed check must not stop the next one
        core::log::error("service_level_check_failed", {{"what", e.what()}});
      }
      lock.lock();
    }
  });
  return port;
}

void App::stop() {
  {
    std::lock_guard lock(checker_mutex_);
    checker_stop_ = true;
  }
  checker_wake_.notify_all();
  if (checker_.joinable()) checker_.join();
  http_.stop();
  webhooks_.stop();
}

App::~App() { stop(); }

}  // namespace km::server
