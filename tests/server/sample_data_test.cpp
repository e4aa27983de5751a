// The sample data in data/, served as the run command serves it: what the README promises.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <httplib.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <set>

#include "core/database.h"
#include "core/item_store.h"
#include "core/log.h"
#include "core/store_paths.h"
#include "core/user.h"
#include "indexer/index_writer.h"
#include "indexer/ingest.h"
#include "indexer/readers.h"
#include "server/app.h"
#include "search/search.h"
#include "taxonomy/import.h"
#include "taxonomy/suggestion_score.h"
#include "taxonomy/suggestions.h"
#include "taxonomy/usage.h"
#include "tests/support/process.h"

using ::testing::Contains;
using ::testing::HasSubstr;
using ::testing::Not;

namespace {
const std::string kData = KM_SAMPLE_DATA_DIR;
}

class SampleDataTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    km::core::log::set_level("warn");
    config_ = new km::core::Config;
    config_->db_dir = ::testing::TempDir() + "sample_data";
    config_->port = 0;
    config_->web_dir = "";
    std::filesystem::remove_all(config_->db_dir);
    std::filesystem::create_directories(config_->db_dir);
    {
      SQLite::Database db = km::core::open_database(km::core::sqlite_path(config_->db_dir));
      using km::taxonomy::import_scheme;
      import_scheme(db, kData + "/taxonomies/shared.csv", {"shared", "Shared", "", {}});
      import_scheme(db, kData + "/taxonomies/client.csv", {"client", "Brightline", "client", {}});
      import_scheme(db, kData + "/taxonomies/partner.csv", {"partner", "Helix", "partner", {}});
      km::taxonomy::import_mappings(db, kData + "/alignment.csv", "test");
      km::core::ItemStore store(db);
      km::indexer::IndexWriter writer(km::core::index_path(config_->db_dir), std::chrono::milliseconds(0));
      std::vector<km::indexer::SourceRecord> records;
      for (const auto& file : km::indexer::collect_inputs({kData + "/items"})) {
        auto more = km::indexer::read_file(file);
        records.insert(records.end(), more.begin(), more.end());
      }
      auto report = km::indexer::ingest(store, writer, records);
      ASSERT_EQ(report.rejected(), 0u) << report.rejections.front();
      ASSERT_GE(report.added, 300u);
      std::ifstream users_file(kData + "/users.json");
      km::core::UserStore users(db);
      for (const auto& j : nlohmann::json::parse(users_file)) users.put(km::core::User::from_json(j));
      tokens_ = new std::map<std::string, std::string>{{"c.amara", users.issue_token("c.amara")},
                                                       {"p.jonas", users.issue_token("p.jonas")},
                                                       {"c.niamh", users.issue_token("c.niamh")}};
    }
    app_ = new km::server::App(*config_);
    port_ = app_->start();
  }
  static void TearDownTestSuite() {
    app_->stop();
    delete app_;
    delete tokens_;
    delete config_;
  }

  nlohmann::json get_json(const std::string& user, const std::string& path) {
    httplib::Client client("127.0.0.1", port_);
    auto res = client.Get(path, {{"Authorization", "Bearer " + tokens_->at(user)}});
    EXPECT_TRUE(res && res->status == 200) << path << (res ? res->body : "");
    return res ? nlohmann::json::parse(res->body) : nlohmann::json();
  }

  static km::core::Config* config_;
  static km::server::App* app_;
  static std::map<std::string, std::string>* tokens_;
  static int port_;
};

km::core::Config* SampleDataTest::config_ = nullptr;
km::server::App* SampleDataTest::app_ = nullptr;
std::map<std::string, std::string>* SampleDataTest::tokens_ = nullptr;
int SampleDataTest::port_ = 0;

TEST_F(SampleDataTest, AClientSearchForCaseEscalationFindsThePartnersTicketReferralLessons) {
  auto body = get_json("c.amara", "/api/search?q=case%20escalation&per_page=5");
  bool partner_lesson = false;
  for (const auto& r : body["results"]) {
    if (r["org"] != "partner" || !r.contains("why")) continue;
    std::string why = r["why"].dump();
    std::transform(why.begin(), why.end(), why.begin(), [](unsigned char c) { return std::tolower(c); });
    if (why.find("ticket") != std::string::npos && why.find("referral") != std::string::npos) partner_lesson = true;
  }
  EXPECT_TRUE(partner_lesson) << body["results"].dump(1);
  // pa-032, "Refer repeat service-interruption tickets...", is written only in Helix words.
  std::vector<std::string> top;
  for (const auto& r : body["results"]) top.push_back(r["id"]);
  EXPECT_THAT(top, Contains("pa-032"));
}

TEST_F(SampleDataTest, APartnerSearchInItsOwnWordsFindsClientKnowledge) {
  auto body = get_json("p.jonas", "/api/search?q=ticket%20referral&per_page=10");
  bool client_item = false;
  for (const auto& r : body["results"]) client_item |= r["org"] == "client";
  EXPECT_TRUE(client_item);
}

TEST_F(SampleDataTest, BothAlignmentReportsHaveRealFigures) {
  for (const char* org : {"client", "partner"}) {
    auto r = get_json("c.amara", std::string("/api/taxonomy/alignment?org=") + org);
    EXPECT_GT(r["coverage"]["concept_share"].get<double>(), 0.5) << org;
    EXPECT_GT(r["coverage"]["items"].get<int>(), 0) << org;
    EXPECT_FALSE(r["unmapped"].empty()) << org;
    EXPECT_FALSE(r["one_way"].empty()) << org;
    EXPECT_FALSE(r["suggestions"].empty()) << org;
  }
  auto client = get_json("c.amara", "/api/taxonomy/alignment?org=client");
  EXPECT_THAT(client["conflicts"].dump(), HasSubstr("client:credit-note"));  // the deliberate double exactMatch
}

TEST_F(SampleDataTest, MappingSuggestionsScoreWellAgainstTheReferenceAlignment) {
  SQLite::Database db(km::core::sqlite_path(config_->db_dir));
  auto graph = km::taxonomy::ConceptGraph::load(db);
  auto score = km::taxonomy::score_suggestions(graph, km::taxonomy::read_reference_pairs(kData + "/alignment_reference.csv"),
                                               km::taxonomy::all_item_concepts(db));
  EXPECT_DOUBLE_EQ(score.threshold, km::taxonomy::kDefaultSuggestionThreshold);
  EXPECT_GE(score.f1, 0.9);  // issue 13's target at the fixed default threshold; the README has the figures
  EXPECT_EQ(score.reference, 107u);
}

TEST_F(SampleDataTest, KmEvalsRankingIsTheSearchRanking) {
  SQLite::Database db(km::core::sqlite_path(config_->db_dir));
  const auto graph = km::taxonomy::ConceptGraph::load(db);
  const auto user = km::core::UserStore(db).get("c.amara");
  ASSERT_TRUE(user);
  Xapian::Database index(km::core::index_path(config_->db_dir));
  for (const char* q : {"case escalation", "router firmware update", "customer wants to cancel", "refund-policy"}) {
    km::search::SearchParams p;
    p.q = q;
    p.per_page = 20;
    std::vector<std::string> shown;
    const nlohmann::json page = km::search::search(index, *user, p, graph);
    for (const auto& r : page["results"]) shown.push_back(r["id"]);
    EXPECT_FALSE(shown.empty()) << q;
    EXPECT_EQ(km::search::search_ids(index, *user, p, graph), shown) << q;
  }
}

// The sample's items pass their review-by dates as days go by, and the signals then count them
// stale: the judged figures are taken on a fixed day.
nlohmann::json eval_sample(const std::string& db_dir, const std::string& today) {
  auto result = km::testing::run({KM_EVAL_BIN, "--db", db_dir, "--queries", kData + "/eval/queries.jsonl", "--qrels",
                                  kData + "/eval/qrels.tsv", "--json", "--no-baselines", "--today", today});
  EXPECT_EQ(result.exit_code, 0) << result.err;
  return nlohmann::json::parse(result.out)["systems"][0]["overall"];
}

TEST_F(SampleDataTest, KmEvalJudgesFreshnessOnTheDayItIsGiven) {
  const auto early = eval_sample(config_->db_dir, "2023-01-01");  // before every review-by date
  EXPECT_EQ(eval_sample(config_->db_dir, "2023-01-01"), early);   // the same day, the same figures
  EXPECT_NE(eval_sample(config_->db_dir, "2026-12-03"), early);   // some items stale by then
}

TEST_F(SampleDataTest, SearchBeatsFts5ByTheTargetOnTheSamplesJudgedQueries) {
  auto result = km::testing::run({KM_EVAL_BIN, "--db", config_->db_dir, "--queries", kData + "/eval/queries.jsonl", "--qrels",
                                  kData + "/eval/qrels.tsv", "--json", "--today", "2026-12-03"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  const nlohmann::json report = nlohmann::json::parse(result.out);
  std::map<std::string, nlohmann::json> systems;
  for (const auto& s : report["systems"]) systems[s["name"]] = s["overall"];
  EXPECT_EQ(report["systems"][0]["queries"], 40);
  EXPECT_GE(systems.at("knowledge-market")["ndcg@10"].get<double>(), systems.at("sqlite-fts5")["ndcg@10"].get<double>() + 0.05);
  EXPECT_GE(systems.at("knowledge-market")["map"].get<double>(), systems.at("sqlite-fts5")["map"].get<double>());
}

// Issue 9: stop words are dropped whether or not the taxonomy expansion applies ("outage"
// names a concept; "for the" must not match every item nor be highlighted).
TEST_F(SampleDataTest, Issue9StopWordsAreDroppedWithOrWithoutExpansion) {
  const auto with_stop_words = get_json("c.niamh", "/api/search?q=outage%20for%20the&per_page=100");
  const auto alone = get_json("c.niamh", "/api/search?q=outage&per_page=100");
  ASSERT_FALSE(with_stop_words["expansions"].empty());
  EXPECT_EQ(with_stop_words["total"], alone["total"]);
  EXPECT_LT(with_stop_words["total"].get<int>(), 100);
  for (const auto& r : with_stop_words["results"]) {
    std::string snippet = r["snippet"];
    std::transform(snippet.begin(), snippet.end(), snippet.begin(), [](unsigned char c) { return std::tolower(c); });
    EXPECT_THAT(snippet, Not(HasSubstr("<mark>the</mark>"))) << r["id"];
    EXPECT_THAT(snippet, Not(HasSubstr("<mark>for</mark>"))) << r["id"];
  }
  // A worker's question full of small words still finds the lesson that answers it first.
  const auto question =
      get_json("c.niamh", "/api/search?q=Outage%20keeps%20coming%20back%20for%20the%20same%20customer%2C%20what%20do%20I%20do%3F");
  ASSERT_FALSE(question["results"].empty());
  EXPECT_EQ(question["results"][0]["id"], "cl-023");
}

// Issue 9: expansion only adds alternatives. For every judged query of data/eval, what the
// query finds without expansion it still finds with it.
TEST_F(SampleDataTest, Issue9ExpansionNeverLosesAMatch) {
  SQLite::Database db(km::core::sqlite_path(config_->db_dir));
  const auto graph = km::taxonomy::ConceptGraph::load(db);
  Xapian::Database index(km::core::index_path(config_->db_dir));
  int expanded = 0;
  for (const char* who : {"c.niamh", "p.jonas"}) {
    const auto user = km::core::UserStore(db).get(who);
    ASSERT_TRUE(user);
    std::ifstream queries(kData + "/eval/queries.jsonl");
    for (std::string line; std::getline(queries, line);) {
      km::search::SearchParams p;
      p.q = nlohmann::json::parse(line)["text"];
      p.per_page = 1000;
      const auto with = km::search::search_ids(index, *user, p, graph);
      p.expand = false;
      const auto without = km::search::search_ids(index, *user, p, graph);
      const std::set<std::string> found(with.begin(), with.end());
      for (const auto& id : without) EXPECT_TRUE(found.count(id)) << p.q << " loses " << id << " (" << who << ")";
      expanded += with.size() > without.size();
    }
  }
  EXPECT_GT(expanded, 10);  // expansion does add matches
}

// Issue 9: a several-word label whose synonym group holds one of its words on its own
// ("Devices and equipment" beside "equipment") is not searched as a phrase: the costliest part
// of a query, and it finds nothing the word does not. The search still finds everything its
// words and the other labels find.
TEST_F(SampleDataTest, Issue9ALabelHoldingAWordOfItsGroupIsNotSearchedAsAPhrase) {
  const auto page = get_json("c.niamh", "/api/search?q=equipment&per_page=100");
  std::set<std::string> labels;
  std::string all_words = "equipment";
  for (const auto& e : page["expansions"]) {
    const std::string label = e["label"];
    labels.insert(label);
    all_words += " OR %22" + label + "%22";
  }
  EXPECT_TRUE(labels.count("kit")) << page["expansions"].dump();
  EXPECT_FALSE(labels.count("Devices and equipment")) << page["expansions"].dump();
  EXPECT_FALSE(labels.count("customer equipment")) << page["expansions"].dump();
  for (auto at = all_words.find(' '); at != std::string::npos; at = all_words.find(' ')) all_words.replace(at, 1, "%20");
  const auto written_out = get_json("c.niamh", "/api/search?per_page=100&q=" + all_words);  // explicit syntax: not expanded
  EXPECT_GT(page["total"].get<int>(), 0);
  EXPECT_EQ(page["total"], written_out["total"]);
}
