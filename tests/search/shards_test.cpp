// Index shards (core/index_layout.h): the setting's forms and errors, a stable item-to-shard
// function, and the promise that matters to users: an index in N shards answers every search,
// count, facet, spelling correction, suggestion and similar-items list exactly as one database
// holding the same items (the sample's items and a generated corpus).
#include <gmock/gmock.h>

#include <cmath>
#include <filesystem>
#include <fstream>

#include "core/database.h"
#include "core/error.h"
#include "core/index_layout.h"
#include "indexer/ingest.h"
#include "indexer/readers.h"
#include "indexer/rebuild.h"
#include "search/index_readers.h"
#include "search/search.h"
#include "tests/support/shard_servers.h"

using namespace km;
using ::testing::HasSubstr;

namespace {

TEST(IndexLayout, ACountNamesLocalShardsUnderTheIndexFolder) {
  const auto one = core::IndexLayout::parse("/d", "1");
  ASSERT_EQ(one.size(), 1u);
  EXPECT_EQ(one.shards()[0].path, "/d/index");  // the layout of every store made before shards
  const auto three = core::IndexLayout::parse("/d", " 3 ");
  ASSERT_EQ(three.size(), 3u);
  EXPECT_EQ(three.shards()[2].path, "/d/index/shard-2");
  EXPECT_EQ(three.root(), "/d/index");
  EXPECT_EQ(three.under("/d/index.rebuild").shards()[1].path, "/d/index.rebuild/shard-1");
}

TEST(IndexLayout, AListNamesFoldersAndRemoteShards) {
  const auto listed = core::IndexLayout::parse("/d", "a, /abs/b ,tcp://10.0.0.7:7001");
  ASSERT_EQ(listed.size(), 3u);
  EXPECT_EQ(listed.shards()[0].path, "/d/a");
  EXPECT_EQ(listed.shards()[1].path, "/abs/b");
  EXPECT_TRUE(listed.shards()[2].remote());
  EXPECT_EQ(listed.shards()[2].host, "10.0.0.7");
  EXPECT_EQ(listed.shards()[2].port, 7001u);
  EXPECT_EQ(listed.shards()[2].name(), "tcp://10.0.0.7:7001");
  EXPECT_EQ(listed.root(), "");  // rebuilt in place, shard by shard
}

TEST(IndexLayout, ABadSettingSaysWhatIsWrong) {
  for (const char* bad : {"0", "65", "", "a,,b", "a,a", "tcp://host", "tcp://host:0", "tcp://:7000", "tcp://h:99999",
                          "http://h:80"}) {
    try {
      core::IndexLayout::parse("/d", bad);
      ADD_FAILURE() << "accepted '" << bad << "'";
    } catch (const core::InvalidInput& e) {
      EXPECT_THAT(e.what(), HasSubstr("shards")) << bad;
    }
  }
}

TEST(IndexLayout, AnItemsShardIsStableAndTheShardsAreEven) {
  // FNV-1a: the same on every machine and build (a change would misplace every stored item).
  EXPECT_EQ(core::shard_of("client-001", 1), 0u);
  EXPECT_EQ(core::shard_of("client-001", 4), core::shard_of("client-001", 4));
  EXPECT_EQ(core::shard_of("", 7), 14695981039346656037ull % 7);
  std::vector<int> per_shard(4);
  for (int i = 0; i < 10000; ++i) ++per_shard[core::shard_of("client-" + std::to_string(i), 4)];
  for (int n : per_shard) EXPECT_NEAR(n, 2500, 250);
}

// What "the same answer" means across layouts: Xapian breaks ties between equal scores by docid,
// and shards number documents differently (and add the same weights in another order, which
// moves the last digits of a score). So scores are compared to 1e-6, items of equal score as a
// set, and a group of equal scores that reaches the end of a full page by its size only (the
// rest may be on the next page in either layout). Suggestions (no scores) are compared as sets.
nlohmann::json ranked(const nlohmann::json& results, std::size_t page_size) {
  std::vector<std::pair<double, std::vector<std::string>>> groups;
  for (const auto& r : results) {
    const double score = std::round(r["score"].get<double>() * 1e6) / 1e6;
    if (groups.empty() || groups.back().first != score) groups.push_back({score, {}});
    groups.back().second.push_back(r["id"]);
  }
  nlohmann::json out = nlohmann::json::array();
  for (std::size_t g = 0; g < groups.size(); ++g) {
    auto& [score, ids] = groups[g];
    std::sort(ids.begin(), ids.end());
    const bool may_continue = g + 1 == groups.size() && results.size() == page_size;
    out.push_back({{"score", score}, {"ids", may_continue ? nlohmann::json(ids.size()) : nlohmann::json(ids)}});
  }
  return out;
}

constexpr std::size_t kSimilar = 5;  // similar items asked for

nlohmann::json comparable(nlohmann::json answer) {
  if (answer.is_object() && answer.contains("results")) {
    answer.erase("took_ms");
    // Beyond kFacetBound matches facet counts come from the first documents seen, in docid
    // order: marked estimated, and not comparable across layouts.
    if (!answer["facets_exact"].get<bool>()) answer["facets"] = answer["facets_distinct"] = "estimated";
    answer["results"] = ranked(answer["results"], answer["per_page"].get<std::size_t>());
  } else if (!answer.empty() && answer[0].contains("score")) {
    answer = ranked(answer, kSimilar);
  } else {
    std::vector<std::string> entries;
    for (const auto& s : answer) entries.push_back(s.dump());
    std::sort(entries.begin(), entries.end());
    answer = entries;
  }
  return answer;
}

void expect_same(const nlohmann::json& got, const nlohmann::json& wanted, const std::string& what) {
  ASSERT_EQ(got.size(), wanted.size()) << what;
  for (std::size_t i = 0; i < got.size(); ++i) EXPECT_EQ(got[i], wanted[i]) << what << ", answer " << i;
}

// One store, and its items indexed as one database and as `shards` shards.
class ShardsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
  }

  void ingest_sample() {
    std::vector<indexer::SourceRecord> records;
    for (const std::string& file : indexer::collect_inputs({std::string(KM_SAMPLE_DATA_DIR) + "/items"})) {
      auto more = indexer::read_file(file);
      records.insert(records.end(), more.begin(), more.end());
    }
    indexer::IndexWriter writer(dir_ + "/index", std::chrono::milliseconds(0));
    const auto report = indexer::ingest(store_, writer, records);
    ASSERT_EQ(report.rejected(), 0u);
    ASSERT_GT(report.added, 300u);
  }

  void ingest_generated(int count) {
    const char* words[] = {"router", "fault", "billing", "outage", "firmware", "customer", "modem", "signal",
                           "refund", "escalate", "fibre", "install", "engineer", "visit", "wifi", "contract"};
    std::vector<core::Item> items;
    for (int i = 0; i < count; ++i) {
      core::Item item;
      item.id = (i % 3 ? "client-g" : "partner-g") + std::to_string(i);
      item.org = i % 3 ? "client" : "partner";
      item.kind = i % 2 ? core::Kind::lesson : core::Kind::insight;
      item.community = i % 4 ? "network" : "billing";
      item.visibility = i % 5 ? core::Visibility::shared : core::Visibility::org;
      item.status = i % 7 ? core::Status::validated : core::Status::draft;
      item.author = i % 3 ? "c.niamh" : "p.ravi";
      item.title = std::string(words[i % 16]) + " " + words[(i / 16) % 16] + " " + words[(i * 5) % 16];
      item.body = item.title;
      for (int w = 0; w < 30; ++w) item.body += std::string(" ") + words[(i * 7 + w * w) % 16];
      store_.upsert(item);
    }
    indexer::IndexWriter writer(dir_ + "/index", std::chrono::milliseconds(0));
    indexer::index_pending(store_, writer);
  }

  core::IndexLayout sharded(const std::string& setting) {
    const auto layout = core::IndexLayout::parse(dir_ + "/sharded", setting);
    indexer::rebuild_index(store_, layout, std::chrono::milliseconds(0));
    return layout;
  }

  // Every answer a user can get from the index, for `params` and a few ids.
  // `db` by reference: a layout's ShardedDatabase counts shard by shard (a copy as a plain
  // Xapian::Database would count its shards as one database).
  static nlohmann::json answers(Xapian::Database& db, const core::User& user, const std::vector<search::SearchParams>& asked,
                                const std::vector<std::string>& ids, bool suggestions = false) {
    const taxonomy::ConceptGraph graph;
    nlohmann::json out = nlohmann::json::array();
    for (const auto& p : asked) out.push_back(comparable(search::search(db, user, p, graph)));
    for (const auto& id : ids) out.push_back(comparable(search::similar(db, user, id, kSimilar, graph)));
    // Suggestions have no score to tell a tie: compared on the sample only, whose titles differ.
    for (const char* prefix : {"rou", "out", "esc", "wi"}) {
      if (suggestions) out.push_back(comparable(search::suggest(db, user, prefix, 8, graph)));
    }
    return out;
  }
  static nlohmann::json answers(Xapian::Database&& db, const core::User& user, const std::vector<search::SearchParams>& asked,
                                const std::vector<std::string>& ids, bool suggestions = false) {
    return answers(db, user, asked, ids, suggestions);
  }

  const std::string dir_ = ::testing::TempDir() + "shards_test";
  SQLite::Database db_ = (std::filesystem::create_directories(dir_), core::open_database(dir_ + "/km.sqlite"));
  core::ItemStore store_{db_};
  const core::User reader_{"c.niamh", "Niamh", "client", {"network"}, {core::Role::reader}};
};

std::vector<search::SearchParams> sample_queries() {
  std::vector<search::SearchParams> asked;
  std::ifstream in(std::string(KM_SAMPLE_DATA_DIR) + "/eval/queries.jsonl");
  for (std::string line; std::getline(in, line);) {
    if (line.empty()) continue;
    search::SearchParams p;
    p.q = nlohmann::json::parse(line)["text"];
    asked.push_back(p);
  }
  search::SearchParams typo, filtered, browse, paged, phrase;
  typo.q = "rooter outage";
  filtered.q = "customer";
  filtered.org = {"partner"};
  filtered.kind = {"lesson"};
  browse.sort = search::SortOrder::newest;
  paged.q = "the customer router";
  paged.page = 2;
  phrase.q = "\"router\" title:fault";
  for (const auto& p : {typo, filtered, browse, paged, phrase}) asked.push_back(p);
  return asked;
}

TEST_F(ShardsTest, TheSampleInThreeShardsAnswersAsOneDatabase) {
  ingest_sample();
  const auto layout = sharded("3");
  Xapian::Database one(dir_ + "/index");
  core::ShardedDatabase three = layout.open();
  ASSERT_EQ(three.size(), 3u);
  for (std::size_t k = 0; k < 3; ++k) EXPECT_GT(Xapian::Database(layout.shards()[k].path).get_doccount(), 50u);
  EXPECT_EQ(three.get_doccount(), one.get_doccount());
  const std::vector<std::string> ids = {"cl-023", "pa-008", "cl-001"};
  const auto asked = sample_queries();
  expect_same(answers(three, reader_, asked, ids, true), answers(one, reader_, asked, ids, true), "sample");
  // Non-trivial answers: the comparison above compares pages with results.
  EXPECT_GT(answers(one, reader_, asked, ids)[0]["total"].get<int>(), 0);
}

TEST_F(ShardsTest, AGeneratedCorpusInFourShardsAnswersAsOneDatabase) {
  ingest_generated(3000);
  const auto layout = sharded("4");
  std::vector<search::SearchParams> asked(6);
  asked[0].q = "router fault";
  asked[1].q = "escalate engineer visit";
  asked[1].community = {"billing"};
  asked[2].q = "fibre";
  asked[2].page = 4;
  asked[3].q = "firmwre";  // spelling from the shards' merged data
  asked[4].q = "\"wifi contract\"";
  asked[5].q = "modem";
  asked[5].sort = search::SortOrder::newest;
  const core::User partner{"p.ravi", "Ravi", "partner", {"network"}, {core::Role::contributor}};
  for (const core::User& user : {reader_, partner}) {
    const auto one = answers(Xapian::Database(dir_ + "/index"), user, asked, {"client-g1", "partner-g3"});
    expect_same(answers(layout.open(), user, asked, {"client-g1", "partner-g3"}), one, user.id);
    EXPECT_EQ(one[3].value("did_you_mean", ""), "firmware");
  }
}

TEST_F(ShardsTest, AnUpdateReplacesTheDocumentInItsShard) {
  ingest_generated(200);
  const auto layout = sharded("3");
  core::Item changed = *store_.get("client-g1");
  changed.title = "Wombat burrows under the exchange";
  store_.upsert(changed);
  {
    indexer::IndexWriter writer(layout, std::chrono::milliseconds(0));
    indexer::index_pending(store_, writer);
  }
  const Xapian::Database three = layout.open();
  EXPECT_EQ(three.get_doccount(), 200u);
  search::SearchParams p;
  p.q = "wombat";
  const auto page = search::search(const_cast<Xapian::Database&>(three), reader_, p, taxonomy::ConceptGraph());
  ASSERT_EQ(page["total"], 1);
  EXPECT_EQ(page["results"][0]["id"], "client-g1");
}

TEST_F(ShardsTest, AnotherShardCountIsRefusedUntilARebuildReshards) {
  ingest_generated(300);
  const auto three = sharded("3");
  const auto two = core::IndexLayout::parse(dir_ + "/sharded", "2");
  try {
    indexer::IndexWriter writer(two, std::chrono::milliseconds(0));
    ADD_FAILURE() << "a writer opened 3 shards as 2";
  } catch (const core::Unavailable& e) {
    EXPECT_THAT(e.what(), HasSubstr("has 3 shard(s) but the shards setting says 2"));
    EXPECT_THAT(e.what(), HasSubstr("km-indexer rebuild"));
  }
  EXPECT_THROW(two.open(), core::Unavailable);
  const auto before = answers(three.open(), reader_, {}, {"client-g1"});
  EXPECT_EQ(indexer::rebuild_index(store_, two, std::chrono::milliseconds(0)).documents, 300u);
  EXPECT_EQ(two.open().size(), 2u);
  expect_same(answers(two.open(), reader_, {}, {"client-g1"}), before, "2 shards");
  EXPECT_FALSE(std::filesystem::exists(dir_ + "/sharded/index/shard-2"));
  // Back to one folder, the layout of old.
  const auto one = core::IndexLayout::parse(dir_ + "/sharded", "1");
  indexer::rebuild_index(store_, one, std::chrono::milliseconds(0));
  expect_same(answers(one.open(), reader_, {}, {"client-g1"}), before, "1 shard");
}

// Found by the kill test in CI: a writer killed while making 3 new shards left 2, which the next
// run took for a 2-shard index and refused. New shards appear together or not at all.
TEST_F(ShardsTest, NewShardsAppearAllAtOnceAndWhatAKilledWriterLeftIsMadeAgain) {
  const auto layout = core::IndexLayout::parse(dir_ + "/fresh", "3");
  const std::string side = dir_ + "/fresh/index.creating";
  std::filesystem::create_directories(side + "/shard-0");
  std::ofstream(side + "/shard-0/glass.tmp") << "half-made by a killed writer";
  {
    indexer::IndexWriter writer(layout, std::chrono::milliseconds(0));
    EXPECT_EQ(writer.shard_count(), 3u);
  }
  EXPECT_FALSE(std::filesystem::exists(side));
  const Xapian::Database opened = layout.open();
  EXPECT_EQ(opened.size(), 3u);
  for (int k = 0; k < 3; ++k) {
    EXPECT_EQ(Xapian::Database(dir_ + "/fresh/index/shard-" + std::to_string(k)).get_metadata(core::kShardKey),
              core::shard_label(k, 3));
  }
}

TEST_F(ShardsTest, AShardListedInAnotherPositionIsRefused) {
  ingest_generated(100);
  const auto layout = core::IndexLayout::parse(dir_, "s0,s1");
  indexer::rebuild_index(store_, layout, std::chrono::milliseconds(0));
  EXPECT_EQ(layout.open().get_doccount(), 100u);
  const auto swapped = core::IndexLayout::parse(dir_, "s1,s0");
  try {
    swapped.open();
    ADD_FAILURE() << "swapped shards opened";
  } catch (const core::Unavailable& e) {
    EXPECT_THAT(e.what(), HasSubstr("holds shard 1/2"));
  }
  EXPECT_THROW(indexer::IndexWriter(swapped, std::chrono::milliseconds(0)), core::Unavailable);
}

}  // namespace

namespace {

// Remote shards: the same store written through two xapian-tcpsrv pairs on loopback.
class RemoteShardsTest : public ShardsTest {
 protected:
  void SetUp() override {
    ShardsTest::SetUp();
    if (!km::testing::ShardServers::available()) GTEST_SKIP() << "xapian-tcpsrv is absent (Debian xapian-tools): remote shards untested";
    servers_ = std::make_unique<km::testing::ShardServers>(dir_, 2);
    ASSERT_TRUE(servers_->ok()) << "xapian-tcpsrv did not start: see " << dir_ << "/remote-*.log";
  }

  // Xapian's remote backend carries no spelling data: no did_you_mean from remote shards.
  static nlohmann::json without_spelling(nlohmann::json answers) {
    for (auto& answer : answers) {
      if (answer.is_object()) answer.erase("did_you_mean");
    }
    return answers;
  }

  std::unique_ptr<km::testing::ShardServers> servers_;
};

TEST_F(RemoteShardsTest, ItemsWrittenThroughTwoShardServersAnswerAsOneLocalDatabase) {
  ingest_generated(1500);
  const auto layout = sharded(servers_->setting());
  ASSERT_EQ(layout.open().get_doccount(), 1500u);
  for (int k = 0; k < 2; ++k) {  // both shards hold their part, labelled
    const Xapian::Database shard(dir_ + "/remote-" + std::to_string(k));
    EXPECT_GT(shard.get_doccount(), 600u);
    EXPECT_EQ(shard.get_metadata(core::kShardKey), core::shard_label(k, 2));
  }
  std::vector<search::SearchParams> asked(6);
  asked[0].q = "router fault";
  asked[1].q = "escalate engineer visit";
  asked[1].community = {"billing"};
  asked[2].q = "fibre";
  asked[2].page = 3;
  asked[3].q = "customer";
  asked[3].org = {"partner"};
  asked[4].q = "\"wifi contract\"";
  asked[5].sort = search::SortOrder::newest;
  const core::User partner{"p.ravi", "Ravi", "partner", {"network"}, {core::Role::contributor}};
  for (const core::User& user : {reader_, partner}) {
    const auto local = answers(Xapian::Database(dir_ + "/index"), user, asked, {"client-g1", "partner-g3"});
    EXPECT_GT(local[0]["total"].get<int>(), 0);
    expect_same(without_spelling(answers(layout.open(), user, asked, {"client-g1", "partner-g3"})), without_spelling(local),
                user.id);
  }
  // An update through the remote writer replaces the document in its shard.
  core::Item changed = *store_.get("client-g1");
  changed.title = "Wombat burrows under the exchange";
  store_.upsert(changed);
  {
    indexer::IndexWriter writer(layout, std::chrono::milliseconds(0));
    indexer::index_pending(store_, writer);
  }
  search::SearchParams wombat;
  wombat.q = "wombat";
  Xapian::Database after = layout.open();
  const auto page = search::search(after, reader_, wombat, taxonomy::ConceptGraph());
  ASSERT_EQ(page["total"], 1);
  EXPECT_EQ(page["results"][0]["id"], "client-g1");
  EXPECT_EQ(layout.open().get_doccount(), 1500u);
}

// One remote shard opened as a plain database, as a tool might: Xapian's remote backend takes no
// match decider of ours (UnimplementedError), so the search falls back to the audience terms and
// answers what the same shard opened from its folder answers, hidden items left out.
TEST_F(RemoteShardsTest, OneRemoteShardAsAPlainDatabaseAnswersAsItsFolderDoes) {
  ingest_generated(600);
  sharded(servers_->setting());
  const std::string address = servers_->reader_address(0);
  Xapian::Database remote = Xapian::Remote::open("127.0.0.1", static_cast<unsigned>(std::stoul(address.substr(address.rfind(':') + 1))));
  Xapian::Database folder(dir_ + "/remote-0");
  ASSERT_EQ(remote.size(), 1u);
  std::vector<search::SearchParams> asked(3);
  asked[0].q = "router fault";
  asked[1].q = "customer";
  asked[1].page = 2;
  asked[2].q = "modem";
  asked[2].org = {"partner"};
  search::SearchParams everything = asked[0];
  everything.unrestricted = true;
  const taxonomy::ConceptGraph graph;
  ASSERT_LT(search::search(folder, reader_, asked[0], graph)["total"].get<int>(),
            search::search(folder, reader_, everything, graph)["total"].get<int>());  // some are hidden from the reader
  const core::User partner{"p.ravi", "Ravi", "partner", {"network"}, {core::Role::contributor}};
  for (const core::User& user : {reader_, partner}) {
    expect_same(without_spelling(answers(remote, user, asked, {})), without_spelling(answers(folder, user, asked, {})), user.id);
  }
}

TEST_F(RemoteShardsTest, AShardThatIsDownIsNamedAndNothingPartialIsAnswered) {
  ingest_generated(200);
  const auto layout = sharded(servers_->setting());
  search::IndexReaders readers(layout);
  { auto lease = readers.acquire(); }  // a pooled reader, opened while both were up
  servers_->stop_reader(1);
  try {
    auto lease = readers.acquire();
    search::SearchParams p;
    p.q = "router";
    search::search(lease.db(), reader_, p, taxonomy::ConceptGraph());
    ADD_FAILURE() << "a search answered with a shard down";
  } catch (const core::Unavailable& e) {
    EXPECT_THAT(e.what(), HasSubstr(servers_->reader_address(1)));
  } catch (const Xapian::NetworkError&) {
    // The pooled reader found the shard gone during the search (the server answers 503); the
    // next one is opened afresh and names it.
    EXPECT_THROW(readers.acquire(), core::Unavailable);
  }
  const auto no_writer = core::IndexLayout::parse(dir_, servers_->reader_address(0) + "," + servers_->reader_address(1));
  try {
    indexer::IndexWriter writer(no_writer, std::chrono::milliseconds(0));
    ADD_FAILURE() << "a writer opened shards listed without a writer";
  } catch (const core::Unavailable& e) {
    EXPECT_THAT(e.what(), HasSubstr("has no writer"));
  }
}

}  // namespace
