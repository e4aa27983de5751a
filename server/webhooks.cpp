#include "server/webhooks.h"

#include <httplib.h>

#include <algorithm>

#include "core/error.h"
#include "core/log.h"
#include "core/text.h"

namespace km::server {

std::pair<std::string, std::string> split_url(const std::string& url) {
  const std::string scheme = "http://";
  if (url.rfind(scheme, 0) != 0 && url.rfind("https://", 0) != 0) {
    throw core::InvalidInput("webhook URL '" + url + "' must start with http:// or https://");
  }
  const std::size_t host_start = url.find("://") + 3;
  const std::size_t slash = url.find('/', host_start);
  if (slash == std::string::npos) return {url, "/"};
  return {url.substr(0, slash), url.substr(slash)};
}

Webhooks::Webhooks(std::vector<std::string> urls, int max_attempts, int retry_ms)
    : urls_(std::move(urls)), max_attempts_(max_attempts), retry_ms_(retry_ms) {
  for (const auto& url : urls_) split_url(url);  // refuse a bad URL at start-up, not at first use
  if (!urls_.empty()) worker_ = std::thread([this] { run(); });
}

Webhooks::~Webhooks() { stop(); }

void Webhooks::publish(const std::string& event, const nlohmann::json& payload) {
  if (urls_.empty()) return;
  const std::string body =
      nlohmann::json({{"event", event}, {"at", core::utc_timestamp()}, {"data", payload}}).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  {
    std::lock_guard lock(mutex_);
    if (stopping_) return;
    for (const auto& url : urls_) queue_.push_back({url, body, 0, std::chrono::steady_clock::now()});
  }
  wake_.notify_all();
}

void Webhooks::stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (worker_.joinable()) worker_.join();
}

bool Webhooks::deliver(const Delivery& d) {
  auto [origin, path] = split_url(d.url);
  httplib::Client client(origin);
  client.set_connection_timeout(2);
  client.set_read_timeout(5);
  auto res = client.Post(path, d.body, "application/json");
  return res && res->status >= 200 && res->status < 300;
}

void Webhooks::run() {
  std::unique_lock lock(mutex_);
  while (!stopping_) {
    if (queue_.empty()) {
      wake_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
      continue;
    }
    // The delivery due first; wait for it unless something else wakes us.
    auto next = std::min_element(queue_.begin(), queue_.end(), [](const auto& a, const auto& b) { return a.due < b.due; });
    if (next->due > std::chrono::steady_clock::now()) {
      wake_.wait_until(lock, next->due);
      continue;
    }
    Delivery d = *next;
    queue_.erase(next);
    lock.unlock();
    const bool ok = deliver(d);
    lock.lock();
    if (ok) continue;
    if (++d.attempt >= max_attempts_) {
      core::log::warn("webhook_dropped", {{"url", d.url}, {"attempts", std::to_string(d.attempt)}});
      continue;
    }
    d.due = std::chrono::steady_clock::now() + std::chrono::milliseconds(retry_ms_ << (d.attempt - 1));
    queue_.push_back(std::move(d));
  }
}

}  // namespace km::server
