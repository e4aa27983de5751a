#pragma once
// App: everything km-server runs for one --db folder, built once and wired together.
//
// The constructor opens (and migrates) the store, creates the index if it is missing and
// indexes items an interrupted ingest left pending. start() serves on a background thread and
// returns the port; stop() lets in-flight requests finish. Built by main() and by the HTTP
// tests alike, so tests run exactly the production wiring.
#include <condition_variable>
#include <mutex>
#include <thread>

#include "core/config.h"
#include "core/service_level.h"
#include "server/api_routes.h"
#include "server/http_server.h"
#include "search/index_readers.h"
#include "server/item_service.h"
#include "server/metrics.h"
#include "server/request_service.h"
#include "server/sampling.h"
#include "server/shared_store.h"
#include "server/taxonomy_cache.h"
#include "server/webhooks.h"

namespace km::server {

class App {
 public:
  explicit App(const core::Config& config);
  ~App();
  // Serves, and starts the periodic service-level check of open requests.
  int start();
  // Stops the check and the server; in-flight requests finish first.
  void stop();
  void wait() { http_.wait(); }

 private:
  const core::Config& config_;
  const core::ServiceLevel service_level_;  // config.service_levels, or the defaults
  SharedStore store_;
  search::IndexReaders readers_;
  ItemService items_;
  TaxonomyCache taxonomy_;
  search::SearchCache searches_;
  Webhooks webhooks_;
  RequestService requests_;
  Sampling sampling_;
  Metrics metrics_;
  ApiContext api_;
  HttpServer http_;  // declared after the services it calls: stopped and destroyed first
  std::mutex checker_mutex_;
  std::condition_variable checker_wake_;
  bool checker_stop_ = false;
  std::thread checker_;
};

}  // namespace km::server
