#include "indexer/ingest.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "core/database.h"
#include "core/error.h"
#include "core/index_schema.h"
#include "indexer/readers.h"
#include "indexer/rebuild.h"

using namespace km;
using namespace km::indexer;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

namespace {

const std::string kData = KM_TEST_DATA_DIR;

std::vector<SourceRecord> fixture() {
  std::vector<SourceRecord> all;
  for (const auto& file : collect_inputs({kData + "/items"})) {
    auto more = read_file(file);
    all.insert(all.end(), more.begin(), more.end());
  }
  return all;
}

SourceRecord record(nlohmann::json fields, std::size_t line = 1) { return {"t.jsonl", line, std::move(fields), {}}; }

// Ids of the documents matching `query`, best first.
std::vector<std::string> search(const Xapian::Database& db, const std::string& query) {
  Xapian::QueryParser parser;
  parser.set_stemmer(Xapian::Stem(core::schema::kLanguage));
  parser.set_stemming_strategy(Xapian::QueryParser::STEM_SOME);
  parser.set_database(db);
  parser.add_prefix("title", std::string(core::schema::kTitlePrefix));
  parser.add_boolean_prefix("org", std::string(core::schema::kOrgPrefix));
  parser.set_default_op(Xapian::Query::OP_AND);
  Xapian::Enquire enquire(db);
  enquire.set_query(parser.parse_query(query, Xapian::QueryParser::FLAG_DEFAULT | Xapian::QueryParser::FLAG_PHRASE));
  std::vector<std::string> ids;
  Xapian::MSet mset = enquire.get_mset(0, 100);
  for (auto m = mset.begin(); m != mset.end(); ++m) {
    ids.push_back(km::core::schema::decode_document_data(m.get_document().get_data()).id);
  }
  return ids;
}

class IngestTest : public ::testing::Test {
 protected:
  SQLite::Database db_ = core::open_database(":memory:");
  core::ItemStore store_{db_};
  IndexWriter writer_;
};

}  // namespace

TEST_F(IngestTest, LoadsEveryFormatIntoStoreAndIndex) {
  IngestReport report = ingest(store_, writer_, fixture());
  EXPECT_EQ(report.added, 8u);
  EXPECT_EQ(report.rejected(), 0u) << report.rejections.front();
  EXPECT_EQ(writer_.database().get_doccount(), 8u);
  EXPECT_TRUE(store_.pending(10).empty());
  EXPECT_THAT(search(writer_.database(), "hub lights"), ElementsAre("c-2"));
  EXPECT_THAT(search(writer_.database(), "\"owner within one working day\""), ElementsAre("m-1"));
}

TEST_F(IngestTest, TitleWordsOutrankBodyWords) {
  ingest(store_, writer_, {record({{"id", "body"}, {"org", "client"}, {"title", "Weekend rota notes"},
                                   {"body", "Check the modem before anything else when a caller rings."}}),
                           record({{"id", "title"}, {"org", "client"}, {"title", "Modem checks"},
                                   {"body", "Look at the lights before anything else when a caller rings."}})});
  EXPECT_THAT(search(writer_.database(), "modem"), ElementsAre("title", "body"));
  EXPECT_THAT(search(writer_.database(), "title:modem"), ElementsAre("title"));
}

TEST_F(IngestTest, BooleanTermsFilterByOrg) {
  ingest(store_, writer_, fixture());
  EXPECT_THAT(search(writer_.database(), "refund org:partner"), ElementsAre("t-4"));
  EXPECT_THAT(search(writer_.database(), "refund org:client"), ElementsAre());
}

TEST_F(IngestTest, ReingestingTheSameInputChangesNothing) {
  ingest(store_, writer_, fixture());
  IngestReport again = ingest(store_, writer_, fixture());
  EXPECT_EQ(again.added + again.updated, 0u);
  EXPECT_EQ(again.unchanged, 8u);
  EXPECT_EQ(again.reindexed, 0u);
  EXPECT_EQ(writer_.database().get_doccount(), 8u);
}

TEST_F(IngestTest, AChangedRecordIsUpdatedInPlace) {
  ingest(store_, writer_, fixture());
  auto records = fixture();
  auto& t1 = *std::find_if(records.begin(), records.end(), [](auto& r) { return r.fields["id"] == "t-1"; });
  t1.fields["title"] = "Escalate repeat outage cases at once";
  t1.fields["sections"]["recommendation"] = "Use the fibre fault desk hotline.";
  IngestReport report = ingest(store_, writer_, records);
  EXPECT_EQ(report.updated, 1u);
  EXPECT_EQ(report.unchanged, 7u);
  EXPECT_EQ(writer_.database().get_doccount(), 8u);
  EXPECT_THAT(search(writer_.database(), "hotline"), ElementsAre("t-1"));
  EXPECT_THAT(search(writer_.database(), "\"network operations\""), ElementsAre());
  EXPECT_EQ(store_.get("t-1")->title, "Escalate repeat outage cases at once");
}

TEST_F(IngestTest, BadRecordsAreReportedAndSkipped) {
  std::vector<SourceRecord> records = {
      record({{"id", "ok-1"}, {"org", "client"}, {"title", "Fine"}, {"body", "Text"}}, 1),
      record({{"id", "bad-1"}, {"org", "client"}, {"body", "No title"}}, 2),
      record({{"id", "bad-2"}, {"org", "client"}, {"title", "Huge"}, {"body", std::string(10 << 20, 'x')}}, 3),
      record({{"id", "ok-1"}, {"org", "client"}, {"title", "Again"}, {"body", "Text"}}, 4)};
  IngestReport report = ingest(store_, writer_, records);
  EXPECT_EQ(report.added, 1u);
  ASSERT_EQ(report.rejected(), 3u) << ::testing::PrintToString(report.rejections);
  EXPECT_EQ(report.rejections[0], "t.jsonl:2: title: required");
  EXPECT_THAT(report.rejections[1], HasSubstr("t.jsonl:3: body: is too long"));
  EXPECT_EQ(report.rejections[2], "t.jsonl:4: id: 'ok-1' duplicates t.jsonl:1");
  EXPECT_EQ(writer_.database().get_doccount(), 1u);
}

TEST_F(IngestTest, StrictModeChangesNothingWhenOneRecordIsBad) {
  std::vector<SourceRecord> records = fixture();
  records.push_back(record({{"id", "x"}, {"org", "client"}, {"title", "T"}, {"body", "B"}, {"kind", "story"}}));
  IngestReport report = ingest(store_, writer_, records, {.strict = true, .progress = {}});
  EXPECT_FALSE(report.applied);
  EXPECT_EQ(store_.counts().total, 0u);
  EXPECT_EQ(writer_.database().get_doccount(), 0u);
}

TEST_F(IngestTest, ItemsLeftPendingByACrashAreIndexedByTheNextRun) {
  // Simulate a run killed after its SQLite commit but before the Xapian commit.
  for (const auto& r : fixture()) store_.upsert(*core::parse_item(r.fields).item);
  EXPECT_EQ(writer_.database().get_doccount(), 0u);
  IngestReport rerun = ingest(store_, writer_, fixture());
  EXPECT_EQ(rerun.unchanged, 8u);
  EXPECT_EQ(rerun.reindexed, 8u);
  EXPECT_EQ(writer_.database().get_doccount(), 8u);
}

TEST(Rebuild, GivesTheSameSearchResultsFromSqliteAlone) {
  const std::string dir = ::testing::TempDir() + "rebuild_test";
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  SQLite::Database db = core::open_database(dir + "/km.sqlite");
  core::ItemStore store(db);
  const std::vector<std::string> queries = {"outage", "referral ticket", "\"callback number\"", "hub OR bill",
                                            "title:refund", "refund org:partner"};
  std::vector<std::vector<std::string>> before;
  {
    IndexWriter writer(dir + "/index", std::chrono::milliseconds(0));
    auto records = fixture();
    ingest(store, writer, records);
    records[1].fields["title"] = "Referral checklist, revised";  // an update leaves history behind
    ingest(store, writer, records);
  }
  for (const auto& q : queries) before.push_back(search(Xapian::Database(dir + "/index"), q));
  RebuildReport report = rebuild_index(store, dir + "/index", std::chrono::milliseconds(0));
  EXPECT_EQ(report.documents, 8u);
  Xapian::Database rebuilt(dir + "/index");
  EXPECT_EQ(rebuilt.get_doccount(), 8u);
  for (std::size_t i = 0; i < queries.size(); ++i) {
    EXPECT_EQ(search(rebuilt, queries[i]), before[i]) << queries[i];
    EXPECT_FALSE(before[i].empty()) << queries[i];
  }
  EXPECT_FALSE(std::filesystem::exists(dir + "/index.old"));
}

TEST(IndexWriterOpen, AnIndexKilledBeforeItsFirstCommitIsStartedAfresh) {
  // What a writer killed while Xapian was creating the index leaves: tables, but no revision file.
  const std::string dir = ::testing::TempDir() + "half_created";
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir + "/index");
  for (const char* name : {"flintlock", "postlist.glass", "termlist.glass"}) std::ofstream(dir + "/index/" + name) << "";
  SQLite::Database db = core::open_database(dir + "/km.sqlite");
  core::ItemStore store(db);
  IndexWriter writer(dir + "/index", std::chrono::milliseconds(0));
  EXPECT_EQ(ingest(store, writer, fixture()).added, 8u);
  EXPECT_EQ(Xapian::Database(dir + "/index").get_doccount(), 8u);
}

TEST(IndexWriterOpen, ACommittedIndexIsNeverCleared) {
  const std::string dir = ::testing::TempDir() + "committed";
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  SQLite::Database db = core::open_database(dir + "/km.sqlite");
  core::ItemStore store(db);
  { IndexWriter writer(dir + "/index", std::chrono::milliseconds(0)); ingest(store, writer, fixture()); }
  IndexWriter reopened(dir + "/index", std::chrono::milliseconds(0));
  EXPECT_EQ(reopened.database().get_doccount(), 8u);
}

TEST(IndexWriterOpen, AnIndexOfAnOlderSchemaIsRefusedUntilRebuilt) {
  const std::string dir = ::testing::TempDir() + "older_schema";
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  SQLite::Database db = core::open_database(dir + "/km.sqlite");
  core::ItemStore store(db);
  { IndexWriter writer(dir + "/index", std::chrono::milliseconds(0)); ingest(store, writer, fixture()); }
  {
    // As an index written before audience terms: no schema mark.
    Xapian::WritableDatabase old(dir + "/index");
    old.set_metadata(core::schema::kSchemaKey, "");
    old.commit();
  }
  try {
    IndexWriter writer(dir + "/index", std::chrono::milliseconds(0));
    FAIL() << "an older index was opened for writing";
  } catch (const core::Unavailable& e) {
    EXPECT_THAT(e.what(), HasSubstr("km-indexer rebuild"));
  }
  EXPECT_EQ(rebuild_index(store, dir + "/index", std::chrono::milliseconds(0)).documents, 8u);
  IndexWriter writer(dir + "/index", std::chrono::milliseconds(0));
  EXPECT_EQ(writer.database().get_metadata(core::schema::kSchemaKey), core::schema::kSchemaVersion);
  EXPECT_EQ(writer.database().get_doccount(), 8u);
}

TEST(IndexWriterSpelling, WordsOfReplacedOrRemovedItemsStopBeingSuggested) {
  const std::string dir = ::testing::TempDir() + "spelling_index";
  std::filesystem::remove_all(dir);
  IndexWriter writer(dir, std::chrono::milliseconds(0));
  auto item = [](const std::string& id, const std::string& text) {
    core::Item i;
    i.id = id;
    i.org = "client";
    i.title = text;
    i.body = text + " " + text;
    return i;
  };
  writer.put(item("a", "Wombat burrows"), {});
  writer.put(item("b", "Wombat burrows"), {});
  writer.commit();
  Xapian::Database db = writer.database();
  EXPECT_EQ(db.get_spelling_suggestion("wombta"), "wombat");
  writer.put(item("a", "Numbat tunnels"), {});  // a changed: its wombat is gone, b's stays
  writer.commit();
  EXPECT_EQ(db.get_spelling_suggestion("wombta"), "wombat");
  EXPECT_EQ(db.get_spelling_suggestion("numbta"), "numbat");
  writer.remove("b");
  writer.commit();
  EXPECT_EQ(db.get_spelling_suggestion("wombta"), "");
  EXPECT_EQ(db.get_spelling_suggestion("numbta"), "numbat");
  writer.put(item("a", "Numbat tunnels"), {});  // re-indexing unchanged text keeps its words
  writer.commit();
  EXPECT_EQ(db.get_spelling_suggestion("numbta"), "numbat");
}

// A JSONL file of `n` valid items, with a blank line after every 100th and, where asked, a
// malformed line and a duplicate id further on.
std::string big_jsonl(const std::string& name, int n, bool with_errors) {
  const std::string path = ::testing::TempDir() + name;
  std::ofstream out(path);
  for (int i = 1; i <= n; ++i) {
    out << nlohmann::json{{"id", "g-" + std::to_string(i)}, {"org", i % 2 ? "client" : "partner"},
                          {"title", "Generated lesson " + std::to_string(i)}, {"body", "Wombat number " + std::to_string(i)}}
               .dump()
        << "\n";
    if (i % 100 == 0) out << "\n";
  }
  if (with_errors) out << "{not json\n" << R"({"id":"g-7","org":"client","title":"Again","body":"x"})" << "\n";
  return path;
}

TEST(FileRecords, ReadsAChunkAtATimeWithTheFilesOwnLineNumbers) {
  const std::string path = big_jsonl("chunks.jsonl", 2500, true);
  FileRecords input({path}, 1000);
  EXPECT_EQ(input.count(), 2502u);
  std::vector<std::size_t> sizes;
  std::size_t last_line = 0;
  for (auto chunk = input.next(); !chunk.empty(); chunk = input.next()) {
    sizes.push_back(chunk.size());
    EXPECT_GT(chunk.front().line, last_line);
    last_line = chunk.back().line;
  }
  EXPECT_THAT(sizes, ElementsAre(1000, 1000, 502));
  EXPECT_EQ(last_line, 2500u + 25u + 2u);  // 25 blank lines before the last two
  input.rewind();
  EXPECT_EQ(input.next().front().fields["id"], "g-1");
}

TEST(FileRecords, AnIngestInChunksGivesWhatAWholeInputGives) {
  const std::string path = big_jsonl("whole.jsonl", 2500, true);
  SQLite::Database whole_db = core::open_database(":memory:"), chunked_db = core::open_database(":memory:");
  core::ItemStore whole_store(whole_db), chunked_store(chunked_db);
  IndexWriter whole_writer, chunked_writer;
  const IngestReport whole = ingest(whole_store, whole_writer, read_file(path));
  FileRecords chunks({path}, 300);
  const IngestReport chunked = ingest(chunked_store, chunked_writer, chunks, {.batch_size = 128, .progress = {}});
  EXPECT_EQ(chunked.added, 2500u);
  EXPECT_EQ(chunked.rejections, whole.rejections);
  ASSERT_EQ(chunked.rejections.size(), 2u);
  EXPECT_THAT(chunked.rejections[0], HasSubstr("whole.jsonl:2526: record: invalid JSON"));
  EXPECT_THAT(chunked.rejections[1], HasSubstr("whole.jsonl:2527: id: 'g-7' duplicates " + path + ":7"));
  EXPECT_EQ(chunked_writer.database().get_doccount(), 2500u);
  EXPECT_EQ(chunked_store.counts().pending, 0u);
  EXPECT_THAT(search(chunked_writer.database(), "wombat 2499"), ElementsAre("g-2499"));
}

TEST(FileRecords, StrictReadsEverythingBeforeChangingAnything) {
  const std::string path = big_jsonl("strict.jsonl", 1500, true);  // the bad lines are in the last chunk
  SQLite::Database db = core::open_database(":memory:");
  core::ItemStore store(db);
  IndexWriter writer;
  FileRecords bad({path}, 500);
  const IngestReport refused = ingest(store, writer, bad, {.strict = true, .progress = {}});
  EXPECT_FALSE(refused.applied);
  EXPECT_EQ(refused.rejected(), 2u);
  EXPECT_EQ(store.counts().total, 0u);
  EXPECT_EQ(writer.database().get_doccount(), 0u);
  FileRecords good({big_jsonl("strict_ok.jsonl", 1500, false)}, 500);
  const IngestReport applied = ingest(store, writer, good, {.strict = true, .progress = {}});
  EXPECT_TRUE(applied.applied);
  EXPECT_EQ(applied.added, 1500u);
  EXPECT_EQ(applied.rejected(), 0u);
}
