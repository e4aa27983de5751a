#pragma once
// Metrics: request counters and a latency histogram, rendered in Prometheus text format.
// Thread-safe (one mutex; recording is a few map operations).
#include <array>
#include <map>
#include <mutex>
#include <string>
#include <tuple>

namespace km::server {

class Metrics {
 public:
  // `route` is the route's label (RouteTable::label_of: "/api/items/:id"), never the raw path:
  // bounded label values.
  void record(const std::string& method, const std::string& route, int status, double seconds);
  std::string render(std::size_t index_documents) const;

 private:
  static constexpr std::array<double, 10> kBuckets = {0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1, 5};
  mutable std::mutex mutex_;
  std::map<std::tuple<std::string, std::string, int>, unsigned long> requests_;
  std::map<std::string, std::array<unsigned long, kBuckets.size() + 1>> latency_;  // per route
  std::map<std::string, double> latency_sum_;
};

}  // namespace km::server
