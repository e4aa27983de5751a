#include "server/http_server.h"

#include <sys/resource.h>

#include <algorithm>
#include <chrono>

#include "core/error.h"
#include "core/log.h"
#include "server/error_mapping.h"
#include "server/json_body.h"

namespace km::server {

namespace {
// When the current worker thread started its request (set by the pre-routing hook, read by the
// logger: httplib runs both on the thread that serves the request).
thread_local std::chrono::steady_clock::time_point t_request_start;

// Requests refused before their body is read (the pre-routing hook runs first). cpp-httplib
// limits a Content-Length body to max_body_bytes but not a chunked one nor what a compressed
// one inflates to. Returns true when it answered.
bool refuse_unbounded(const httplib::Request& req, httplib::Response& res) {
  // A decoded path with a NUL or a control character: "/app.js%00.html" was served as HTML.
  if (std::any_of(req.path.begin(), req.path.end(), [](char c) { return static_cast<unsigned char>(c) < 0x20; })) {
    send_error(res, 400, "invalid_input", "the path holds a control character");
    return true;
  }
  // cpp-httplib answers any number of byte ranges, each a copy of the body (2,000 ranges made
  // one search a 130 MB answer). More than one is ignored, as RFC 9110 allows: the whole body
  // is sent once. The request object is httplib's own mutable one, handed to this hook as const.
  if (req.ranges.size() > 1) const_cast<httplib::Request&>(req).ranges.clear();
  if (req.has_header("Transfer-Encoding")) {
    send_error(res, 411, "length_required", "send the body with a Content-Length (chunked bodies are not accepted)");
    return true;
  }
  const std::string encoding = req.get_header_value("Content-Encoding");
  if (!encoding.empty() && encoding != "identity") {
    send_error(res, 415, "unsupported_encoding", "send the body uncompressed (Content-Encoding " + std::string(
                                                     encoding.size() > 20 ? "..." : encoding) + " is not accepted)");
    return true;
  }
  if (req.get_header_value_count("Authorization") > 1) {
    send_error(res, 400, "invalid_input", "send one Authorization header");
    return true;
  }
  return false;
}

// Headers every answer carries: the page has no inline script, and authenticated JSON is
// never cached by a browser or a proxy.
void add_security_headers(const httplib::Request& req, httplib::Response& res) {
  res.set_header("X-Content-Type-Options", "nosniff");
  res.set_header("Referrer-Policy", "no-referrer");
  res.set_header("Content-Security-Policy",
                 "default-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'");
  if (req.path.rfind("/api/", 0) == 0) res.set_header("Cache-Control", "no-store");
  if (res.status == 401) res.set_header("WWW-Authenticate", "Bearer");
  if (res.status == 503) res.set_header("Retry-After", "1");
}

FrontLimits front_limits(const core::Config& config) {
  FrontLimits limits;
  limits.workers = config.threads;
  limits.max_connections = static_cast<std::size_t>(config.max_connections);
  limits.head.max_body_bytes = config.max_body_bytes;
  return limits;
}

// Every open connection is a descriptor: lift the soft limit (often 1,024) to the hard one.
void raise_descriptor_limit() {
  rlimit limit{};
  if (getrlimit(RLIMIT_NOFILE, &limit) == 0 && limit.rlim_cur < limit.rlim_max) {
    limit.rlim_cur = limit.rlim_max;
    setrlimit(RLIMIT_NOFILE, &limit);
  }
}

}  // namespace

HttpServer::HttpServer(const core::Config& config, Metrics& metrics) : config_(config), http_(front_limits(config)) {
  http_.set_tcp_nodelay(true);  // without it Nagle + delayed ACK add ~40 ms per response
  http_.set_payload_max_length(config.max_body_bytes);
  // httplib's pool only hands each accepted socket to the connection loop, which holds idle
  // keep-alive connections without a worker.
  http_.new_task_queue = [] { return new httplib::ThreadPool(1); };
  http_.set_exception_handler(handle_exception);
  http_.set_pre_routing_handler([](const httplib::Request& req, httplib::Response& res) {
    t_request_start = std::chrono::steady_clock::now();
    return refuse_unbounded(req, res) ? httplib::Server::HandlerResponse::Handled
                                      : httplib::Server::HandlerResponse::Unhandled;
  });
  http_.set_post_routing_handler(add_security_headers);
  http_.set_logger([this, &metrics](const httplib::Request& req, const httplib::Response& res) {
    double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t_request_start).count();
    metrics.record(req.method, routes_.label_of(req.path), res.status, seconds);
    core::log::info("http", {{"method", req.method}, {"path", req.path}, {"status", std::to_string(res.status)},
                             {"ms", std::to_string(static_cast<long>(seconds * 1000))}});
  });
  http_.set_error_handler([this](const httplib::Request& req, httplib::Response& res) {
    // Only for errors no handler produced a body for (unknown route, 413 from the parser...).
    if (!res.body.empty()) return;
    if (res.status == 404) {
      if (const std::string allowed = routes_.allowed_methods(req.path); !allowed.empty()) {
        res.set_header("Allow", allowed);
        send_error(res, 405, "method_not_allowed", req.method + " is not a method of " + routes_.label_of(req.path) + " (" + allowed + ")");
        return;
      }
    }
    const bool bodiless = (req.method == "POST" || req.method == "PATCH") && !req.has_header("Content-Length") &&
                          !req.has_header("Transfer-Encoding");
    if (res.status == 404) send_error(res, 404, "not_found", "no such route");
    else if (res.status == 413) send_error(res, 413, "too_large", "request body is too large");
    else if (res.status == 400 && bodiless) {
      send_error(res, 400, "invalid_input", body_needed(req.method));
    }
    else send_error(res, res.status, "http_error", "HTTP error " + std::to_string(res.status));
  });
  routes_.get("/healthz", [](const httplib::Request&, httplib::Response& res) {
    res.set_content(R"({"status":"ok"})", "application/json");
  });
  if (!config_.web_dir.empty() && !http_.set_mount_point("/", config_.web_dir)) {
    core::log::warn("web_dir_missing", {{"web_dir", config_.web_dir}});
  }
}

HttpServer::~HttpServer() { stop(); }

int HttpServer::start() {
  port_ = config_.port == 0 ? http_.bind_to_any_port(config_.host)
                            : (http_.bind_to_port(config_.host, config_.port) ? config_.port : -1);
  if (port_ < 0) {
    throw core::Unavailable("cannot listen on " + config_.host + ":" + std::to_string(config_.port) +
                            " (port in use, or the address is not this machine's)");
  }
  raise_descriptor_limit();
  http_.start_front();
  thread_ = std::thread([this] { http_.listen_after_bind(); });
  while (!http_.is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  return port_;
}

void HttpServer::stop() {
  http_.stop();  // idempotent; makes listen_after_bind return
  join();
  http_.stop_front();  // answers the requests already whole, closes waiting connections
}

void HttpServer::wait() { join(); }

// stop() (from a signal-handling thread) and wait() (from main) may race to join the serving
// thread: the mutex makes exactly one of them join it.
void HttpServer::join() {
  std::lock_guard lock(join_mutex_);
  if (thread_.joinable()) thread_.join();
}

}  // namespace km::server
