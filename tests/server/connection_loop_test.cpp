// The connection loop (server/connection_loop.h) on its own: a FrontedServer with short limits
// and two routes, driven through raw sockets the way a slow, idle, pipelining or flooding client
// would. Issue 10: H1/H2 beyond the worker count, H5 (header count) and pipelining.
#include "server/connection_loop.h"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <string>
#include <thread>
#include <vector>

#include "tests/support/raw_socket.h"

namespace {

using km::server::FrontedServer;
using km::server::FrontLimits;
using namespace std::chrono_literals;

// A connection whose reads give up after 5 s.
int connect_to(int port) {
  const int fd = km::testing::connect_to(port);
  timeval timeout{5, 0};
  if (fd >= 0) setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof(timeout));
  return fd;
}

void send_all(int fd, const std::string& bytes) {
  ASSERT_EQ(send(fd, bytes.data(), bytes.size(), MSG_NOSIGNAL), static_cast<ssize_t>(bytes.size()));
}

// Everything the server sends until it closes the connection or is silent for the timeout.
std::string read_all(int fd) {
  std::string out;
  char buffer[4096];
  for (ssize_t n; (n = recv(fd, buffer, sizeof(buffer), 0)) > 0;) out.append(buffer, static_cast<std::size_t>(n));
  return out;
}

// Reads until `needle` has arrived (or the server closes, or is silent for 5 s).
std::string read_until(int fd, const std::string& needle) {
  std::string out;
  char buffer[4096];
  while (out.find(needle) == std::string::npos) {
    const ssize_t n = recv(fd, buffer, sizeof(buffer), 0);
    if (n <= 0) break;
    out.append(buffer, static_cast<std::size_t>(n));
  }
  return out;
}

// Whether the server has closed `fd` within `wait`.
bool closed_within(int fd, std::chrono::milliseconds wait) {
  const auto until = std::chrono::steady_clock::now() + wait;
  char byte;
  while (std::chrono::steady_clock::now() < until) {
    const ssize_t n = recv(fd, &byte, 1, MSG_DONTWAIT);
    if (n == 0 || (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK)) return true;
    std::this_thread::sleep_for(10ms);
  }
  return false;
}

class ConnectionLoopTest : public ::testing::Test {
 protected:
  void start(FrontLimits limits) {
    server_ = std::make_unique<FrontedServer>(limits);
    server_->Get("/hello", [](const httplib::Request& req, httplib::Response& res) {
      res.set_content("hello " + req.get_param_value("n"), "text/plain");
    });
    server_->Post("/echo", [](const httplib::Request& req, httplib::Response& res) {
      res.set_content(req.body, "text/plain");
    });
    port_ = server_->bind_to_any_port("127.0.0.1");
    server_->start_front();
    thread_ = std::thread([this] { server_->listen_after_bind(); });
    while (!server_->is_running()) std::this_thread::sleep_for(1ms);
  }

  static FrontLimits short_limits() {
    FrontLimits limits;
    limits.workers = 2;
    limits.head_deadline = 400ms;
    limits.request_deadline = 1000ms;
    limits.idle_timeout = 400ms;
    limits.io_timeout = 1000ms;
    return limits;
  }

  void TearDown() override {
    if (!server_) return;
    server_->stop();
    thread_.join();
    server_->stop_front();
  }

  // A normal client's request on a connection of its own, with how long it took.
  std::pair<std::string, std::chrono::milliseconds> hello() {
    const auto start = std::chrono::steady_clock::now();
    const int fd = connect_to(port_);
    send_all(fd, "GET /hello?n=1 HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n");
    std::string answer = read_all(fd);
    close(fd);
    return {answer, std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start)};
  }

  // Whether the server's count of open connections reaches `n` within a second (a connection
  // is counted out just after the client sees it closed).
  bool open_connections_become(std::size_t n) {
    for (int i = 0; i < 100; ++i, std::this_thread::sleep_for(10ms))
      if (server_->open_connections() == n) return true;
    return false;
  }

  std::unique_ptr<FrontedServer> server_;
  std::thread thread_;
  int port_ = 0;
};

TEST_F(ConnectionLoopTest, PipelinedRequestsAreAllAnsweredInOrder) {
  start(short_limits());
  const int fd = connect_to(port_);
  send_all(fd,
           "GET /hello?n=1 HTTP/1.1\r\nHost: t\r\n\r\n"
           "POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 5\r\n\r\nabcde"
           "GET /hello?n=3 HTTP/1.1\r\nHost: t\r\n\r\n");
  const std::string answers = read_until(fd, "hello 3");
  close(fd);
  const auto first = answers.find("hello 1"), second = answers.find("abcde"), third = answers.find("hello 3");
  ASSERT_NE(first, std::string::npos) << answers;
  ASSERT_NE(second, std::string::npos) << answers;
  ASSERT_NE(third, std::string::npos) << answers;
  EXPECT_LT(first, second);
  EXPECT_LT(second, third);
}

TEST_F(ConnectionLoopTest, MoreSlowAndIdleClientsThanWorkersHoldNoWorker) {
  FrontLimits limits = short_limits();
  limits.head_deadline = 5000ms;
  limits.request_deadline = 5000ms;
  limits.idle_timeout = 5000ms;
  start(limits);
  std::vector<int> held;
  for (int i = 0; i < 300; ++i) {  // 150 sending a head byte by byte, 150 silent; 2 workers
    held.push_back(connect_to(port_));
    ASSERT_GE(held.back(), 0);
    if (i % 2 == 0) send_all(held.back(), "GET /hello HTTP/1.1\r\nX-Slow: a");
  }
  const int body_fd = connect_to(port_);  // and one sending a POST body slowly
  send_all(body_fd, "POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 100\r\n\r\nabc");
  std::this_thread::sleep_for(200ms);

  const auto [answer, took] = hello();
  EXPECT_NE(answer.find("hello 1"), std::string::npos) << answer;
  EXPECT_LT(took, 1000ms);
  EXPECT_TRUE(open_connections_become(301)) << server_->open_connections();
  for (int fd : held) close(fd);
  close(body_fd);
}

TEST_F(ConnectionLoopTest, AHeadNotWholeByItsDeadlineIsCutOffAndAnIdleConnectionAfterItsTimeout) {
  start(short_limits());
  const int slow = connect_to(port_);
  const int idle = connect_to(port_);
  send_all(slow, "GET /hello HTTP/1.1\r\n");
  std::atomic<bool> trickling{true};
  std::thread trickle([&] {  // a header byte every 50 ms: never a read timeout, never a whole head
    send(slow, "X-Slow: ", 8, MSG_NOSIGNAL);
    while (trickling) {
      send(slow, "a", 1, MSG_NOSIGNAL);
      std::this_thread::sleep_for(50ms);
    }
  });
  EXPECT_FALSE(closed_within(slow, 200ms));
  EXPECT_TRUE(closed_within(slow, 1000ms)) << "a head trickling past its deadline was not cut off";
  EXPECT_TRUE(closed_within(idle, 1000ms)) << "an idle connection was kept past its timeout";
  trickling = false;
  trickle.join();
  close(slow);
  close(idle);
  EXPECT_TRUE(open_connections_become(0)) << server_->open_connections();
}

TEST_F(ConnectionLoopTest, AHeadOfMoreThanAHundredHeadersIsA431) {
  start(short_limits());
  auto request = [&](int headers) {
    std::string head = "GET /hello?n=7 HTTP/1.1\r\nHost: t\r\nConnection: close\r\n";
    for (int i = 2; i < headers; ++i) head += "X-" + std::to_string(i) + ": v\r\n";
    const int fd = connect_to(port_);
    send_all(fd, head + "\r\n");
    std::string answer = read_all(fd);
    close(fd);
    return answer;
  };
  EXPECT_NE(request(100).find("hello 7"), std::string::npos);
  const std::string refused = request(101);
  EXPECT_EQ(refused.rfind("HTTP/1.1 431", 0), 0u) << refused;
  EXPECT_NE(refused.find("\"code\":\"too_large\""), std::string::npos) << refused;
}

TEST_F(ConnectionLoopTest, MillionsOfHeadersAreCutOffAfterAtMostTheHeadAndBodyLimits) {
  start(short_limits());
  std::atomic<std::size_t> sent{0};
  std::thread flood([&] {
    const int fd = connect_to(port_);
    std::string chunk;
    for (int i = 0; i < 10000; ++i) chunk += "X-" + std::to_string(i) + ": v\r\n";
    send(fd, "GET /hello HTTP/1.1\r\n", 21, MSG_NOSIGNAL);
    for (int i = 0; i < 500; ++i) {  // 5,000,000 headers, 60 MB
      const ssize_t n = send(fd, chunk.data(), chunk.size(), MSG_NOSIGNAL);
      if (n <= 0) break;
      sent += static_cast<std::size_t>(n);
    }
    close(fd);
  });
  flood.join();
  // What the kernel's buffers took before the server closed the connection, and no more.
  EXPECT_LT(sent.load(), 16u << 20) << "the server read on past the head limit";
  EXPECT_NE(hello().first.find("hello 1"), std::string::npos);
  EXPECT_TRUE(open_connections_become(0)) << server_->open_connections();
}

TEST_F(ConnectionLoopTest, ConnectionsBeyondTheLimitAreA503) {
  FrontLimits limits = short_limits();
  limits.max_connections = 3;
  limits.idle_timeout = 5000ms;
  start(limits);
  std::vector<int> held;
  for (int i = 0; i < 3; ++i) held.push_back(connect_to(port_));
  std::this_thread::sleep_for(100ms);
  const auto [answer, took] = hello();
  EXPECT_EQ(answer.rfind("HTTP/1.1 503", 0), 0u) << answer;
  EXPECT_NE(answer.find("Retry-After: 1"), std::string::npos) << answer;
  close(held.back());
  held.pop_back();
  EXPECT_TRUE([&] {  // the freed place is taken by the next client
    for (int i = 0; i < 50; ++i, std::this_thread::sleep_for(20ms))
      if (hello().first.find("hello 1") != std::string::npos) return true;
    return false;
  }());
  for (int fd : held) close(fd);
}

TEST_F(ConnectionLoopTest, ARequestSentBeforeTheClientShutsItsSideIsAnswered) {
  start(short_limits());
  const int fd = connect_to(port_);
  send_all(fd, "POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 4\r\n\r\nbody");
  shutdown(fd, SHUT_WR);
  const std::string answer = read_all(fd);
  close(fd);
  EXPECT_NE(answer.find("\r\n\r\nbody"), std::string::npos) << answer;
}

TEST_F(ConnectionLoopTest, ABodyArrivingInPiecesAndOneAfterExpectContinueAreRead) {
  start(short_limits());
  const int fd = connect_to(port_);
  send_all(fd, "POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 10\r\n\r\n01234");
  std::this_thread::sleep_for(100ms);
  send_all(fd, "56789");
  EXPECT_NE(read_until(fd, "0123456789").find("0123456789"), std::string::npos);

  send_all(fd, "POST /echo HTTP/1.1\r\nHost: t\r\nExpect: 100-continue\r\nContent-Length: 3\r\n\r\n");
  EXPECT_NE(read_until(fd, "100 Continue").find("100 Continue"), std::string::npos);
  send_all(fd, "xyz");
  EXPECT_NE(read_until(fd, "xyz").find("xyz"), std::string::npos);
  close(fd);
}

}  // namespace
