#pragma once
// A real km-server (the production App wiring) on a free port over a fresh --db folder loaded
// with tests/data/search, plus users of both orgs with tokens.
#include <gtest/gtest.h>
#include <httplib.h>

#include <filesystem>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>

#include "core/config.h"
#include "core/database.h"
#include "core/index_layout.h"
#include "core/item_store.h"
#include "core/log.h"
#include "core/store_paths.h"
#include "core/user.h"
#include "indexer/index_writer.h"
#include "indexer/ingest.h"
#include "indexer/readers.h"
#include "search/search.h"
#include "server/app.h"
#include "taxonomy/routing.h"
#include "tests/taxonomy/fixture.h"

namespace km::testing {

class ServerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    config_.db_dir = ::testing::TempDir() + "server_" + info->test_suite_name() + "_" + info->name();
    std::filesystem::remove_all(config_.db_dir);
    std::filesystem::create_directories(config_.db_dir);
    core::log::set_level("warn");  // keep test output readable
    config_.port = 0;
    config_.web_dir = "";
    config_.max_body_bytes = 64 * 1024;
    configure(config_);
    load_fixture();
    app_ = std::make_unique<server::App>(config_);
    port_ = app_->start();
    client_ = std::make_unique<httplib::Client>("127.0.0.1", port_);
  }
  void TearDown() override { app_->stop(); }
  // Lets a test suite change the configuration before the server starts.
  virtual void configure(core::Config&) {}

  void load_fixture() {
    SQLite::Database db = core::open_database(core::sqlite_path(config_.db_dir));
    load_test_taxonomy(db);  // before the items, so that they index under the shared concepts
    taxonomy::import_routing(db, kTaxonomyDir + "/routing.csv");
    core::ItemStore store(db);
    indexer::IndexWriter writer(core::IndexLayout::parse(config_.db_dir, config_.shards), std::chrono::milliseconds(0));
    auto report = indexer::ingest(store, writer, indexer::read_file(std::string(KM_TEST_DATA_DIR) + "/search/items.jsonl"));
    ASSERT_EQ(report.rejected(), 0u) << report.rejections.front();
    core::UserStore users(db);
    auto add = [&](const std::string& id, const std::string& org, std::vector<core::Role> roles,
                   std::vector<std::string> communities) {
      users.put({id, id, org, std::move(communities), std::move(roles)});
      tokens_[id] = users.issue_token(id);
    };
    add("c.reader", "client", {core::Role::reader}, {"escalations"});
    add("c.billing", "client", {core::Role::reader}, {"billing"});
    add("c.contrib", "client", {core::Role::contributor}, {"connectivity", "billing"});
    add("c.lead", "client", {core::Role::km_lead}, {"retention"});
    add("p.reader", "partner", {core::Role::reader}, {"billing"});
    add("p.contrib", "partner", {core::Role::contributor}, {"connectivity", "devices"});
    add("p.connect", "partner", {core::Role::reader}, {"connectivity"});
  }

  // Adds a user (with a token) to the running server's store.
  void add_user(const std::string& id, const std::string& org, std::vector<core::Role> roles, std::vector<std::string> communities) {
    SQLite::Database db = core::open_database(core::sqlite_path(config_.db_dir));
    core::UserStore users(db);
    users.put({id, id, org, std::move(communities), std::move(roles)});
    tokens_[id] = users.issue_token(id);
  }

  httplib::Headers auth(const std::string& user) { return {{"Authorization", "Bearer " + tokens_.at(user)}}; }

  httplib::Result get(const std::string& user, const std::string& path) { return client_->Get(path, auth(user)); }

  nlohmann::json get_json(const std::string& user, const std::string& path, int expected_status = 200) {
    auto res = get(user, path);
    EXPECT_TRUE(res) << path;
    if (!res) return {};
    EXPECT_EQ(res->status, expected_status) << path << ": " << res->body;
    return nlohmann::json::parse(res->body);
  }

  static std::vector<std::string> ids(const nlohmann::json& results) {
    std::vector<std::string> out;
    for (const auto& r : results) out.push_back(r["id"]);
    return out;
  }

  // The results of q, with their raw scores, as `user` (the API keeps scores to itself).
  nlohmann::json scored_results(const std::string& user, const std::string& q) {
    SQLite::Database db = core::open_database(core::sqlite_path(config_.db_dir));
    const auto graph = taxonomy::ConceptGraph::load(db);
    Xapian::Database index(core::index_path(config_.db_dir));
    search::SearchParams p;
    p.q = q;
    return search::search(index, *core::UserStore(db).get(user), p, graph)["results"];
  }

  static int facet_count(const nlohmann::json& facets, const std::string& dim, const std::string& value) {
    for (const auto& f : facets[dim]) {
      if (f["value"] == value) return f["count"];
    }
    return 0;
  }

  core::Config config_;
  int port_ = 0;
  std::map<std::string, std::string> tokens_;
  std::unique_ptr<server::App> app_;
  std::unique_ptr<httplib::Client> client_;
};

}  // namespace km::testing
