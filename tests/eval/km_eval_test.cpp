// km-eval end to end on a five-document fixture: convert, ingest with km-indexer, evaluate.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>

#include "core/error.h"
#include "eval/collection.h"
#include "tests/support/process.h"

using ::testing::HasSubstr;

namespace {
const std::string kData = std::string(KM_TEST_DATA_DIR) + "/eval";
const std::string kShared = KM_SHARED_DATA_DIR;
}  // namespace

TEST(Qrels, ReadsTrecAndTsvAndRejectsBadLines) {
  auto trec = km::eval::read_qrels(kData + "/qrels.trec");
  EXPECT_EQ(trec["1"]["d3"], 4);
  const std::string tsv = ::testing::TempDir() + "q.tsv";
  std::ofstream(tsv) << "7\td1\t2\n";
  EXPECT_EQ(km::eval::read_qrels(tsv)["7"]["d1"], 2);
  std::ofstream(tsv) << "7 d1\n";
  EXPECT_THROW(km::eval::read_qrels(tsv), km::core::InvalidInput);
  std::ofstream(tsv) << "7 d1 high\n";
  EXPECT_THROW(km::eval::read_qrels(tsv), km::core::InvalidInput);
}

TEST(KmEval, FigureEveryMetricOnAFixtureWithAKnownAnswer) {
  const std::string dir = ::testing::TempDir() + "km_eval";
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  auto converted = km::testing::run({KM_EVAL_BIN, "convert", kData + "/corpus.jsonl", dir + "/items.jsonl"});
  ASSERT_EQ(converted.exit_code, 0) << converted.err;
  EXPECT_THAT(converted.out, HasSubstr("5 items written"));
  ASSERT_EQ(km::testing::run({KM_INDEXER_BIN, "ingest", "--db", dir + "/db", dir + "/items.jsonl"}).exit_code, 0);
  auto result = km::testing::run({KM_EVAL_BIN, "--db", dir + "/db", "--queries", kData + "/queries.jsonl", "--qrels",
                                  kData + "/qrels.trec", "--json"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  auto json = nlohmann::json::parse(result.out);
  EXPECT_EQ(json["skipped_queries"], 1);  // query 3 has no relevant document
  ASSERT_EQ(json["systems"].size(), 3u);
  for (const auto& system : json["systems"]) {
    // Each query's single relevant document is the only one sharing its rare words, so every
    // system ranks it first: every metric is 1 except P@10 = 1/10.
    const auto& m = system["overall"];
    EXPECT_DOUBLE_EQ(m["ndcg@10"].get<double>(), 1.0) << system["name"];
    EXPECT_DOUBLE_EQ(m["map"].get<double>(), 1.0) << system["name"];
    EXPECT_DOUBLE_EQ(m["p@10"].get<double>(), 0.1) << system["name"];
    EXPECT_DOUBLE_EQ(m["recall@100"].get<double>(), 1.0) << system["name"];
    EXPECT_DOUBLE_EQ(m["mrr"].get<double>(), 1.0) << system["name"];
  }
  auto table = km::testing::run({KM_EVAL_BIN, "--db", dir + "/db", "--queries", kData + "/queries.jsonl", "--qrels",
                                 kData + "/qrels.trec", "--per-query"});
  EXPECT_THAT(table.out, HasSubstr("knowledge-market"));
  EXPECT_THAT(table.out, HasSubstr("sqlite-fts5"));
  EXPECT_THAT(table.out, HasSubstr("per query"));

  // --run: every ranking in TREC run format, the judged document first for each query.
  const std::string run_file = dir + "/run.txt";
  ASSERT_EQ(km::testing::run({KM_EVAL_BIN, "--db", dir + "/db", "--queries", kData + "/queries.jsonl", "--qrels",
                              kData + "/qrels.trec", "--no-baselines", "--run", run_file})
                .exit_code,
            0);
  std::ifstream run(run_file);
  std::map<std::string, std::string> first;
  std::string qid, q0, doc, system;
  int rank = 0;
  double score = 0;
  while (run >> qid >> q0 >> doc >> rank >> score >> system) {
    EXPECT_EQ(q0, "Q0");
    EXPECT_EQ(system, "knowledge-market");
    if (rank == 1) first[qid] = doc;
  }
  for (const auto& [id, judged] : km::eval::read_qrels(kData + "/qrels.trec")) {
    for (const auto& [doc_id, grade] : judged) {
      if (grade > 0 && first.count(id)) {
        EXPECT_EQ(first[id], doc_id) << "query " << id;
      }
    }
  }
  EXPECT_EQ(first.size(), 2u);  // the two queries with a relevant document
  EXPECT_EQ(km::testing::run({KM_EVAL_BIN, "--db", dir + "/db", "--queries", kData + "/queries.jsonl", "--qrels",
                              kData + "/qrels.trec", "--run", "/no/such/dir/run.txt"})
                .exit_code,
            2);
}

TEST(KmEval, UsageErrorsExitWithTwo) {
  EXPECT_EQ(km::testing::run({KM_EVAL_BIN, "--db", "/nonexistent"}).exit_code, 2);
  auto missing = km::testing::run({KM_EVAL_BIN, "--db", "/tmp", "--queries", "/no/file", "--qrels", "/no/file"});
  EXPECT_EQ(missing.exit_code, 2);
  EXPECT_THAT(missing.err, HasSubstr("/no/file: cannot be read"));
}
