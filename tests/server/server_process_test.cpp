// km-server as a process: start-up on a free port, and a clean stop on SIGTERM.
#include <gmock/gmock.h>
#include <httplib.h>

#include <chrono>
#include <filesystem>
#include <regex>
#include <thread>

#include "tests/support/process.h"

using ::testing::HasSubstr;

TEST(ServerProcess, ServesThenStopsCleanlyOnSigterm) {
  const std::string dir = ::testing::TempDir() + "server_process";
  std::filesystem::remove_all(dir);
  const std::string log = dir + ".log";
  pid_t pid = km::testing::spawn({KM_SERVER_BIN, "--db", dir, "--create", "--port", "0", "--web-dir", ""}, log, log);
  ASSERT_GT(pid, 0);
  int port = 0;
  for (int i = 0; i < 200 && port == 0; ++i) {
    std::smatch m;
    std::string text = km::testing::slurp(log);
    if (std::regex_search(text, m, std::regex("url=http://127.0.0.1:(\\d+)/"))) port = std::stoi(m[1]);
    else std::this_thread::sleep_for(std::chrono::milliseconds(25));
  }
  ASSERT_GT(port, 0) << km::testing::slurp(log);
  httplib::Client client("127.0.0.1", port);
  auto res = client.Get("/healthz");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);
  kill(pid, SIGTERM);
  EXPECT_EQ(km::testing::wait_exit(pid), 0);
  EXPECT_THAT(km::testing::slurp(log), HasSubstr("event=stopped"));
}

TEST(ServerProcess, BadConfigurationExitsWithTwo) {
  auto result = km::testing::run({KM_SERVER_BIN, "--port", "banana"});
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_THAT(result.err, HasSubstr("port: expected an integer"));
}

// Issue 10: a mistyped --db served a new, empty store; now it is an error unless --create.
TEST(ServerProcess, AMissingStoreIsAnErrorUnlessAskedFor) {
  const std::string dir = ::testing::TempDir() + "no-such-store";
  std::filesystem::remove_all(dir);
  auto result = km::testing::run({KM_SERVER_BIN, "--db", dir, "--port", "0"});
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_THAT(result.err, HasSubstr("no store in"));
  EXPECT_FALSE(std::filesystem::exists(dir));  // nothing created
}
