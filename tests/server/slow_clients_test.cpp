// Issue 10, H1 and H2: clients that send their request a byte at a time (slowloris) or nothing
// at all hold a worker each; with 50 of them and 20 more idle, a normal search still answers
// while they are all connected.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <thread>

#include "tests/server/server_fixture.h"

using km::testing::ServerTest;

namespace {

int connect_to(int port) {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(static_cast<uint16_t>(port));
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof(address)) != 0) {
    close(fd);
    return -1;
  }
  return fd;
}

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

}  // namespace
