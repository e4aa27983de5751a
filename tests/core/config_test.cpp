#include "core/config.h"

#include <gtest/gtest.h>

#include <fstream>
#include <map>

#include "core/error.h"

using km::core::Config;
using km::core::InvalidInput;

namespace {
std::string write_temp(const std::string& name, const std::string& text) {
  std::string path = ::testing::TempDir() + name;
  std::ofstream(path) << text;
  return path;
}
}  // namespace

TEST(Config, DefaultsAreValid) {
  Config config;
  EXPECT_NO_THROW(config.validate());
  EXPECT_EQ(config.host, "127.0.0.1");
  EXPECT_EQ(config.max_per_page, 100);
}

TEST(Config, FileThenEnvironmentThenFlags) {
  Config config;
  config.load_file(write_temp("good.json", R"({"port": 9000, "db_dir": "/tmp/a", "threads": 4})"));
  std::map<std::string, std::string> env = {{"KM_PORT", "9100"}, {"KM_THREADS", "2"}};
  config.load_env([&](const char* name) -> const char* {
    auto it = env.find(name);
    return it == env.end() ? nullptr : it->second.c_str();
  });
  auto rest = km::core::apply_flags(config, {"ingest", "--port", "9200", "--db=/tmp/b", "file.jsonl"});
  EXPECT_EQ(config.port, 9200);
  EXPECT_EQ(config.db_dir, "/tmp/b");
  EXPECT_EQ(config.threads, 2);
  EXPECT_EQ(rest, (std::vector<std::string>{"ingest", "file.jsonl"}));
}

TEST(Config, RejectsBadFilesAndValues) {
  Config config;
  EXPECT_THROW(config.load_file(write_temp("bad.json", "{ not json")), InvalidInput);
  EXPECT_THROW(config.load_file(write_temp("unknown.json", R"({"prot": 1})")), InvalidInput);
  EXPECT_THROW(config.load_file("/nonexistent/km.json"), InvalidInput);
  EXPECT_THROW(config.set("port", "eighty"), InvalidInput);
  EXPECT_THROW(config.set("port", "70000"), InvalidInput);
  EXPECT_THROW(km::core::apply_flags(config, {"--port"}), InvalidInput);
  config.log_level = "loud";
  EXPECT_THROW(config.validate(), InvalidInput);
}
