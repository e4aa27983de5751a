#include <gmock/gmock.h>

#include <mutex>
#include <thread>

#include "core/error.h"
#include "server/webhooks.h"
#include "tests/server/server_fixture.h"

using km::testing::ServerTest;

// A local receiver that fails its first delivery, then accepts.
class Receiver {
 public:
  Receiver() {
    http_.Post("/hook", [this](const httplib::Request& req, httplib::Response& res) {
      std::lock_guard lock(mutex_);
      if (++calls_ == 1) {
        res.status = 500;
        return;
      }
      events_.push_back(nlohmann::json::parse(req.body));
    });
    port_ = http_.bind_to_any_port("127.0.0.1");
    thread_ = std::thread([this] { http_.listen_after_bind(); });
    while (!http_.is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  ~Receiver() {
    http_.stop();
    thread_.join();
  }
  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_) + "/hook"; }
  // Waits (up to 5 s) until `n` events arrived; returns them.
  std::vector<nlohmann::json> wait_for(std::size_t n) {
    for (int i = 0; i < 500; ++i) {
      {
        std::lock_guard lock(mutex_);
        if (events_.size() >= n) return events_;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    std::lock_guard lock(mutex_);
    return events_;
  }
  int calls() {
    std::lock_guard lock(mutex_);
    return calls_;
  }

 private:
  httplib::Server http_;
  std::thread thread_;
  int port_ = 0;
  std::mutex mutex_;
  int calls_ = 0;
  std::vector<nlohmann::json> events_;
};

class WebhooksTest : public ServerTest {
 protected:
  void configure(km::core::Config& config) override {
    config.webhook_urls = receiver_.url();
    config.webhook_retry_ms = 20;
  }
  Receiver receiver_;
};

TEST_F(WebhooksTest, RequestEventsArePostedAndAFailedDeliveryIsRetried) {
  add_user("p.expert", "partner", {km::core::Role::expert}, {"connectivity"});
  auto post = [&](const std::string& user, const std::string& path, const nlohmann::json& body) {
    auto res = client_->Post(path, auth(user), body.dump(), "application/json");
    EXPECT_TRUE(res && res->status < 300) << path;
    return nlohmann::json::parse(res->body);
  };
  const long long id = post("c.reader", "/api/requests", {{"question", "Outage keeps coming back"}})["request"]["id"];
  const std::string base = "/api/requests/" + std::to_string(id);
  post("p.expert", base + "/answers", {{"text", "Refer it."}});
  post("c.reader", base + "/accept", {{"rating", 4}});
  auto events = receiver_.wait_for(3);
  ASSERT_EQ(events.size(), 3u);
  std::vector<std::string> names;
  for (const auto& e : events) names.push_back(e["event"]);
  EXPECT_THAT(names, ::testing::UnorderedElementsAre("routed", "answered", "resolved"));
  for (const auto& e : events) EXPECT_EQ(e["data"]["id"], id);
  EXPECT_EQ(receiver_.calls(), 4);  // the first delivery failed once and was retried
}

TEST(WebhookUrls, AreCheckedAtStartUp) {
  EXPECT_EQ(km::server::split_url("http://127.0.0.1:9/a/b"), std::make_pair(std::string("http://127.0.0.1:9"), std::string("/a/b")));
  EXPECT_THROW(km::server::Webhooks({"ftp://x"}, 3, 10), km::core::InvalidInput);
}
