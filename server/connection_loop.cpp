#include "server/connection_loop.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <condition_variable>
#include <cstring>
#include <deque>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <unordered_map>
#include <vector>

#include "core/log.h"
#include "server/error_mapping.h"

namespace km::server {

namespace {

using Clock = std::chrono::steady_clock;

// One client connection: owns its socket, which it shuts down and closes once, when closed or
// destroyed (on every path), and counts itself in the loop's open connections meanwhile.
struct Connection {
  Connection(int socket, std::atomic<std::size_t>& open_count) : fd(socket), open(&open_count) { ++*open; }
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;
  ~Connection() { close(); }
  void close() {
    if (fd < 0) return;
    ::shutdown(fd, SHUT_RDWR);
    ::close(fd);
    fd = -1;
    --*open;
  }

  int fd = -1;
  std::atomic<std::size_t>* open;  // the loop's count of open connections
  std::string in;          // bytes received and not yet read by a request
  std::size_t served = 0;  // requests answered on this connection
  bool receiving = false;  // a byte of the next request has arrived
  bool peer_closed = false;  // the client has sent all it will (it may still read the answer)
  Clock::time_point first_byte;
  Clock::time_point deadline;
};

int poll_one(int fd, short events, std::chrono::milliseconds timeout) {
  pollfd p{fd, events, 0};
  int n;
  do n = ::poll(&p, 1, static_cast<int>(std::max<long long>(0, timeout.count())));
  while (n < 0 && errno == EINTR);
  return n;
}

// An answer written by the loop itself, before httplib has seen the request; then closed.
void refuse(int fd, int status, const char* reason, const std::string& code, const std::string& message) {
  const std::string body = to_body(error_body(status, code, message));
  std::string answer = "HTTP/1.1 " + std::to_string(status) + " " + reason +
                       "\r\nContent-Type: application/json\r\nConnection: close\r\nContent-Length: " +
                       std::to_string(body.size()) + "\r\n";
  if (status == 503) answer += "Retry-After: 1\r\n";
  answer += "\r\n" + body;
  (void)::send(fd, answer.data(), answer.size(), MSG_NOSIGNAL | MSG_DONTWAIT);  // best effort
}

void address_of(int fd, bool peer, std::string& ip, int& port) {
  sockaddr_storage address{};
  socklen_t length = sizeof(address);
  const int rc = peer ? ::getpeername(fd, reinterpret_cast<sockaddr*>(&address), &length)
                      : ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length);
  if (rc != 0) return;
  char text[INET6_ADDRSTRLEN] = {};
  if (address.ss_family == AF_INET) {
    const auto* v4 = reinterpret_cast<const sockaddr_in*>(&address);
    ::inet_ntop(AF_INET, &v4->sin_addr, text, sizeof(text));
    port = ntohs(v4->sin_port);
  } else if (address.ss_family == AF_INET6) {
    const auto* v6 = reinterpret_cast<const sockaddr_in6*>(&address);
    ::inet_ntop(AF_INET6, &v6->sin6_addr, text, sizeof(text));
    port = ntohs(v6->sin6_port);
  }
  ip = text;
}

// What httplib's process_request reads from and writes to: the bytes the loop already read,
// then the socket, each wait bounded by io_timeout and every read by the request's deadline.
class BufferedStream final : public httplib::Stream {
 public:
  BufferedStream(Connection& connection, std::chrono::milliseconds io_timeout, Clock::time_point deadline)
      : c_(connection), io_timeout_(io_timeout), deadline_(deadline) {}

  // The bytes the request read are dropped from the connection's buffer.
  ~BufferedStream() override { c_.in.erase(0, pos_); }

  bool is_readable() const override { return pos_ < c_.in.size() || poll_one(c_.fd, POLLIN, read_wait()) > 0; }
  bool is_writable() const override { return poll_one(c_.fd, POLLOUT, io_timeout_) > 0; }

  ssize_t read(char* ptr, size_t size) override {
    if (pos_ < c_.in.size()) {
      const std::size_t n = std::min(size, c_.in.size() - pos_);
      std::memcpy(ptr, c_.in.data() + pos_, n);
      pos_ += n;
      return static_cast<ssize_t>(n);
    }
    if (poll_one(c_.fd, POLLIN, read_wait()) <= 0) return -1;
    ssize_t n;
    do n = ::recv(c_.fd, ptr, size, MSG_DONTWAIT);
    while (n < 0 && errno == EINTR);
    return n;
  }

  ssize_t write(const char* ptr, size_t size) override {
    if (poll_one(c_.fd, POLLOUT, io_timeout_) <= 0) return -1;
    ssize_t n;
    do n = ::send(c_.fd, ptr, size, MSG_NOSIGNAL | MSG_DONTWAIT);
    while (n < 0 && errno == EINTR);
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) return 0;  // httplib writes the rest again
    return n;
  }

  void get_remote_ip_and_port(std::string& ip, int& port) const override { address_of(c_.fd, true, ip, port); }
  void get_local_ip_and_port(std::string& ip, int& port) const override { address_of(c_.fd, false, ip, port); }
  socket_t socket() const override { return c_.fd; }

 private:
  std::chrono::milliseconds read_wait() const {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline_ - Clock::now());
    return std::min(io_timeout_, left);
  }

  Connection& c_;
  std::chrono::milliseconds io_timeout_;
  Clock::time_point deadline_;
  std::size_t pos_ = 0;
};

}  // namespace

// One request at a time on a connection: httplib's process_request over a BufferedStream.
// `last` asks for Connection: close; `closed` says the client asked for it. Returns false when
// the connection cannot go on.
using ServeOne = std::function<bool(httplib::Stream&, bool last, bool& closed)>;

class ConnectionLoop {
 public:
  ConnectionLoop(FrontLimits limits, ServeOne serve) : limits_(limits), serve_(std::move(serve)) {}
  ~ConnectionLoop() { stop(); }

  void start() {
    epoll_ = ::epoll_create1(EPOLL_CLOEXEC);
    wake_ = ::eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
    epoll_event event{EPOLLIN, {.fd = wake_}};
    ::epoll_ctl(epoll_, EPOLL_CTL_ADD, wake_, &event);
    stopping_ = false;
    loop_thread_ = std::thread([this] { run_loop(); });
    for (int i = 0; i < std::max(1, limits_.workers); ++i) workers_.emplace_back([this] { run_worker(); });
  }

  void stop() {
    if (epoll_ < 0) return;
    {
      std::lock_guard lock(mutex_);
      stopping_ = true;
    }
    wake_loop();
    work_ready_.notify_all();
    if (loop_thread_.joinable()) loop_thread_.join();
    for (auto& worker : workers_) worker.join();
    workers_.clear();
    for (auto& c : returned_) c->close();
    returned_.clear();
    ::close(wake_);
    ::close(epoll_);
    epoll_ = wake_ = -1;
  }

  // From httplib's accept thread.
  void adopt(int fd) {
    if (open_ >= limits_.max_connections) {
      refuse(fd, 503, "Service Unavailable", "unavailable", "too many open connections; try again");
      ::close(fd);
      return;
    }
    ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) | O_NONBLOCK);
    auto c = std::make_unique<Connection>(fd, open_);
    c->deadline = Clock::now() + limits_.idle_timeout;
    give_back(std::move(c));
  }

  std::size_t open() const { return open_; }

 private:
  // --- the loop thread: every connection waiting for (the rest of) a request ---

  void run_loop() {
    std::vector<epoll_event> events(256);
    auto next_sweep = Clock::now();
    for (;;) {
      const int n = ::epoll_wait(epoll_, events.data(), static_cast<int>(events.size()), 100);
      {
        std::lock_guard lock(mutex_);
        if (stopping_) break;
      }
      for (int i = 0; i < n; ++i) {
        if (events[i].data.fd == wake_) {
          take_returned();
          continue;
        }
        on_readable(events[i].data.fd);
      }
      if (const auto now = Clock::now(); now >= next_sweep) {
        close_expired(now);
        next_sweep = now + std::chrono::milliseconds(100);
      }
    }
    for (auto& [fd, c] : waiting_) c->close();
    waiting_.clear();
  }

  void take_returned() {
    std::uint64_t count;
    (void)::read(wake_, &count, sizeof(count));
    std::deque<std::unique_ptr<Connection>> returned;
    {
      std::lock_guard lock(mutex_);
      returned.swap(returned_);
    }
    for (auto& c : returned) {
      epoll_event event{EPOLLIN, {.fd = c->fd}};
      if (::epoll_ctl(epoll_, EPOLL_CTL_ADD, c->fd, &event) != 0) {
        c->close();
        continue;
      }
      // Bytes may have arrived while it was away; a level-triggered epoll reports them.
      waiting_.emplace(c->fd, std::move(c));
    }
  }

  void on_readable(int fd) {
    const auto it = waiting_.find(fd);
    if (it == waiting_.end()) return;
    Connection& c = *it->second;
    const std::size_t cap = limits_.head.max_head_bytes + limits_.head.max_body_bytes + 4096;
    char chunk[16384];
    for (;;) {
      const ssize_t n = ::recv(fd, chunk, sizeof(chunk), MSG_DONTWAIT);
      if (n > 0) {
        c.in.append(chunk, static_cast<std::size_t>(n));
        if (c.in.size() > cap) break;
        continue;
      }
      if (n < 0 && errno == EINTR) continue;
      if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) break;
      if (n < 0) {
        drop(it);
        return;
      }
      c.peer_closed = true;  // a request sent before the client's shutdown is still answered
      break;
    }
    if (!c.receiving && !c.in.empty()) {
      c.receiving = true;
      c.first_byte = Clock::now();
      c.deadline = c.first_byte + limits_.head_deadline;
    }
    const HeadCheck head = check_head(c.in, limits_.head);
    if (head.state == HeadState::too_large) {
      refuse_too_large(c);
      drop(it);
      return;
    }
    if (head.state == HeadState::complete) c.deadline = c.first_byte + limits_.request_deadline;
    if (!head.whole(c.in.size())) {
      if (c.peer_closed) drop(it);
      return;
    }
    ::epoll_ctl(epoll_, EPOLL_CTL_DEL, fd, nullptr);
    auto owned = std::move(it->second);
    waiting_.erase(it);
    dispatch(std::move(owned));
  }

  void close_expired(Clock::time_point now) {
    for (auto it = waiting_.begin(); it != waiting_.end();) {
      auto next = std::next(it);
      if (it->second->deadline <= now) drop(it);
      it = next;
    }
  }

  void drop(std::unordered_map<int, std::unique_ptr<Connection>>::iterator it) {
    ::epoll_ctl(epoll_, EPOLL_CTL_DEL, it->first, nullptr);
    it->second->close();
    waiting_.erase(it);
  }

  void refuse_too_large(const Connection& c) {
    core::log::warn("request_head_too_large", {{"bytes", std::to_string(c.in.size())}});
    refuse(c.fd, 431, "Request Header Fields Too Large", "too_large",
           "the request head is too large (at most " + std::to_string(limits_.head.max_header_count) + " headers and " +
               std::to_string(limits_.head.max_head_bytes / 1024) + " KiB)");
  }

  void wake_loop() {
    const std::uint64_t one = 1;
    (void)::write(wake_, &one, sizeof(one));
  }

  void give_back(std::unique_ptr<Connection> c) {
    {
      std::lock_guard lock(mutex_);
      if (!stopping_) {
        returned_.push_back(std::move(c));
        c = nullptr;
      }
    }
    if (c) c->close();
    else wake_loop();
  }

  // --- the workers: one whole request at a time ---

  void dispatch(std::unique_ptr<Connection> c) {
    {
      std::lock_guard lock(mutex_);
      ready_.push_back(std::move(c));
    }
    work_ready_.notify_one();
  }

  void run_worker() {
    for (;;) {
      std::unique_ptr<Connection> c;
      {
        std::unique_lock lock(mutex_);
        work_ready_.wait(lock, [this] { return stopping_ || !ready_.empty(); });
        if (ready_.empty()) return;  // stopping, and every whole request has been answered
        c = std::move(ready_.front());
        ready_.pop_front();
      }
      serve(std::move(c));
    }
  }

  void serve(std::unique_ptr<Connection> c) {
    for (;;) {
      bool stopping;
      {
        std::lock_guard lock(mutex_);
        stopping = stopping_;
      }
      const bool last = stopping || c->served + 1 >= limits_.keep_alive_max;
      bool closed = false;
      bool ok;
      {
        BufferedStream stream(*c, limits_.io_timeout, Clock::now() + limits_.request_deadline);
        ok = serve_(stream, last, closed);
      }
      ++c->served;
      if (!ok || closed || last) break;
      // What followed the request: a pipelined one, the start of one, or nothing yet.
      const HeadCheck head = check_head(c->in, limits_.head);
      if (head.whole(c->in.size())) continue;
      if (c->peer_closed) break;
      if (head.state == HeadState::too_large) {
        refuse_too_large(*c);
        break;
      }
      c->receiving = !c->in.empty();
      c->first_byte = Clock::now();
      c->deadline = c->first_byte + (c->receiving ? limits_.head_deadline : limits_.idle_timeout);
      give_back(std::move(c));
      return;
    }
    c->close();
  }

  const FrontLimits limits_;
  const ServeOne serve_;
  int epoll_ = -1;
  int wake_ = -1;
  std::atomic<std::size_t> open_{0};
  std::thread loop_thread_;
  std::vector<std::thread> workers_;
  std::unordered_map<int, std::unique_ptr<Connection>> waiting_;  // the loop thread's only

  std::mutex mutex_;  // guards what follows
  bool stopping_ = false;
  std::deque<std::unique_ptr<Connection>> returned_;  // from adopt() and the workers, to the loop
  std::deque<std::unique_ptr<Connection>> ready_;     // whole requests, to the workers
  std::condition_variable work_ready_;
};

FrontedServer::FrontedServer(FrontLimits limits)
    : loop_(std::make_unique<ConnectionLoop>(limits, [this](httplib::Stream& stream, bool last, bool& closed) {
        return process_request(stream, last, closed, nullptr);
      })) {
  // SO_REUSEADDR only: cpp-httplib's default also sets SO_REUSEPORT, with which a second server
  // on the same port starts silently and shares the traffic.
  set_socket_options([this](socket_t sock) {
    int yes = 1;
    ::setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof(yes));
    listen_socket_ = sock;
  });
}

FrontedServer::~FrontedServer() { stop_front(); }

void FrontedServer::start_front() {
  // cpp-httplib listens with a backlog of 5: a burst of new connections then waits 1-3 s for
  // SYN retries. Listening again on the bound socket only raises the backlog.
  if (listen_socket_ >= 0) ::listen(listen_socket_, SOMAXCONN);
  loop_->start();
}
void FrontedServer::stop_front() { loop_->stop(); }
std::size_t FrontedServer::open_connections() const { return loop_->open(); }

bool FrontedServer::process_and_close_socket(socket_t sock) {
  loop_->adopt(sock);
  return true;
}

}  // namespace km::server
