#pragma once
// HttpServer: km-server's HTTP front: limits, access log, metrics, /healthz, static files,
// start and graceful stop. Routes are added through routes() before start().
//
// Owns the httplib::Server; borrows the Config and Metrics. start() binds (port 0 = a free port) and serves
// on a background thread; stop() stops accepting, lets in-flight requests finish and joins.
// start/stop are called from one controlling thread; handlers run on the connection loop's
// workers (server/connection_loop.h: no connection holds a worker while it waits).
// Throws km::core::Unavailable when the address cannot be bound.
#include <httplib.h>

#include <memory>
#include <mutex>
#include <thread>

#include "core/config.h"
#include "server/connection_loop.h"
#include "server/metrics.h"
#include "server/route_table.h"

namespace km::server {

class HttpServer {
 public:
  HttpServer(const core::Config& config, Metrics& metrics);
  ~HttpServer();
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  // Binds and starts serving; returns the bound port.
  int start();
  void stop();
  int port() const { return port_; }
  // Blocks until the server has stopped (after stop() from another thread).
  void wait();
  RouteTable& routes() { return routes_; }

 private:
  void join();

  const core::Config& config_;
  std::mutex join_mutex_;
  FrontedServer http_;
  RouteTable routes_{http_};
  std::thread thread_;
  int port_ = 0;
};

}  // namespace km::server
