// km-indexer end to end: the real binary, its exit codes and messages, and kill -9 recovery.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <xapian.h>

#include <nlohmann/json.hpp>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <random>
#include <thread>

#include "core/database.h"
#include "core/index_layout.h"
#include "core/index_schema.h"
#include "tests/support/process.h"

using km::testing::run;
using ::testing::HasSubstr;
namespace fs = std::filesystem;

namespace {

const std::string kBin = KM_INDEXER_BIN;
const std::string kData = KM_TEST_DATA_DIR;

std::string fresh_dir(const std::string& name) {
  std::string dir = ::testing::TempDir() + "cli_" + name;
  fs::remove_all(dir);
  return dir;
}

km::testing::ProcessResult indexer(std::vector<std::string> args) {
  args.insert(args.begin(), kBin);
  return run(args);
}

// A deterministic corpus big enough that a kill lands in the middle of an ingest.
std::string write_corpus(std::size_t count) {
  static const char* kWords[] = {"router", "refund", "outage", "ticket", "case",    "billing", "escalation",
                                 "caller", "fibre",  "modem",  "credit", "contract", "engineer", "visit",
                                 "delay",  "repeat", "signal", "roaming", "charge",  "callback"};
  std::string path = ::testing::TempDir() + "corpus_" + std::to_string(count) + ".jsonl";
  std::ofstream out(path);
  std::mt19937 rng(42);
  for (std::size_t i = 0; i < count; ++i) {
    std::string body;
    for (int w = 0; w < 80; ++w) body += std::string(kWords[rng() % 20]) + " ";
    nlohmann::json item = {{"id", "gen-" + std::to_string(i)}, {"org", i % 2 ? "client" : "partner"},
                           {"title", std::string(kWords[i % 20]) + " note " + std::to_string(i)},
                           {"body", body}, {"status", "validated"}};
    out << item.dump() << "\n";
  }
  return path;
}

// Everything a user could observe of a --db folder: store rows, pending flags, index contents.
struct Snapshot {
  std::vector<std::pair<std::string, std::string>> rows;  // id, content hash
  int pending = 0;
  std::size_t documents = 0;
  std::vector<std::string> id_terms;
  std::vector<std::vector<std::string>> results;
  bool operator==(const Snapshot&) const = default;
};

Snapshot snapshot(const std::string& dir, const std::string& shards = "1") {
  Snapshot s;
  SQLite::Database db(dir + "/km.sqlite");
  SQLite::Statement rows(db, "SELECT id, content_hash, index_pending FROM items ORDER BY id");
  while (rows.executeStep()) {
    s.rows.emplace_back(rows.getColumn(0).getString(), rows.getColumn(1).getString());
    s.pending += rows.getColumn(2).getInt();
  }
  Xapian::Database index = km::core::IndexLayout::parse(dir, shards).open();
  s.documents = index.get_doccount();
  for (auto t = index.allterms_begin("Q"); t != index.allterms_end("Q"); ++t) s.id_terms.push_back(*t);
  for (const char* q : {"router refund", "outage", "callback"}) {
    Xapian::Enquire enquire(index);
    Xapian::QueryParser parser;
    parser.set_stemmer(Xapian::Stem(km::core::schema::kLanguage));
    parser.set_stemming_strategy(Xapian::QueryParser::STEM_SOME);
    enquire.set_query(parser.parse_query(q));
    std::vector<std::string> ids;
    Xapian::MSet mset = enquire.get_mset(0, 20);
    for (auto m = mset.begin(); m != mset.end(); ++m) ids.push_back(km::core::schema::decode_document_data(m.get_document().get_data()).id);
    s.results.push_back(ids);
  }
  return s;
}

}  // namespace

TEST(Cli, UsageErrorsExitWithTwo) {
  auto none = indexer({});
  EXPECT_EQ(none.exit_code, 2);
  EXPECT_THAT(none.err, HasSubstr("usage: km-indexer"));
  EXPECT_EQ(indexer({"frobnicate", "--db", fresh_dir("usage")}).exit_code, 2);
  auto missing = indexer({"ingest", "--db", fresh_dir("usage"), "/no/such/file.jsonl"});
  EXPECT_EQ(missing.exit_code, 2);
  EXPECT_THAT(missing.err, HasSubstr("/no/such/file.jsonl: no such file or folder"));
  EXPECT_EQ(indexer({"ingest", "--db", fresh_dir("usage"), "--bogus", "x"}).exit_code, 2);
  // Numbers are whole numbers in range: "5x" is not 5 (std::stoul read it so), and nothing is ingested.
  for (const auto& [flag, value] : std::vector<std::pair<std::string, std::string>>{
           {"--batch", "5x"}, {"--batch", "0"}, {"--batch", "-3"}, {"--lock-wait", "1.5"}, {"--lock-wait", ""}}) {
    const std::string db = fresh_dir("usage_numbers");
    auto bad = indexer({"ingest", flag, value, "--db", db, kData + "/items"});
    EXPECT_EQ(bad.exit_code, 2) << flag << " " << value;
    EXPECT_THAT(bad.err, HasSubstr(flag + " takes a whole number")) << flag << " " << value;
    EXPECT_THAT(bad.err, HasSubstr("'" + value + "'"));
  }
}

TEST(Cli, IngestReportsCountsAndReingestReportsNothingChanged) {
  std::string db = fresh_dir("ingest");
  auto first = indexer({"ingest", "--db", db, kData + "/items"});
  EXPECT_EQ(first.exit_code, 0) << first.err;
  EXPECT_THAT(first.out, HasSubstr("8 added, 0 updated, 0 unchanged, 0 rejected"));
  auto second = indexer({"ingest", "--db", db, kData + "/items"});
  EXPECT_EQ(second.exit_code, 0);
  EXPECT_THAT(second.out, HasSubstr("0 added, 0 updated, 8 unchanged, 0 rejected"));
  EXPECT_THAT(second.out, HasSubstr("nothing changed"));
}

TEST(Cli, RejectedRecordsAreNamedByFileLineAndFieldAndExitWithOne) {
  std::string db = fresh_dir("rejected");
  std::string bad = ::testing::TempDir() + "bad.jsonl";
  std::ofstream(bad) << R"({"id":"ok","org":"client","title":"Fine","body":"x"})" "\n"
                     << R"({"id":"no","org":"client","title":"Bad kind","body":"x","kind":"story"})" "\n";
  auto result = indexer({"ingest", "--db", db, bad});
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_THAT(result.err, HasSubstr(bad + ":2: kind: 'story' must be one of lesson, good_practice"));
  EXPECT_THAT(result.out, HasSubstr("1 added, 0 updated, 0 unchanged, 1 rejected"));

  std::string strict_db = fresh_dir("strict");
  auto strict = indexer({"ingest", "--strict", "--db", strict_db, bad});
  EXPECT_EQ(strict.exit_code, 1);
  EXPECT_THAT(strict.err, HasSubstr("nothing was changed"));
  auto stats = indexer({"stats", "--json", "--db", strict_db});
  EXPECT_EQ(nlohmann::json::parse(stats.out)["items"], 0);
}

TEST(Cli, GetStatsAndRebuild) {
  std::string db = fresh_dir("get");
  ASSERT_EQ(indexer({"ingest", "--db", db, kData + "/items"}).exit_code, 0);
  auto got = indexer({"get", "--db", db, "t-2"});
  EXPECT_EQ(got.exit_code, 0);
  EXPECT_EQ(nlohmann::json::parse(got.out)["title"], "Referral checklist for service interruption tickets");
  auto missing = indexer({"get", "--db", db, "nope"});
  EXPECT_EQ(missing.exit_code, 1);
  EXPECT_THAT(missing.err, HasSubstr("no item with id 'nope'"));
  auto stats = nlohmann::json::parse(indexer({"stats", "--json", "--db", db}).out);
  EXPECT_EQ(stats["items"], 8);
  EXPECT_EQ(stats["index_documents"], 8);
  EXPECT_EQ(stats["by_org"]["partner"], 4);
  Snapshot before = snapshot(db);
  auto rebuilt = indexer({"rebuild", "--db", db});
  EXPECT_EQ(rebuilt.exit_code, 0) << rebuilt.err;
  EXPECT_THAT(rebuilt.out, HasSubstr("indexed 8 items"));
  EXPECT_EQ(snapshot(db), before);
}

// Bytes on disk of a Glass folder's files.
std::uintmax_t folder_bytes(const fs::path& folder) {
  std::uintmax_t bytes = 0;
  for (const auto& entry : fs::directory_iterator(folder)) {
    if (entry.is_regular_file()) bytes += entry.file_size();
  }
  return bytes;
}

// What Xapian's compactor could still reclaim from each of the two shards of `db`'s index: under
// 2% once compacted (18% of an index rebuilt without compacting, 60% of the ingested sample).
void expect_compact(const std::string& db) {
  for (const char* shard : {"shard-0", "shard-1"}) {
    const fs::path folder = fs::path(db) / "index" / shard;
    const fs::path again = fs::path(db) / (std::string(shard) + ".again");
    fs::remove_all(again);
    Xapian::Database(folder.string()).compact(again.string(), Xapian::Compactor::FULL);
    EXPECT_LE(folder_bytes(folder), folder_bytes(again) * 102 / 100) << shard;
  }
}

TEST(Cli, ARebuildLeavesACompactIndex) {
  const std::string db = fresh_dir("compact");
  ASSERT_EQ(indexer({"ingest", "--db", db, "--shards", "2", std::string(KM_SAMPLE_DATA_DIR) + "/items"}).exit_code, 0);
  const Snapshot before = snapshot(db, "2");
  auto rebuilt = indexer({"rebuild", "--db", db, "--shards", "2"});
  ASSERT_EQ(rebuilt.exit_code, 0) << rebuilt.err;
  EXPECT_EQ(snapshot(db, "2"), before);
  expect_compact(db);
}

TEST(Cli, CompactShrinksTheLiveIndexAndChangesNoAnswer) {
  const std::string db = fresh_dir("compact_live");
  const auto nothing = indexer({"compact", "--db", db});
  EXPECT_EQ(nothing.exit_code, 2);
  EXPECT_THAT(nothing.err, HasSubstr("no index in"));
  ASSERT_EQ(indexer({"ingest", "--db", db, "--shards", "2", std::string(KM_SAMPLE_DATA_DIR) + "/items"}).exit_code, 0);
  const Snapshot before = snapshot(db, "2");
  const std::uintmax_t ingested = folder_bytes(fs::path(db) / "index" / "shard-0");
  auto compacted = indexer({"compact", "--db", db, "--shards", "2"});
  ASSERT_EQ(compacted.exit_code, 0) << compacted.err;
  EXPECT_THAT(compacted.out, HasSubstr("compact: index "));
  EXPECT_LT(folder_bytes(fs::path(db) / "index" / "shard-0"), ingested);
  EXPECT_EQ(snapshot(db, "2"), before);  // every item, document and answer as before
  EXPECT_FALSE(fs::exists(db + "/index.compact"));
  EXPECT_FALSE(fs::exists(db + "/index.old"));
  expect_compact(db);
  // The index takes writes afterwards: an item added lands and is found.
  ASSERT_EQ(indexer({"ingest", "--db", db, "--shards", "2", kData + "/items"}).exit_code, 0);
  EXPECT_EQ(nlohmann::json::parse(indexer({"stats", "--json", "--db", db, "--shards", "2"}).out)["index_documents"],
            before.documents + 8);
}

TEST(Cli, ShardsAreASettingAndAnotherCountIsRefusedUntilARebuildReshards) {
  std::string db = fresh_dir("shards");
  auto ingested = indexer({"ingest", "--db", db, "--shards", "3", kData + "/items"});
  ASSERT_EQ(ingested.exit_code, 0) << ingested.err;
  for (int k = 0; k < 3; ++k) EXPECT_TRUE(std::filesystem::exists(db + "/index/shard-" + std::to_string(k) + "/iamglass"));
  EXPECT_EQ(nlohmann::json::parse(indexer({"stats", "--json", "--db", db, "--shards", "3"}).out)["index_documents"], 8);
  auto refused = indexer({"stats", "--db", db});  // the default, 1 shard
  EXPECT_EQ(refused.exit_code, 2);
  EXPECT_THAT(refused.err, HasSubstr("has 3 shard(s) but the shards setting says 1"));
  EXPECT_THAT(refused.err, HasSubstr("km-indexer rebuild --db " + db + " --shards 1"));
  EXPECT_EQ(indexer({"ingest", "--db", db, kData + "/items"}).exit_code, 2);  // nothing written in the wrong shard
  auto resharded = indexer({"rebuild", "--db", db, "--shards", "2"});
  EXPECT_EQ(resharded.exit_code, 0) << resharded.err;
  EXPECT_FALSE(std::filesystem::exists(db + "/index/shard-2"));
  EXPECT_EQ(indexer({"check", "--db", db, "--shards", "2"}).exit_code, 0);
  ASSERT_EQ(indexer({"rebuild", "--db", db}).exit_code, 0);  // back to the one folder of old
  Snapshot one = snapshot(db);
  EXPECT_EQ(one.documents, 8u);
  EXPECT_EQ(one.pending, 0);
  auto bad = indexer({"stats", "--db", db, "--shards", "tcp://host"});
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_THAT(bad.err, HasSubstr("tcp://host:port"));
}

TEST(Cli, ALockedIndexIsAClearErrorAndChangesNothing) {
  std::string db = fresh_dir("locked");
  ASSERT_EQ(indexer({"ingest", "--db", db, kData + "/items/support.jsonl"}).exit_code, 0);
  Xapian::WritableDatabase holder(db + "/index");  // plays a running km-server
  auto result = indexer({"ingest", "--lock-wait", "0", "--db", db, kData + "/items"});
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_THAT(result.err, HasSubstr("locked by another writer"));
  EXPECT_EQ(indexer({"rebuild", "--lock-wait", "0", "--db", db}).exit_code, 2);
}

// Kills `km-indexer ingest` (with `layout`: extra arguments such as --shards) at several moments;
// after check --repair, or a rerun, the store and index are those of an uninterrupted run.
void expect_kills_lose_nothing(const std::string& name, const std::vector<std::string>& layout) {
  auto with = [&](std::vector<std::string> args) {
    args.insert(args.end(), layout.begin(), layout.end());
    return args;
  };
  const std::string shards = layout.empty() ? "1" : layout.back();
  const std::string corpus = write_corpus(3000);
  const std::string reference = fresh_dir(name + "_reference");
  ASSERT_EQ(indexer(with({"ingest", "--batch", "50", "--db", reference, corpus})).exit_code, 0);
  const Snapshot expected = snapshot(reference, shards);
  ASSERT_EQ(expected.documents, 3000u);

  int interrupted = 0;
  for (int delay_ms : {5, 40, 120, 300, 700, 1500}) {
    std::string db = fresh_dir(name + "_" + std::to_string(delay_ms));
    std::string log = ::testing::TempDir() + "kill.log";
    pid_t pid = km::testing::spawn(with({kBin, "ingest", "--batch", "50", "--db", db, corpus}), log, log);
    ASSERT_GT(pid, 0);
    std::this_thread::sleep_for(std::chrono::milliseconds(delay_ms));
    kill(pid, SIGKILL);
    if (km::testing::wait_exit(pid) == -1) ++interrupted;
    // Whatever the kill left, check --repair makes the index agree with the store...
    auto repaired = indexer(with({"check", "--repair", "--db", db}));
    EXPECT_EQ(repaired.exit_code, 0) << "killed after " << delay_ms << " ms: " << repaired.out << repaired.err;
    EXPECT_EQ(indexer(with({"check", "--db", db})).exit_code, 0) << "killed after " << delay_ms << " ms";
    // ...and ingesting again ends where an uninterrupted run does.
    auto rerun = indexer(with({"ingest", "--batch", "50", "--db", db, corpus}));
    ASSERT_EQ(rerun.exit_code, 0) << "killed after " << delay_ms << " ms: " << rerun.err;
    EXPECT_EQ(snapshot(db, shards), expected) << "killed after " << delay_ms << " ms";
    EXPECT_EQ(indexer(with({"check", "--db", db})).exit_code, 0) << "killed after " << delay_ms << " ms";
  }
  EXPECT_GE(interrupted, 3) << "the kills landed after the ingest had finished: the test proved nothing";
}

TEST(Cli, AnIngestKilledAtAnyMomentThenRerunMatchesAnUninterruptedRun) { expect_kills_lose_nothing("kill", {}); }

TEST(Cli, AnIngestIntoShardsKilledAtAnyMomentThenRerunMatchesAnUninterruptedRun) {
  expect_kills_lose_nothing("kill_shards", {"--shards", "3"});
}
