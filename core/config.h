#pragma once
// Runtime configuration of km-server and km-indexer: one plain struct.
//
// Values are applied in order: a JSON file (--config FILE), then KM_* environment variables
// (KM_PORT, KM_DB_DIR...: the field name upper-cased), then command-line flags (--port,
// --db-dir; --db is accepted as a short form of --db-dir). validate() runs once in main().
// Every setter throws km::core::InvalidInput with a message naming the field.
#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace km::core {

struct Config {
  // Folder holding the store of record (km.sqlite) and the derived Xapian index (index/).
  std::string db_dir = "km-data";
  // Address km-server binds to. Loopback by default: expose it deliberately.
  std::string host = "127.0.0.1";
  // TCP port of km-server; 0 picks a free port (printed at start-up).
  int port = 8080;
  // Folder of the static web page served at "/". Empty: no static files.
  std::string web_dir = "web";
  // Largest accepted request body, in bytes (413 above it).
  std::size_t max_body_bytes = 1 << 20;
  // Longest accepted search query, in bytes (400 above it).
  std::size_t max_query_length = 1024;
  // Largest page size a search may ask for.
  int max_per_page = 100;
  // HTTP worker threads: each runs one whole request at a time (a connection waiting for its
  // request holds none, server/connection_loop.h). Searches are CPU-bound; the rest are for
  // requests waiting on the store.
  int threads = 16;
  // Connections open at once, waiting or served; one beyond them is answered 503.
  int max_connections = 10000;
  // Seconds between two service-level checks of open requests (at risk, overdue, escalation).
  int sla_check_seconds = 60;
  // Webhook URLs for request events, comma-separated ("" = none).
  std::string webhook_urls;
  // First retry delay of a failed webhook delivery, in ms (doubles each attempt, 5 attempts).
  int webhook_retry_ms = 1000;
  // Items in a quality sample when the km_lead does not say how many.
  int sample_size = 10;
  // A JSON file of service levels: hours per priority and working calendars per community or
  // organisation (core/service_level.h); "" = Monday-Friday 09:00-17:00 UTC, 4/16/40 hours.
  std::string service_levels;
  // For tests and drills only: a file holding a UTC timestamp that the request service takes as
  // the time (due times, flags, escalations); "" = the system clock.
  std::string test_clock_file;
  // Search answers kept for repeated searches (search/search_cache.h); 0 turns the cache off.
  int search_cache_entries = 1000;
  // Index shards (core/index_layout.h): a count of local shards under db_dir (1: the single
  // folder db_dir/index), or a comma-separated list of folders and tcp://host:port servers.
  std::string shards = "1";
  // Log threshold: debug, info, warn or error.
  std::string log_level = "info";

  // Sets one field from its textual form. Throws InvalidInput for an unknown key or bad value.
  void set(std::string_view key, const std::string& value);
  // Applies the fields of a JSON object file. Throws InvalidInput (unreadable, malformed).
  void load_file(const std::string& path);
  // Applies KM_<FIELD> variables found through `getenv` (injected so tests need no globals).
  void load_env(const std::function<const char*(const char*)>& getenv);
  // Checks ranges and combinations. Throws InvalidInput describing the first problem.
  void validate() const;

  // Names of all fields, for --help output.
  static std::vector<std::string> keys();
};

// Splits argv-style flags: "--key value" and "--key=value" pairs are applied to `config`
// ("--config FILE" is loaded first, wherever it appears); other arguments are returned in order.
// Flags in `booleans` take no value and are returned as arguments. Throws InvalidInput.
std::vector<std::string> apply_flags(Config& config, const std::vector<std::string>& args,
                                     const std::vector<std::string>& booleans = {});

}  // namespace km::core
