#pragma once
// The fixture of search tests over an index in GetParam() shards, opened as the server opens it:
// a folder of its own under ::testing::TempDir() (removed afterwards) and its layout.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <string>

#include "core/index_layout.h"

namespace km::testing {

class ShardedIndexTest : public ::testing::TestWithParam<int> {
 protected:
  void SetUp() override {
    dir_ = ::testing::TempDir() + "index_" + std::to_string(GetParam()) + "_" + std::to_string(getpid());
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  km::core::IndexLayout layout() const { return km::core::IndexLayout::parse(dir_, std::to_string(GetParam())); }

  std::string dir_;
};

}  // namespace km::testing
