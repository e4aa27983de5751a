// km-eval end to end on a five-document fixture: convert, ingest with km-indexer, evaluate.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
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
}

TEST(KmEval, UsageErrorsExitWithTwo) {
  EXPECT_EQ(km::testing::run({KM_EVAL_BIN, "--db", "/nonexistent"}).exit_code, 2);
  auto missing = km::testing::run({KM_EVAL_BIN, "--db", "/tmp", "--queries", "/no/file", "--qrels", "/no/file"});
  EXPECT_EQ(missing.exit_code, 2);
  EXPECT_THAT(missing.err, HasSubstr("/no/file: cannot be read"));
}
