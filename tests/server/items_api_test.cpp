#include <gmock/gmock.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <random>
#include <set>
#include <thread>

#include "tests/server/server_fixture.h"
#include "tests/support/process.h"
#include "tests/support/shard_servers.h"

using km::testing::ServerTest;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

class ItemsApiTest : public ServerTest {
 protected:
  httplib::Result post(const std::string& user, const nlohmann::json& body) {
    return client_->Post("/api/items", auth(user), body.dump(), "application/json");
  }
  httplib::Result patch(const std::string& user, const std::string& id, const nlohmann::json& body) {
    return client_->Patch("/api/items/" + id, auth(user), body.dump(), "application/json");
  }
  int total(const std::string& user, const std::string& query) {
    return get_json(user, "/api/search?q=" + query)["total"];
  }

  // Searches for `q` as `user` on `threads` threads, each with its own connection, until
  // stop(); every answer that is not a 200 is a failure, reported as it happens.
  class SearchLoad {
   public:
    SearchLoad(ItemsApiTest& test, const std::string& user, const std::string& q, int threads = 1) {
      for (int t = 0; t < threads; ++t) {
        threads_.emplace_back([&test, user, q, this] {
          httplib::Client c("127.0.0.1", test.port_);
          while (!done_) {
            auto r = c.Get("/api/search?q=" + q, test.auth(user));
            ++searches_;
            if (!r || r->status != 200) {
              ++failures_;
              ADD_FAILURE() << (r ? r->body : httplib::to_string(r.error()));
            }
          }
        });
      }
    }
    ~SearchLoad() { stop(); }
    void stop() {
      done_ = true;
      for (auto& t : threads_) {
        if (t.joinable()) t.join();
      }
    }
    int failures() const { return failures_; }
    int searches() const { return searches_; }

   private:
    std::atomic<bool> done_{false};
    std::atomic<int> failures_{0}, searches_{0};
    std::vector<std::thread> threads_;
  };
};

TEST_F(ItemsApiTest, CreatedItemsAreSearchableAtOnce) {
  auto res = post("c.contrib", {{"id", "client-new-1"}, {"title", "Quokka line faults"}, {"body", "Quokka boxes drop sync."},
                                {"visibility", "shared"}, {"status", "validated"}});
  ASSERT_TRUE(res);
  ASSERT_EQ(res->status, 201) << res->body;
  auto created = nlohmann::json::parse(res->body);
  EXPECT_EQ(created["org"], "client");
  EXPECT_EQ(created["author"], "c.contrib");
  EXPECT_THAT(ids(get_json("p.reader", "/api/search?q=quokka")["results"]), ElementsAre("client-new-1"));
  EXPECT_EQ(get_json("p.reader", "/api/items/client-new-1")["title"], "Quokka line faults");
}

TEST_F(ItemsApiTest, InvalidItemsAreRejectedAndChangeNothing) {
  auto res = post("c.contrib", {{"id", "client-bad-1"}, {"title", "Bad"}, {"body", "x"}, {"kind", "story"}});
  ASSERT_EQ(res->status, 400);
  auto error = nlohmann::json::parse(res->body)["error"];
  EXPECT_THAT(error["message"].get<std::string>(), HasSubstr("kind: 'story' must be one of"));
  EXPECT_EQ(get("c.lead", "/api/items/client-bad-1")->status, 404);

  auto malformed = client_->Post("/api/items", auth("c.contrib"), "{not json", "application/json");
  EXPECT_EQ(malformed->status, 400);
  EXPECT_EQ(nlohmann::json::parse(malformed->body)["error"]["code"], "invalid_json");
  auto bad_utf8 = client_->Post("/api/items", auth("c.contrib"), "{\"title\":\"\xC3(\",\"body\":\"x\"}", "application/json");
  EXPECT_EQ(bad_utf8->status, 400);
}

TEST_F(ItemsApiTest, DuplicateIdsAndOtherOrgsAreRefused) {
  ASSERT_EQ(post("c.contrib", {{"id", "client-dup"}, {"title", "Once"}, {"body", "x"}})->status, 201);
  EXPECT_EQ(post("c.contrib", {{"id", "client-dup"}, {"title", "Again"}, {"body", "x"}})->status, 409);
  EXPECT_EQ(post("c.contrib", {{"org", "partner"}, {"title", "Not mine"}, {"body", "x"}})->status, 403);
}

TEST_F(ItemsApiTest, AuthorsAndKmLeadsPatchOthersMayNot) {
  auto own = patch("c.contrib", "s-phrase", {{"title", "Escalation path for repeated outages"}});
  ASSERT_EQ(own->status, 200) << own->body;
  EXPECT_EQ(nlohmann::json::parse(own->body)["title"], "Escalation path for repeated outages");
  EXPECT_EQ(patch("c.lead", "s-phrase", {{"summary", "Use the escalation path."}})->status, 200);
  EXPECT_EQ(patch("c.reader", "s-phrase", {{"title", "Mine now"}})->status, 403);
  EXPECT_EQ(patch("p.contrib", "s-phrase", {{"title", "Mine now"}})->status, 403);
  EXPECT_EQ(patch("c.contrib", "s-phrase", {{"id", "other"}})->status, 400);
  EXPECT_EQ(patch("c.contrib", "s-phrase", {{"status", "final"}})->status, 400);
  EXPECT_EQ(get_json("c.reader", "/api/items/s-phrase")["title"], "Escalation path for repeated outages");
  EXPECT_EQ(total("c.reader", "repeated"), 1);
}

TEST_F(ItemsApiTest, DeleteRetiresAndNothingIsHardDeleted) {
  auto res = client_->Delete("/api/items/s-router-body", auth("c.contrib"));
  ASSERT_EQ(res->status, 200) << res->body;
  EXPECT_EQ(nlohmann::json::parse(res->body)["status"], "retired");
  EXPECT_EQ(get("c.contrib", "/api/items/s-router-body")->status, 404);
  EXPECT_EQ(total("p.connect", "router"), 1);
  EXPECT_EQ(get("c.lead", "/api/items/s-router-body?include_retired=1")->status, 200);
}

TEST_F(ItemsApiTest, SearchesStayCorrectWhileItemsAreWritten) {
  SearchLoad load(*this, "p.reader", "wombat", 3);
  for (int i = 0; i < 20; ++i) {
    auto r = post("p.contrib", {{"id", "partner-w-" + std::to_string(i)}, {"title", "Wombat note " + std::to_string(i)},
                                {"body", "Wombat burrows under cables."}, {"visibility", "shared"}, {"status", "validated"}});
    ASSERT_EQ(r->status, 201) << r->body;
  }
  load.stop();
  EXPECT_EQ(load.failures(), 0);
  EXPECT_GT(load.searches(), 0);
  EXPECT_EQ(total("p.reader", "wombat"), 20);
}

class LargeItemsApiTest : public ItemsApiTest {
 protected:
  void configure(km::core::Config& config) override { config.max_body_bytes = 2 << 20; }
};

// Issue 10, H6: a contributor's 1 MiB item took ~7 s to index while holding the store lock, and
// every search waited for it.
TEST_F(LargeItemsApiTest, H6SearchesAnswerWhileAOneMebibyteItemIsIndexed) {
  std::string body;
  std::mt19937 words(7);
  while (body.size() < (1 << 20) - 16) body += "w" + std::to_string(words() % 200000) + " ";
  SearchLoad load(*this, "p.reader", "wombat");
  while (load.searches() == 0) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  const int before = load.searches();
  httplib::Client writer("127.0.0.1", port_);
  writer.set_read_timeout(120, 0);  // indexing 1 MiB takes seconds, more on a busy machine
  const nlohmann::json item = {{"id", "partner-big"}, {"title", "A very long note"}, {"body", body},
                               {"visibility", "shared"}, {"status", "validated"}};
  const auto r = writer.Post("/api/items", auth("p.contrib"), item.dump(), "application/json");
  const int during = load.searches() - before;
  load.stop();
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 201) << r->body;
  EXPECT_GE(during, 5) << "searches waited for the write";
  EXPECT_EQ(load.failures(), 0);
  EXPECT_EQ(total("p.reader", "w" + std::to_string(std::mt19937(7)() % 200000)), 1);
}

TEST_F(ItemsApiTest, AnIngestAgainstALiveServerUnderSearchLoadLosesNothing) {
  const std::string file = ::testing::TempDir() + "live_ingest.jsonl";
  {
    std::ofstream out(file);
    for (int i = 0; i < 200; ++i) {
      out << nlohmann::json({{"id", "live-" + std::to_string(i)}, {"org", "partner"}, {"title", "Platypus case " + std::to_string(i)},
                             {"body", "Platypus faults on copper lines."}, {"visibility", "shared"}, {"status", "validated"}})
                 .dump()
          << "\n";
    }
  }
  SearchLoad load(*this, "c.reader", "platypus");
  std::thread writer([&] {
    for (int i = 0; i < 10; ++i) post("c.contrib", {{"id", "client-srv-" + std::to_string(i)}, {"title", "Platypus server " + std::to_string(i)},
                                                    {"body", "x"}, {"visibility", "shared"}, {"status", "validated"}});
  });
  auto ingest = km::testing::run({KM_INDEXER_BIN, "ingest", "--batch", "20", "--db", config_.db_dir, file});
  writer.join();
  load.stop();
  EXPECT_EQ(ingest.exit_code, 0) << ingest.err;
  EXPECT_THAT(ingest.out, HasSubstr("200 added"));
  EXPECT_EQ(load.failures(), 0);
  EXPECT_EQ(total("c.reader", "platypus"), 210);
}

TEST_F(ItemsApiTest, ARebuildAgainstALiveServerUnderLoadLosesNothing) {
  const int before = total("c.reader", "");
  SearchLoad load(*this, "c.reader", "router");
  std::thread writer([&] {
    for (int i = 0; i < 10; ++i) {
      auto r = post("c.contrib", {{"id", "client-reb-" + std::to_string(i)}, {"title", "Echidna rebuild " + std::to_string(i)},
                                  {"body", "x"}, {"visibility", "shared"}, {"status", "validated"}});
      if (!r || r->status != 201) ADD_FAILURE() << (r ? r->body : "no answer");
    }
  });
  std::vector<km::testing::ProcessResult> rebuilds;
  for (int i = 0; i < 3; ++i) rebuilds.push_back(km::testing::run({KM_INDEXER_BIN, "rebuild", "--db", config_.db_dir}));
  writer.join();
  load.stop();
  for (const auto& r : rebuilds) EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(load.failures(), 0);
  EXPECT_EQ(total("c.reader", "echidna"), 10);           // every write during the rebuilds is searchable
  EXPECT_EQ(total("c.reader", ""), before + 10);          // and nothing else came or went
  EXPECT_FALSE(std::filesystem::exists(km::core::index_path(config_.db_dir) + ".old"));
  EXPECT_FALSE(std::filesystem::exists(km::core::index_path(config_.db_dir) + ".rebuild"));
}

TEST_F(ItemsApiTest, ItemsPastTheirReviewDateQueueForTheirOwners) {
  auto create = [&](const std::string& id, const std::string& review_by) {
    ASSERT_EQ(post("c.contrib", {{"id", id}, {"title", "Review " + id}, {"body", "x"}, {"status", "validated"}, {"review_by", review_by}})->status, 201);
  };
  create("client-r-old", "2020-01-01");
  create("client-r-new", "2099-01-01");
  auto mine = get_json("c.contrib", "/api/items?review=due")["items"];
  ASSERT_EQ(mine.size(), 1u);
  EXPECT_EQ(mine[0]["id"], "client-r-old");
  EXPECT_EQ(get_json("c.lead", "/api/items?review=due")["items"].size(), 1u);  // km_lead of the org
  EXPECT_TRUE(get_json("c.reader", "/api/items?review=due")["items"].empty());
  EXPECT_TRUE(get_json("p.contrib", "/api/items?review=due")["items"].empty());
  // Revalidating moves the date on and empties the queue.
  ASSERT_EQ(patch("c.contrib", "client-r-old", {{"review_by", "2099-06-01"}})->status, 200);
  EXPECT_TRUE(get_json("c.contrib", "/api/items?review=due")["items"].empty());
  EXPECT_EQ(get_json("c.contrib", "/api/items?review=soon", 400)["error"]["code"], "invalid_input");
}

// The same server over an index in three shards: writes land in their item's shard and every
// search sees all three at once (ShardsTest compares the answers themselves).
class ShardedServerTest : public ItemsApiTest {
  void configure(km::core::Config& config) override { config.shards = "3"; }
};

TEST_F(ShardedServerTest, WritesLandInTheirShardAndSearchesSeeEveryShard) {
  for (int k = 0; k < 3; ++k) {
    EXPECT_TRUE(std::filesystem::exists(config_.db_dir + "/index/shard-" + std::to_string(k) + "/iamglass"));
  }
  const int before = total("c.lead", "");
  for (int i = 0; i < 12; ++i) {
    auto res = post("c.contrib", {{"id", "client-quokka-" + std::to_string(i)}, {"title", "Quokka line faults " + std::to_string(i)},
                                  {"body", "Quokka boxes drop sync."}, {"visibility", "shared"}, {"status", "validated"}});
    ASSERT_TRUE(res);
    ASSERT_EQ(res->status, 201) << res->body;
  }
  EXPECT_EQ(total("p.reader", "quokka"), 12);
  EXPECT_EQ(total("c.lead", ""), before + 12);
  std::set<std::size_t> shards;
  for (int i = 0; i < 12; ++i) shards.insert(km::core::shard_of("client-quokka-" + std::to_string(i), 3));
  EXPECT_EQ(shards.size(), 3u);  // the test writes to every shard
  ASSERT_EQ(patch("c.contrib", "client-quokka-4", {{"title", "Wombat line faults"}})->status, 200);
  EXPECT_EQ(total("p.reader", "quokka"), 12);  // still in every body
  EXPECT_THAT(ids(get_json("p.reader", "/api/search?q=wombat")["results"]), ElementsAre("client-quokka-4"));
  EXPECT_EQ(total("c.lead", ""), before + 12);  // replaced in its shard, not added to another
}

// km-server over two remote shards (xapian-tcpsrv pairs on loopback).
class RemoteShardsServerTest : public ItemsApiTest {
 protected:
  void configure(km::core::Config& config) override {
    if (!km::testing::ShardServers::available()) return;  // the test skips itself
    servers_ = std::make_unique<km::testing::ShardServers>(config.db_dir, 2);
    if (servers_->ok()) config.shards = servers_->setting();
  }
  bool running() const { return servers_ && servers_->ok(); }
  std::unique_ptr<km::testing::ShardServers> servers_;
};

TEST_F(RemoteShardsServerTest, WritesReachTheRemoteShardsAndADownShardIsANamed503) {
  if (!km::testing::ShardServers::available()) GTEST_SKIP() << "xapian-tcpsrv is absent (Debian xapian-tools): remote shards untested";
  ASSERT_TRUE(running()) << "xapian-tcpsrv did not start";
  const int before = total("c.lead", "");
  EXPECT_GT(before, 0);
  for (int i = 0; i < 6; ++i) {
    auto res = post("c.contrib", {{"id", "client-numbat-" + std::to_string(i)}, {"title", "Numbat line faults " + std::to_string(i)},
                                  {"body", "Numbat boxes drop sync."}, {"visibility", "shared"}, {"status", "validated"}});
    ASSERT_TRUE(res);
    ASSERT_EQ(res->status, 201) << res->body;
  }
  EXPECT_EQ(total("p.reader", "numbat"), 6);
  EXPECT_EQ(total("c.lead", ""), before + 6);
  servers_->stop_reader(1);
  auto res = client_->Get("/api/search?q=numbat", {{"Authorization", "Bearer " + tokens_["p.reader"]}});
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 503) << res->body;
  EXPECT_THAT(res->body, HasSubstr(servers_->reader_address(1)));
}
