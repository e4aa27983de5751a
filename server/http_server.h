#pragma once
// HttpServer: km-server's HTTP front: route table, limits, logging, start and graceful stop.
//
// Owns the httplib::Server; borrows the Config. start() binds (port 0 = a free port) and serves
// on a background thread; stop() stops accepting, lets in-flight requests finish and joins.
// start/stop are called from one controlling thread; handlers run on httplib's worker pool.
// Throws km::core::Unavailable when the address cannot be bound.
#include <httplib.h>

#include <memory>
#include <thread>

#include "core/config.h"

namespace km::server {

class HttpServer {
 public:
  explicit HttpServer(const core::Config& config);
  ~HttpServer();
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  // Binds and starts serving; returns the bound port.
  int start();
  void stop();
  int port() const { return port_; }
  // Blocks until the server has stopped (after stop() from another thread).
  void wait();

 private:
  void register_routes();

  const core::Config& config_;
  httplib::Server http_;
  std::thread thread_;
  int port_ = 0;
};

}  // namespace km::server
