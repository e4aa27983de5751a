// Issue 10: km-server killed with SIGKILL in the middle of a burst of writes (items, votes,
// requests), again and again. After each restart every acknowledged write is there, once, and
// the index agrees with the store (km-indexer check).
#include <gmock/gmock.h>
#include <httplib.h>

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>

#include <nlohmann/json.hpp>

#include <atomic>
#include <filesystem>
#include <mutex>
#include <random>
#include <regex>
#include <thread>

#include "tests/support/process.h"

namespace {

using km::testing::run;
using km::testing::slurp;

struct Server {
  pid_t pid = -1;
  int port = 0;
};

Server start(const std::string& dir, const std::string& log) {
  Server s;
  s.pid = km::testing::spawn({KM_SERVER_BIN, "--db", dir, "--port", "0", "--web-dir", ""}, log, log);
  for (int i = 0; i < 400 && s.port == 0; ++i) {
    std::smatch m;
    const std::string text = slurp(log);
    if (std::regex_search(text, m, std::regex("url=http://127.0.0.1:(\\d+)/"))) s.port = std::stoi(m[1]);
    else std::this_thread::sleep_for(std::chrono::milliseconds(25));
  }
  return s;
}

std::string token(const std::string& dir, const std::string& user) {
  const auto out = run({KM_INDEXER_BIN, "users", "--db", dir, "token", user}).out;
  return out.substr(out.rfind('\t') + 1, out.find_last_not_of("\n") - out.rfind('\t'));
}

// What the server acknowledged (a 2xx answer) before it was killed.
struct Acknowledged {
  std::mutex mutex;
  std::vector<std::string> items;
  std::vector<std::string> votes;  // item ids voted on by the voter
  std::vector<long> requests;
};

TEST(CrashRestart, EveryAcknowledgedWriteSurvivesAKillAndTheIndexAgreesWithTheStore) {
  const std::string dir = ::testing::TempDir() + "crash_restart";
  const std::string log = dir + ".log";
  std::filesystem::remove_all(dir);
  ASSERT_EQ(run({KM_INDEXER_BIN, "users", "--db", dir, "add", "c.writer", "client", "contributor"}).exit_code, 0);
  ASSERT_EQ(run({KM_INDEXER_BIN, "users", "--db", dir, "add", "c.asker", "client", "reader"}).exit_code, 0);
  const std::string writer = token(dir, "c.writer"), asker = token(dir, "c.asker");
  Acknowledged acked;
  std::mt19937 rng(20261203);
  int killed_mid_burst = 0;

  for (int round = 0; round < 5; ++round) {
    Server server = start(dir, log);
    ASSERT_GT(server.port, 0) << slurp(log);
    std::atomic<bool> writing{true};
    std::atomic<int> failures{0};
    auto burst = [&](auto write_one) {
      return std::thread([&, write_one] {
        for (int n = 0; writing; ++n) {
          if (!write_one(n)) ++failures;
        }
      });
    };
    std::thread items = burst([&](int n) {
      httplib::Client c("127.0.0.1", server.port);
      const std::string id = "client-crash-" + std::to_string(round) + "-" + std::to_string(n);
      const nlohmann::json body = {{"id", id}, {"title", "Crash note " + id}, {"body", "Written during round " + std::to_string(round)},
                                   {"status", "validated"}, {"visibility", "shared"}};
      auto res = c.Post("/api/items", {{"Authorization", "Bearer " + writer}}, body.dump(), "application/json");
      if (!res || res->status != 201) return false;
      std::lock_guard lock(acked.mutex);
      acked.items.push_back(id);
      return true;
    });
    std::thread others = burst([&](int n) {
      httplib::Client c("127.0.0.1", server.port);
      const httplib::Headers auth = {{"Authorization", "Bearer " + asker}};
      std::string target;
      {
        std::lock_guard lock(acked.mutex);
        if (!acked.items.empty()) target = acked.items[static_cast<std::size_t>(n) % acked.items.size()];
      }
      if (n % 2 == 0 && !target.empty()) {
        auto res = c.Post("/api/feedback", auth, nlohmann::json({{"item_id", target}, {"helpful", true}}).dump(), "application/json");
        if (!res || res->status != 200) return false;
        std::lock_guard lock(acked.mutex);
        acked.votes.push_back(target);
        return true;
      }
      auto res = c.Post("/api/requests", auth, nlohmann::json({{"question", "Why does the line drop, case " + std::to_string(n)}}).dump(),
                        "application/json");
      if (!res || res->status != 201) return false;
      std::lock_guard lock(acked.mutex);
      acked.requests.push_back(nlohmann::json::parse(res->body)["request"]["id"].get<long>());
      return true;
    });
    std::this_thread::sleep_for(std::chrono::milliseconds(300 + rng() % 500));
    kill(server.pid, SIGKILL);
    km::testing::wait_exit(server.pid);
    writing = false;
    items.join();
    others.join();
    if (failures > 0) ++killed_mid_burst;  // a write was cut off by the kill
  }
  EXPECT_GE(killed_mid_burst, 3) << "the kills did not land during writes: the test proved nothing";
  ASSERT_GT(acked.items.size(), 10u);

  // The restart indexes what the kill left pending; then every acknowledged write is there once.
  Server server = start(dir, log);
  ASSERT_GT(server.port, 0) << slurp(log);
  httplib::Client c("127.0.0.1", server.port);
  for (const std::string& id : acked.items) {
    auto res = c.Get("/api/items/" + id, {{"Authorization", "Bearer " + asker}});
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 200) << id;
    auto found = c.Get("/api/search?q=" + httplib::detail::encode_query_param("\"Crash note " + id + "\""),
                       {{"Authorization", "Bearer " + asker}});
    ASSERT_TRUE(found);
    EXPECT_EQ(nlohmann::json::parse(found->body)["total"], 1) << id << " is not searchable once";
  }
  for (long id : acked.requests) {
    auto res = c.Get("/api/requests/" + std::to_string(id), {{"Authorization", "Bearer " + asker}});
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 200) << "request " << id;
  }
  kill(server.pid, SIGTERM);
  EXPECT_EQ(km::testing::wait_exit(server.pid), 0);
  {
    SQLite::Database db(dir + "/km.sqlite");
    SQLite::Statement votes(db, "SELECT COUNT(*) FROM feedback WHERE user_id = 'c.asker' AND item_id = ?");
    for (const std::string& item : acked.votes) {
      votes.bind(1, item);
      ASSERT_TRUE(votes.executeStep());
      EXPECT_EQ(votes.getColumn(0).getInt(), 1) << "vote on " << item;
      votes.reset();
    }
  }
  const auto check = run({KM_INDEXER_BIN, "check", "--db", dir});
  EXPECT_EQ(check.exit_code, 0) << check.out << check.err;
}

}  // namespace
