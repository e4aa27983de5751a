// IndexReaders: a search overtaken by a writer's commits is retried at the latest commit.
#include "search/index_readers.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <future>
#include <mutex>
#include <thread>

#include "indexer/index_writer.h"

namespace {

std::string fresh_index() {
  const std::string dir = ::testing::TempDir() + "readers_index";
  std::filesystem::remove_all(dir);
  km::indexer::IndexWriter writer(dir, std::chrono::milliseconds(0));
  writer.commit();
  return dir;
}

}  // namespace

TEST(IndexReaders, AReaderOvertakenByCommitsIsRetriedAtTheLatestOne) {
  km::search::IndexReaders readers(fresh_index());
  int calls = 0;
  const int result = readers.with_reader([&](Xapian::Database&) {
    if (++calls < km::search::IndexReaders::kAttempts) throw Xapian::DatabaseModifiedError("overtaken");
    return 42;
  });
  EXPECT_EQ(result, 42);
  EXPECT_EQ(calls, km::search::IndexReaders::kAttempts);
}

TEST(IndexReaders, GivesUpAfterItsLastAttempt) {
  km::search::IndexReaders readers(fresh_index());
  int calls = 0;
  EXPECT_THROW(readers.with_reader([&](Xapian::Database&) -> int {
    ++calls;
    throw Xapian::DatabaseModifiedError("overtaken");
  }),
               Xapian::DatabaseModifiedError);
  EXPECT_EQ(calls, km::search::IndexReaders::kAttempts);
}

TEST(IndexReaders, TheLastAttemptRunsBehindTheCommitGate) {
  km::search::IndexReaders readers(fresh_index());
  std::mutex gate;
  readers.set_commit_gate(&gate);
  int calls = 0;
  const bool gated = readers.with_reader([&](Xapian::Database&) {
    ++calls;
    // Asked from another thread (the owner may not try_lock its own mutex): a writer would wait.
    const bool held = std::async(std::launch::async, [&] {
                        if (!gate.try_lock()) return true;
                        gate.unlock();
                        return false;
                      }).get();
    if (!held) throw Xapian::DatabaseModifiedError("overtaken");
    return held;
  });
  EXPECT_TRUE(gated);
  EXPECT_EQ(calls, km::search::IndexReaders::kAttempts);
}

namespace {

// Whether `ready()` becomes true within five seconds.
template <typename Ready>
bool eventually(Ready ready) {
  for (int i = 0; i < 500; ++i) {
    if (ready()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return ready();
}

}  // namespace

TEST(IndexReaders, ANewSnapshotsValuesAreReadInTheBackground) {
  const std::string dir = fresh_index();
  km::search::IndexReaders readers(dir);
  auto values_read = [&] {
    return readers.with_reader([](Xapian::Database& db) { return km::search::DocValues::of(db) != nullptr; });
  };
  EXPECT_TRUE(eventually(values_read));
  {
    km::indexer::IndexWriter writer(dir, std::chrono::milliseconds(0));
    km::core::Item item;
    item.id = "i1";
    item.org = "client";
    item.title = "router";
    item.body = "router";
    writer.put(item, {});
    writer.commit();
  }
  // The next reader is at the new snapshot; its values follow (the loader may wait a little).
  EXPECT_TRUE(eventually(values_read));
  readers.with_reader([](Xapian::Database& db) {
    const auto values = km::search::DocValues::of(db);
    ASSERT_NE(values, nullptr);
    EXPECT_EQ(values->value(km::core::schema::kOrgSlot, values->code(km::core::schema::kOrgSlot, 1)), "client");
  });
}
