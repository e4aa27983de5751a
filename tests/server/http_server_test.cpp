#include <gmock/gmock.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <thread>

#include "tests/server/server_fixture.h"

using km::testing::ServerTest;
using ::testing::HasSubstr;

class HttpBasicsTest : public ServerTest {};

TEST_F(HttpBasicsTest, HealthzNeedsNoToken) {
  auto res = client_->Get("/healthz");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);
  EXPECT_EQ(nlohmann::json::parse(res->body)["status"], "ok");
}

TEST_F(HttpBasicsTest, UnknownRouteIsAJson404) {
  auto res = client_->Get("/no/such/route");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 404);
  EXPECT_EQ(nlohmann::json::parse(res->body)["error"]["code"], "not_found");
}

TEST_F(HttpBasicsTest, OversizedBodyIsA413AndChangesNothing) {
  auto res = client_->Post("/api/items", auth("c.contrib"), std::string(128 * 1024, 'x'), "application/json");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 413);
  EXPECT_EQ(get_json("c.lead", "/api/search?q=&per_page=1")["total"], 7);
}

TEST_F(HttpBasicsTest, MetricsCountRequestsByRouteAndStatusAndReportDocuments) {
  get("c.reader", "/api/search?q=router");
  client_->Get("/api/search?q=router");
  // httplib calls the logger hook (which records metrics) after the response is sent: poll.
  httplib::Result res = client_->Get("/metrics");
  for (int i = 0; i < 100 && res && res->body.find("le=\"+Inf\"} 2") == std::string::npos; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
    res = client_->Get("/metrics");
  }
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);
  EXPECT_THAT(res->body, HasSubstr("km_http_requests_total{method=\"GET\",route=\"/api/search\",status=\"200\"} 1"));
  EXPECT_THAT(res->body, HasSubstr("km_http_requests_total{method=\"GET\",route=\"/api/search\",status=\"401\"} 1"));
  EXPECT_THAT(res->body, HasSubstr("km_http_request_duration_seconds_bucket{route=\"/api/search\",le=\"+Inf\"} 2"));
  EXPECT_THAT(res->body, HasSubstr("km_index_documents 10"));
}

// Issue 10 (HTTP hygiene) and issue 14 (one route table): a known path asked with another
// method is a 405 naming the methods it has; an unknown path stays a 404.
TEST_F(HttpBasicsTest, AKnownPathWithAnotherMethodIsA405WithAllow) {
  auto put = client_->Put("/api/search?q=router", auth("c.reader"), "{}", "application/json");
  ASSERT_TRUE(put);
  EXPECT_EQ(put->status, 405);
  EXPECT_EQ(put->get_header_value("Allow"), "GET");
  EXPECT_EQ(nlohmann::json::parse(put->body)["error"]["code"], "method_not_allowed");
  auto del = client_->Delete("/api/requests", auth("c.reader"));
  EXPECT_EQ(del->status, 405);
  EXPECT_EQ(del->get_header_value("Allow"), "POST, GET");
  auto post = client_->Post("/api/items/s-phrase", auth("c.contrib"), "{}", "application/json");
  EXPECT_EQ(post->status, 405);
  EXPECT_EQ(post->get_header_value("Allow"), "GET, PATCH, DELETE");
  EXPECT_EQ(client_->Get("/api/no-such-route", auth("c.reader"))->status, 404);
}

// Metrics labels come from the route table: every real route has its own (no "/api/other").
TEST_F(HttpBasicsTest, MetricsLabelEveryRouteByItsPattern) {
  get("c.reader", "/api/communities");
  get("c.reader", "/api/requests/12345/route");  // a POST route asked with GET: labelled all the same
  get("c.reader", "/api/items/s-phrase/similar");
  get("c.reader", "/api/nothing/here");
  httplib::Result res = client_->Get("/metrics");
  auto all_counted = [&] {
    return res && res->body.find("/api/unknown") != std::string::npos && res->body.find("/api/items/:id/similar") != std::string::npos;
  };
  for (int i = 0; i < 100 && !all_counted(); ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
    res = client_->Get("/metrics");
  }
  ASSERT_TRUE(res);
  for (const char* route : {"/api/communities", "/api/requests/:id/route", "/api/items/:id/similar", "/api/unknown"}) {
    EXPECT_THAT(res->body, HasSubstr("route=\"" + std::string(route) + "\"")) << route;
  }
  EXPECT_THAT(res->body, ::testing::Not(HasSubstr("/api/other")));
}

TEST_F(HttpBasicsTest, APostWithoutABodySaysWhatIsMissing) {
  // What `curl -X POST` without -d sends: no Content-Length at all (httplib's client would add
  // one), so the request is written on a plain socket.
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  ASSERT_GE(fd, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port_));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ASSERT_EQ(connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
  const std::string request = "POST /api/requests HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: " +
                              auth("c.reader").begin()->second + "\r\nConnection: close\r\n\r\n";
  ASSERT_EQ(write(fd, request.data(), request.size()), static_cast<ssize_t>(request.size()));
  // The server waits for a body until its read timeout (5 s), then answers.
  std::string response;
  char buffer[4096];
  for (ssize_t n; (n = read(fd, buffer, sizeof buffer)) > 0;) response.append(buffer, static_cast<std::size_t>(n));
  close(fd);
  EXPECT_THAT(response, ::testing::StartsWith("HTTP/1.1 400"));
  EXPECT_THAT(response, HasSubstr(R"x("message":"POST needs a JSON body (send {} when there is nothing to say)")x"));
}
