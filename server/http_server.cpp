#include "server/http_server.h"

#include <chrono>

#include "core/error.h"
#include "core/log.h"
#include "server/error_mapping.h"

namespace km::server {

HttpServer::HttpServer(const core::Config& config) : config_(config) {
  http_.set_tcp_nodelay(true);  // without it Nagle + delayed ACK add ~40 ms per response
  http_.set_payload_max_length(config.max_body_bytes);
  const int threads = config.threads;
  http_.new_task_queue = [threads] { return new httplib::ThreadPool(static_cast<std::size_t>(threads)); };
  http_.set_exception_handler(handle_exception);
  http_.set_logger([](const httplib::Request& req, const httplib::Response& res) {
    core::log::info("http", {{"method", req.method}, {"path", req.path}, {"status", std::to_string(res.status)}});
  });
  http_.set_error_handler([](const httplib::Request&, httplib::Response& res) {
    // Only for errors no handler produced a body for (unknown route, 413 from the parser...).
    if (!res.body.empty()) return;
    if (res.status == 404) send_error(res, 404, "not_found", "no such route");
    else if (res.status == 413) send_error(res, 413, "too_large", "request body is too large");
    else send_error(res, res.status, "http_error", "HTTP error " + std::to_string(res.status));
  });
  register_routes();
}

HttpServer::~HttpServer() { stop(); }

void HttpServer::register_routes() {
  http_.Get("/healthz", [](const httplib::Request&, httplib::Response& res) {
    res.set_content(R"({"status":"ok"})", "application/json");
  });
  if (!config_.web_dir.empty() && !http_.set_mount_point("/", config_.web_dir)) {
    core::log::warn("web_dir_missing", {{"web_dir", config_.web_dir}});
  }
}

int HttpServer::start() {
  port_ = config_.port == 0 ? http_.bind_to_any_port(config_.host)
                            : (http_.bind_to_port(config_.host, config_.port) ? config_.port : -1);
  if (port_ < 0) {
    throw core::Unavailable("cannot listen on " + config_.host + ":" + std::to_string(config_.port));
  }
  thread_ = std::thread([this] { http_.listen_after_bind(); });
  while (!http_.is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  return port_;
}

void HttpServer::stop() {
  if (http_.is_running()) http_.stop();
  if (thread_.joinable()) thread_.join();
}

void HttpServer::wait() {
  if (thread_.joinable()) thread_.join();
}

}  // namespace km::server
