#include "server/metrics.h"

#include <sstream>

namespace km::server {

void Metrics::record(const std::string& method, const std::string& route, int status, double seconds) {
  std::lock_guard lock(mutex_);
  ++requests_[{method, route, status}];
  auto& buckets = latency_[route];
  std::size_t i = 0;
  while (i < kBuckets.size() && seconds > kBuckets[i]) ++i;
  ++buckets[i];
  latency_sum_[route] += seconds;
}

std::string Metrics::render(std::size_t index_documents) const {
  std::lock_guard lock(mutex_);
  std::ostringstream out;
  out << "# HELP km_http_requests_total HTTP requests by method, route and status.\n"
      << "# TYPE km_http_requests_total counter\n";
  for (const auto& [key, count] : requests_) {
    const auto& [method, route, status] = key;
    out << "km_http_requests_total{method=\"" << method << "\",route=\"" << route << "\",status=\"" << status
        << "\"} " << count << "\n";
  }
  out << "# HELP km_http_request_duration_seconds Time to answer a request.\n"
      << "# TYPE km_http_request_duration_seconds histogram\n";
  for (const auto& [route, buckets] : latency_) {
    unsigned long cumulative = 0;
    for (std::size_t i = 0; i < kBuckets.size(); ++i) {
      cumulative += buckets[i];
      out << "km_http_request_duration_seconds_bucket{route=\"" << route << "\",le=\"" << kBuckets[i] << "\"} "
          << cumulative << "\n";
    }
    cumulative += buckets[kBuckets.size()];
    out << "km_http_request_duration_seconds_bucket{route=\"" << route << "\",le=\"+Inf\"} " << cumulative << "\n"
        << "km_http_request_duration_seconds_sum{route=\"" << route << "\"} " << latency_sum_.at(route) << "\n"
        << "km_http_request_duration_seconds_count{route=\"" << route << "\"} " << cumulative << "\n";
  }
  out << "# HELP km_index_documents Documents in the search index.\n"
      << "# TYPE km_index_documents gauge\n"
      << "km_index_documents " << index_documents << "\n";
  return out.str();
}

}  // namespace km::server
