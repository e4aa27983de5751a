// Issue 10, H1, H2 and H5 through km-server: clients that send their request a byte at a time
// (slowloris) or nothing at all, more of them than the server has workers (and than the 128 it
// once had); a head of too many headers; requests pipelined on one connection.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <thread>

#include "tests/server/server_fixture.h"
#include "tests/support/raw_socket.h"

using km::testing::connect_to;
using km::testing::ServerTest;

namespace {

// Whether the server has closed `fd` (a read returns 0 or fails at once).
bool closed_by_server(int fd) {
  char byte;
  return recv(fd, &byte, 1, MSG_DONTWAIT) == 0;
}

class SlowClientsTest : public ServerTest {};

TEST_F(SlowClientsTest, H1H2ASearchAnswersWhileFiftySlowAndTwentyIdleClientsHoldConnections) {
  std::vector<int> slow, idle;
  for (int i = 0; i < 50; ++i) {
    slow.push_back(connect_to(port_));
    send(slow.back(), "GET /api/search?q=router HTTP/1.1\r\nX-Slow: ", 43, MSG_NOSIGNAL);
  }
  for (int i = 0; i < 20; ++i) idle.push_back(connect_to(port_));
  for (int fd : slow) ASSERT_GE(fd, 0);
  for (int fd : idle) ASSERT_GE(fd, 0);
  // Each slow client sends its request line and then one header byte every 200 ms: never a
  // whole request, never a read timeout.
  std::atomic<bool> attacking{true};
  std::thread trickle([&] {
    while (attacking) {
      for (int fd : slow) send(fd, "a", 1, MSG_NOSIGNAL);
      std::this_thread::sleep_for(std::chrono::milliseconds(200));
    }
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(500));  // every attacker holds its worker

  httplib::Client normal("127.0.0.1", port_);
  normal.set_read_timeout(5, 0);
  const auto res = normal.Get("/api/search?q=router", auth("c.reader"));
  int slow_still_open = 0;
  for (int fd : slow) slow_still_open += closed_by_server(fd) ? 0 : 1;
  attacking = false;
  trickle.join();
  for (int fd : slow) close(fd);
  for (int fd : idle) close(fd);

  ASSERT_TRUE(res) << "no answer while slow clients held connections: " << httplib::to_string(res.error());
  EXPECT_EQ(res->status, 200);
  EXPECT_GT(nlohmann::json::parse(res->body)["total"].get<int>(), 0);
  EXPECT_EQ(slow_still_open, 50) << "the attack did not last through the search";
}

TEST_F(SlowClientsTest, H1ASearchAnswersWithinASecondWhileThreeHundredSlowClientsHoldConnections) {
  std::vector<int> slow;
  for (int i = 0; i < 300; ++i) {
    slow.push_back(connect_to(port_));
    ASSERT_GE(slow.back(), 0);
    send(slow.back(), "GET /api/search?q=router HTTP/1.1\r\nX-Slow: a", 45, MSG_NOSIGNAL);
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  httplib::Client normal("127.0.0.1", port_);
  normal.set_read_timeout(5, 0);
  const auto start = std::chrono::steady_clock::now();
  const auto res = normal.Get("/api/search?q=router", auth("c.reader"));
  const auto took = std::chrono::steady_clock::now() - start;
  for (int fd : slow) close(fd);
  ASSERT_TRUE(res) << httplib::to_string(res.error());
  EXPECT_EQ(res->status, 200);
  EXPECT_LT(took, std::chrono::seconds(1));
}

TEST_F(SlowClientsTest, H5AHeadOfTwoHundredHeadersIsRefusedWith431) {
  httplib::Headers headers = auth("c.reader");
  for (int i = 0; i < 200; ++i) headers.emplace("X-Flood-" + std::to_string(i), "v");
  httplib::Client client("127.0.0.1", port_);
  const auto res = client.Get("/api/search?q=router", headers);
  ASSERT_TRUE(res) << httplib::to_string(res.error());
  EXPECT_EQ(res->status, 431);
  EXPECT_EQ(nlohmann::json::parse(res->body)["error"]["code"], "too_large");
}

TEST_F(SlowClientsTest, SearchesPipelinedOnOneConnectionAreAllAnswered) {
  const int fd = connect_to(port_);
  ASSERT_GE(fd, 0);
  const std::string token = auth("c.reader").find("Authorization")->second;
  std::string requests;
  for (const char* q : {"router", "outage", "escalation"})
    requests += std::string("GET /api/search?q=") + q + " HTTP/1.1\r\nHost: t\r\nAuthorization: " + token + "\r\n\r\n";
  send(fd, requests.data(), requests.size(), MSG_NOSIGNAL);
  timeval timeout{5, 0};
  setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof(timeout));
  std::string answers;
  char buffer[65536];
  auto count = [&] {
    int n = 0;
    for (std::size_t at = 0; (at = answers.find("HTTP/1.1 200", at)) != std::string::npos; ++at) ++n;
    return n;
  };
  for (ssize_t n; count() < 3 && (n = recv(fd, buffer, sizeof(buffer), 0)) > 0;) answers.append(buffer, static_cast<std::size_t>(n));
  close(fd);
  EXPECT_EQ(count(), 3) << "cpp-httplib on its own answered only the first";
}

}  // namespace
