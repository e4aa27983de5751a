// Gives every test process its own ::testing::TempDir().
//
// CTest runs each discovered test as its own process, several at once (ctest -j). Tests that
// share a fixture name ("sample_data", "corpus_3000.jsonl"...) would otherwise write the same
// files concurrently. GoogleTest reads TEST_TMPDIR on every TempDir() call, so pointing it at a
// fresh folder before main() isolates the processes; the folder is removed when the process ends.
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <string>
#include <system_error>

namespace {

class PrivateTempDir {
 public:
  PrivateTempDir() {
    const char* base = std::getenv("TMPDIR");
    std::string pattern = std::string(base && *base ? base : "/tmp") + "/km-test-XXXXXX";
    if (mkdtemp(pattern.data()) == nullptr) return;  // keep GoogleTest's default
    path_ = pattern;
    setenv("TEST_TMPDIR", (path_ + "/").c_str(), 1);
  }
  ~PrivateTempDir() {
    if (path_.empty() || getpid() != owner_) return;  // a forked child must not remove its parent's files
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }
  PrivateTempDir(const PrivateTempDir&) = delete;
  PrivateTempDir& operator=(const PrivateTempDir&) = delete;

 private:
  std::string path_;
  pid_t owner_ = getpid();
};

const PrivateTempDir private_temp_dir;

}  // namespace
