// km-server: serves search, requests and reports over HTTP for one --db folder.
#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <pthread.h>
#include <thread>

#include "core/config.h"
#include "core/log.h"
#include "core/store_paths.h"
#include "server/app.h"

namespace {

const char* kUsage = R"(usage: km-server --db DIR [--create] [--port N] [--host ADDR] [--web-dir DIR] [--config FILE]
Serves the Knowledge Market API and web page. A --db folder without a store is an error (a
mistyped path would serve an empty one) unless --create asks for a new, empty store. Every option is also a KM_* environment variable
(KM_DB_DIR, KM_PORT...) and a key of the JSON --config file. Stops cleanly on SIGTERM/SIGINT.
)";

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  for (const auto& a : args) {
    if (a == "--help" || a == "-h") { std::cout << kUsage; return 0; }
    if (a == "--version") { std::cout << "km-server " << KM_VERSION << "\n"; return 0; }
  }
  // Block the stop signals in every thread; one thread waits for them with sigwait.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGTERM);
  sigaddset(&stop_signals, SIGINT);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);
  try {
    km::core::Config config;
    config.load_env([](const char* name) { return std::getenv(name); });
    auto rest = km::core::apply_flags(config, args, {"--create"});
    const bool create = std::erase(rest, "--create") > 0;
    if (!rest.empty()) {
      std::cerr << "km-server: unexpected argument '" << rest.front() << "'\n" << kUsage;
      return 2;
    }
    config.validate();
    if (!create && !std::filesystem::exists(km::core::sqlite_path(config.db_dir))) {
      std::cerr << "km-server: no store in '" << config.db_dir
                << "' (load one with km-indexer, or start with --create for a new, empty one)\n";
      return 2;
    }
    km::core::log::set_level(config.log_level);
    km::server::App server(config);
    int port = server.start();
    km::core::log::info("listening", {{"url", "http://" + config.host + ":" + std::to_string(port) + "/"}});
    // The only way the server stops: this thread, on SIGTERM or SIGINT. Joined before `server`
    // is destroyed.
    std::thread stopper([&] {
      int signal = 0;
      sigwait(&stop_signals, &signal);
      km::core::log::info("stopping", {{"signal", std::to_string(signal)}});
      server.stop();
    });
    server.wait();
    stopper.join();
    km::core::log::info("stopped");
    return 0;
  } catch (const std::exception& e) {
    std::cerr << "km-server: " << e.what() << "\n";
    return 2;
  }
}
