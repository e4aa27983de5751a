#pragma once
// FrontedServer: an httplib::Server whose connections are read by one epoll thread and served by
// a pool of workers, so that no client can hold the server by being slow.
//
// Debian's cpp-httplib (0.11.4) gives every connection a worker for as long as it is open, reads
// a request head with no deadline and no limit on its header count, and drops requests pipelined
// after the first. FrontedServer overrides its process_and_close_socket: an accepted socket goes
// to the loop, which reads it without blocking until a whole request has arrived (its head, and
// a Content-Length body up to the body limit), and only then hands it to a worker, which runs
// httplib's own process_request (routing, handlers, the answer) over the bytes already read.
//
// Guarantees:
//  - a connection that is slow, idle or silent holds no worker: only a descriptor and its bytes;
//  - a head must arrive whole within head_deadline of its first byte, and a whole request
//    within request_deadline, or the connection is closed; an idle one after idle_timeout;
//  - a head of more than max_header_count headers or max_head_bytes is answered 431 and closed
//    before it is parsed (a million headers used to take ~100 MB each);
//  - bytes after one request are the next request (pipelining), answered in order;
//  - at most max_connections are open at once; a connection beyond them is answered 503.
// Threads: the loop thread owns every waiting connection; a worker owns the one it serves and
// gives it back to the loop. Bind first (the listening socket takes SO_REUSEADDR, not
// SO_REUSEPORT: a second server on a port in use fails to bind), then start_front() (which also
// raises the listen backlog from httplib's 5), then httplib's listen_after_bind(); stop_front()
// after its stop(): requests already whole are answered, waiting connections closed.
#include <httplib.h>

#include <chrono>
#include <cstddef>
#include <memory>

#include "server/request_head.h"

namespace km::server {

struct FrontLimits {
  HeadLimits head;
  int workers = 16;
  std::size_t max_connections = 10000;
  std::chrono::milliseconds head_deadline{10'000};
  std::chrono::milliseconds request_deadline{30'000};
  std::chrono::milliseconds idle_timeout{5'000};
  std::chrono::milliseconds io_timeout{5'000};  // a worker waiting to read or write
  std::size_t keep_alive_max = 1000;             // requests on one connection
};

class ConnectionLoop;

class FrontedServer : public httplib::Server {
 public:
  explicit FrontedServer(FrontLimits limits);
  ~FrontedServer() override;
  FrontedServer(const FrontedServer&) = delete;
  FrontedServer& operator=(const FrontedServer&) = delete;

  void start_front();
  void stop_front();
  // Connections open now, waiting or being served (for tests and /metrics).
  std::size_t open_connections() const;

 private:
  bool process_and_close_socket(socket_t sock) override;

  std::unique_ptr<ConnectionLoop> loop_;
  socket_t listen_socket_ = -1;
};

}  // namespace km::server
