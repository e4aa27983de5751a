#include <gmock/gmock.h>

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
