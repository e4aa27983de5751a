#pragma once
// The fixture of search tests over an index in GetParam() shards, opened as the server opens it:
// a folder of its own under ::testing::TempDir() (removed afterwards) and its layout.
#include <gtest/gtest.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <functional>
#include <string>

#include "core/index_layout.h"
#include "core/item.h"
#include "core/user.h"
#include "indexer/index_writer.h"
#include "search/doc_values.h"

namespace km::testing {

// A reader of `org`, in no community.
inline km::core::User reader(const std::string& org) {
  km::core::User u;
  u.id = org + "-reader";
  u.org = org;
  u.roles = {km::core::Role::reader};
  return u;
}

class ShardedIndexTest : public ::testing::TestWithParam<int> {
 protected:
  void SetUp() override {
    dir_ = ::testing::TempDir() + "index_" + std::to_string(GetParam()) + "_" + std::to_string(getpid());
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  km::core::IndexLayout layout() const { return km::core::IndexLayout::parse(dir_, std::to_string(GetParam())); }

  // Items make(0) to make(n - 1) written and committed, and the index opened as the server opens
  // it; with `values`, each shard's DocValues read as the loader does.
  km::core::ShardedDatabase indexed(int n, const std::function<km::core::Item(int)>& make, bool values) {
    km::indexer::IndexWriter writer(layout(), std::chrono::milliseconds(1000));
    for (int i = 0; i < n; ++i) writer.put(make(i), {});
    writer.commit();
    km::core::ShardedDatabase db = layout().open();
    if (values) {
      for (const Xapian::Database* part : km::core::parts_of(db)) km::search::DocValues::load(*part);
    }
    return db;
  }

  std::string dir_;
};

}  // namespace km::testing
