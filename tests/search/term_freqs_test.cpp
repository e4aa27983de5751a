// Document frequencies remembered per snapshot (search/term_freqs.h): what Xapian says, one
// table per snapshot, and a commit's new frequencies seen by the next search, never the old.
#include "search/term_freqs.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>

#include "core/index_layout.h"

namespace {

using km::search::TermFreqs;

class TermFreqsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = ::testing::TempDir() + "term_freqs_" + std::to_string(getpid());
    std::filesystem::remove_all(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  static void add(Xapian::WritableDatabase& writer, int n, const std::string& term) {
    for (int i = 0; i < n; ++i) {
      Xapian::Document d;
      d.add_term(term);
      d.add_term("Zcommon");
      writer.add_document(d);
    }
    writer.commit();
  }

  std::string dir_;
};

TEST_F(TermFreqsTest, AreXapiansAndFollowEveryCommit) {
  Xapian::WritableDatabase writer(dir_, Xapian::DB_CREATE_OR_OPEN | Xapian::DB_BACKEND_GLASS);
  add(writer, 3, "Zrouter");
  Xapian::Database before(dir_);
  const std::size_t made = TermFreqs::tables_made();
  EXPECT_EQ(TermFreqs(before)("Zrouter"), 3u);
  EXPECT_EQ(TermFreqs(before)("Zcommon"), 3u);
  EXPECT_EQ(TermFreqs(before)("Zabsent"), 0u);
  EXPECT_EQ(TermFreqs(before)("Zrouter"), 3u);  // remembered, the same
  EXPECT_EQ(TermFreqs::tables_made(), made + 1) << "one table for one snapshot";

  add(writer, 2, "Zrouter");
  Xapian::Database after(dir_);
  EXPECT_EQ(TermFreqs(after)("Zrouter"), 5u) << "a commit's frequencies, not the snapshot before";
  EXPECT_EQ(TermFreqs(after)("Zcommon"), 5u);
  EXPECT_EQ(TermFreqs::tables_made(), made + 2);
  // A reader still on the old snapshot keeps its own figures.
  EXPECT_EQ(TermFreqs(before)("Zrouter"), 3u);
}

TEST_F(TermFreqsTest, ShardsAreKeyedByEveryShardsSnapshot) {
  std::filesystem::create_directories(dir_);
  std::vector<Xapian::WritableDatabase> writers;
  for (int k = 0; k < 2; ++k) {
    writers.emplace_back(dir_ + "/shard-" + std::to_string(k), Xapian::DB_CREATE_OR_OPEN | Xapian::DB_BACKEND_GLASS);
    add(writers.back(), 2, "Zrouter");
  }
  auto open = [&] { return km::core::ShardedDatabase({Xapian::Database(dir_ + "/shard-0"), Xapian::Database(dir_ + "/shard-1")}); };
  EXPECT_EQ(TermFreqs(open())("Zrouter"), 4u);
  add(writers[1], 1, "Zrouter");  // one shard commits: a new snapshot of the whole
  EXPECT_EQ(TermFreqs(open())("Zrouter"), 5u);
}

TEST(TermFreqsInMemory, AreReadEachTime) {
  Xapian::WritableDatabase db(std::string(), Xapian::DB_BACKEND_INMEMORY);
  Xapian::Document d;
  d.add_term("Zrouter");
  db.add_document(d);
  const std::size_t made = TermFreqs::tables_made();
  EXPECT_EQ(TermFreqs(db)("Zrouter"), 1u);
  db.add_document(d);
  EXPECT_EQ(TermFreqs(db)("Zrouter"), 2u);
  EXPECT_EQ(TermFreqs::tables_made(), made) << "no snapshot to key by: nothing kept";
}

}  // namespace
