#pragma once
// Webhooks: request events (routed, answered, resolved; at_risk, overdue, escalated) POSTed as
// JSON to configured URLs, so the organisations can plug in mail or chat.
//
// publish() only queues (it never blocks a request); one delivery thread sends each event to
// every URL, retrying a failed delivery (connection error or non-2xx) with exponential backoff
// up to `max_attempts`, then logs it as dropped. stop() delivers nothing more and joins.
// Thread-safe.
#include <condition_variable>
#include <deque>
#include <mutex>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>
#include <vector>

namespace km::server {

class Webhooks {
 public:
  // `urls`: "http://host:port/path" each. `retry_ms`: the first backoff (doubles each time).
  Webhooks(std::vector<std::string> urls, int max_attempts, int retry_ms);
  ~Webhooks();
  Webhooks(const Webhooks&) = delete;
  Webhooks& operator=(const Webhooks&) = delete;

  void publish(const std::string& event, const nlohmann::json& payload);
  void stop();

 private:
  struct Delivery {
    std::string url;
    std::string body;
    int attempt = 0;
    std::chrono::steady_clock::time_point due;
  };
  void run();
  bool deliver(const Delivery& d);

  std::vector<std::string> urls_;
  int max_attempts_;
  int retry_ms_;
  std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<Delivery> queue_;
  bool stopping_ = false;
  std::thread worker_;
};

// Splits "http://host:port/path" into ("http://host:port", "/path"); throws InvalidInput.
std::pair<std::string, std::string> split_url(const std::string& url);

}  // namespace km::server
