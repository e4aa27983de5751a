// Issue 10: a soak. Searches (good, filtered, misspelt and malformed), item writes, edits and
// retirements, requests answered and accepted, votes and the KM report, all at once against one
// server for KM_SOAK_SECONDS (20 by default; README gives a longer run): no 5xx, no dropped
// connection, and memory that does not climb with the number of requests.
#include <gmock/gmock.h>

#include <atomic>
#include <fstream>
#include <map>
#include <mutex>
#include <thread>

#include "tests/server/server_fixture.h"

using km::testing::ServerTest;

namespace {

long rss_kib() {
  std::ifstream status("/proc/self/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.rfind("VmRSS:", 0) == 0) return std::stol(line.substr(6));
  }
  return 0;
}

class SoakTest : public ServerTest {
 protected:
  void configure(km::core::Config& config) override { config.search_cache_entries = 50; }
};

TEST_F(SoakTest, MixedLoadGivesNo5xxAndFlatMemory) {
  add_user("p.expert", "partner", {km::core::Role::expert}, {"connectivity"});
  const char* seconds_env = std::getenv("KM_SOAK_SECONDS");
  const auto duration = std::chrono::seconds(seconds_env ? std::atoi(seconds_env) : 20);
  const auto end = std::chrono::steady_clock::now() + duration;
  std::mutex mutex;
  std::map<std::string, std::map<int, int>> statuses;  // kind -> status -> count
  std::atomic<int> failures{0};
  std::string first_error;
  auto record = [&](const std::string& kind, const httplib::Result& res) {
    std::lock_guard lock(mutex);
    if (!res) {
      ++failures;
      return;
    }
    ++statuses[kind][res->status];
    if (res->status >= 500 && first_error.empty()) first_error = res->body;
  };
  auto worker = [&](auto step) {
    return std::thread([&, step] {
      httplib::Client c("127.0.0.1", port_);
      c.set_read_timeout(30, 0);
      for (int n = 0; std::chrono::steady_clock::now() < end; ++n) step(c, n);
    });
  };
  const std::vector<std::string> queries = {"router", "escalation outage", "title:router", "router -modem", "org:partner refund",
                                            "ruoter", "\"line card\"", "(router", "router AND", "refund NOT billing"};
  std::vector<std::thread> threads;
  for (const char* user : {"c.reader", "p.reader"}) {
    threads.push_back(worker([&, user](httplib::Client& c, int n) {
      const std::string q = queries[static_cast<std::size_t>(n) % queries.size()];
      record("search", c.Get("/api/search?q=" + httplib::detail::encode_query_param(q) + (n % 3 ? "" : "&kind=lesson"), auth(user)));
    }));
  }
  threads.push_back(worker([&](httplib::Client& c, int n) {
    const std::string id = "client-soak-" + std::to_string(n);
    const nlohmann::json item = {{"id", id}, {"title", "Soak note " + std::to_string(n)}, {"body", "Router soak body " + std::to_string(n)},
                                 {"status", "validated"}, {"visibility", "shared"}};
    record("write", c.Post("/api/items", auth("c.contrib"), item.dump(), "application/json"));
    record("write", c.Patch("/api/items/" + id, auth("c.contrib"), R"({"summary":"edited"})", "application/json"));
    if (n % 4 == 0) record("write", c.Delete("/api/items/" + id, auth("c.contrib")));
    record("vote", c.Post("/api/feedback", auth("p.reader"), nlohmann::json({{"item_id", id}, {"helpful", n % 2 == 0}}).dump(),
                          "application/json"));
  }));
  threads.push_back(worker([&](httplib::Client& c, int n) {
    auto created = c.Post("/api/requests", auth("c.reader"),
                          nlohmann::json({{"question", "Outage keeps coming back, case " + std::to_string(n)}}).dump(),
                          "application/json");
    record("request", created);
    if (created && created->status == 201) {
      const std::string id = std::to_string(nlohmann::json::parse(created->body)["request"]["id"].get<long>());
      record("request", c.Post("/api/requests/" + id + "/answers", auth("p.expert"), R"({"text":"Swap the line card."})",
                               "application/json"));
      record("request", c.Post("/api/requests/" + id + "/accept", auth("c.reader"), R"({"rating":4})", "application/json"));
    }
    if (n % 10 == 0) record("report", c.Get("/api/reports/km", auth("c.lead")));
  }));
  std::this_thread::sleep_for(duration / 4);
  const long rss_warm = rss_kib();
  for (auto& t : threads) t.join();
  const long rss_end = rss_kib();

  int total = 0, server_errors = 0;
  std::string summary;
  for (const auto& [kind, by_status] : statuses) {
    summary += kind + ":";
    for (const auto& [status, count] : by_status) {
      summary += " " + std::to_string(status) + "x" + std::to_string(count);
      total += count;
      if (status >= 500) server_errors += count;
    }
    summary += "; ";
  }
  std::cout << "soak " << duration.count() << " s: " << total << " requests (" << summary << "), RSS " << rss_warm / 1024
            << " MiB after a quarter, " << rss_end / 1024 << " MiB at the end\n";
  EXPECT_EQ(server_errors, 0) << summary << "; the first: " << first_error;
  EXPECT_EQ(failures, 0) << "requests without an answer";
  EXPECT_GT(statuses["search"][200], 100) << "the soak did too little to prove anything";
  EXPECT_LT(rss_end - rss_warm, 128 * 1024) << "memory climbs with the number of requests";
}

}  // namespace
