#pragma once
// Test helper: remote index shards on loopback. For each shard, a folder served by two
// xapian-tcpsrv (Debian xapian-tools): one --writable for the index's writer, one for readers
// (a writable server serves one connection at a time). setting() is the `shards` value that
// lists them; the servers stop with the object.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <chrono>
#include <filesystem>
#include <string>
#include <thread>
#include <vector>

#include "tests/support/process.h"

namespace km::testing {

inline constexpr const char* kTcpsrv = "/usr/bin/xapian-tcpsrv";

class ShardServers {
 public:
  static bool available() { return std::filesystem::exists(kTcpsrv); }

  // Starts `count` shards in `dir`/remote-K. Check ok() afterwards.
  ShardServers(const std::string& dir, int count) {
    for (int k = 0; k < count; ++k) {
      Shard shard;
      shard.folder = dir + "/remote-" + std::to_string(k);
      shard.writer_port = start(shard.folder, true, shard.writer_pid);
      // The writable server makes the database; the readers' server needs it to exist.
      shard.reader_port = start(shard.folder, false, shard.reader_pid);
      shards_.push_back(shard);
    }
  }
  ~ShardServers() {
    for (const Shard& shard : shards_) {
      for (pid_t pid : {shard.reader_pid, shard.writer_pid}) stop(pid);
    }
  }
  ShardServers(const ShardServers&) = delete;
  ShardServers& operator=(const ShardServers&) = delete;

  bool ok() const {
    for (const Shard& shard : shards_) {
      if (shard.reader_port == 0 || shard.writer_port == 0) return false;
    }
    return true;
  }
  std::string setting() const {
    std::string out;
    for (const Shard& shard : shards_) {
      out += (out.empty() ? "" : ",") + reader(shard) + "?writer=" + std::to_string(shard.writer_port);
    }
    return out;
  }
  // The readers' address of shard k, as the shards setting and error messages name it.
  std::string reader_address(int k) const { return reader(shards_[static_cast<std::size_t>(k)]); }
  // Stops the readers' server of shard k: searches find it down.
  void stop_reader(int k) {
    Shard& shard = shards_[static_cast<std::size_t>(k)];
    stop(shard.reader_pid);
    shard.reader_pid = -1;
  }

 private:
  struct Shard {
    std::string folder;
    unsigned reader_port = 0, writer_port = 0;
    pid_t reader_pid = -1, writer_pid = -1;
  };

  static std::string reader(const Shard& shard) { return "tcp://127.0.0.1:" + std::to_string(shard.reader_port); }

  static unsigned free_port() {
    const int fd = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof addr;
    unsigned port = 0;
    if (bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0 &&
        getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) == 0) {
      port = ntohs(addr.sin_port);
    }
    close(fd);
    return port;
  }

  static bool accepts(unsigned port) {
    const int fd = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = htons(static_cast<std::uint16_t>(port));
    const bool up = connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0;
    close(fd);
    return up;
  }

  // A server on a free port, once it listens (0 if it never does). Probing a writable server
  // takes its one connection for a moment: it serves the next one after.
  static unsigned start(const std::string& folder, bool writable, pid_t& pid) {
    const unsigned port = free_port();
    std::vector<std::string> args = {kTcpsrv, "--interface", "127.0.0.1", "--port", std::to_string(port)};
    if (writable) args.push_back("--writable");
    args.push_back(folder);
    const std::string log = folder + (writable ? ".writer.log" : ".reader.log");
    pid = spawn(args, log, log, true);  // xapian-tcpsrv signals its whole group when stopped
    for (int attempt = 0; pid > 0 && attempt < 100; ++attempt) {
      if (accepts(port)) return port;
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    return 0;
  }

  static void stop(pid_t pid) {
    if (pid <= 0) return;
    kill(pid, SIGTERM);
    wait_exit(pid);
  }

  std::vector<Shard> shards_;
};

}  // namespace km::testing
