#include "server/http_server.h"

#include <gtest/gtest.h>
#include <httplib.h>

#include <nlohmann/json.hpp>

using km::core::Config;
using km::server::HttpServer;

class HttpServerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    config_.port = 0;
    config_.web_dir = "";
    config_.max_body_bytes = 4096;
    server_ = std::make_unique<HttpServer>(config_);
    client_ = std::make_unique<httplib::Client>("127.0.0.1", server_->start());
  }
  void TearDown() override { server_->stop(); }

  Config config_;
  std::unique_ptr<HttpServer> server_;
  std::unique_ptr<httplib::Client> client_;
};

TEST_F(HttpServerTest, HealthzAnswersOk) {
  auto res = client_->Get("/healthz");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);
  EXPECT_EQ(nlohmann::json::parse(res->body)["status"], "ok");
}

TEST_F(HttpServerTest, UnknownRouteIsAJson404) {
  auto res = client_->Get("/no/such/route");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 404);
  EXPECT_EQ(nlohmann::json::parse(res->body)["error"]["code"], "not_found");
}

TEST_F(HttpServerTest, OversizedBodyIsA413) {
  auto res = client_->Post("/healthz", std::string(8192, 'x'), "application/json");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 413);
}
