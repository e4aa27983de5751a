#include "core/config.h"

#include <algorithm>
#include <fstream>
#include <limits>
#include <nlohmann/json.hpp>

#include "core/error.h"
#include "core/index_layout.h"
#include "core/service_level.h"
#include "core/text.h"

namespace km::core {
namespace {

long long integer_setting(std::string_view key, const std::string& value, long long min, long long max) {
  if (const auto out = parse_integer(value, min, max)) return *out;
  if (parse_integer(value, std::numeric_limits<long long>::min(), std::numeric_limits<long long>::max())) {
    throw InvalidInput(std::string(key) + ": " + value + " is out of range [" + std::to_string(min) + ", " +
                       std::to_string(max) + "]");
  }
  throw InvalidInput(std::string(key) + ": expected an integer, got '" + value + "'");
}

std::string normalise_key(std::string_view key) {
  std::string k(key);
  std::replace(k.begin(), k.end(), '-', '_');
  if (k == "db") k = "db_dir";
  return k;
}

}  // namespace

std::vector<std::string> Config::keys() {
  return {"db_dir", "host", "port", "web_dir", "max_body_bytes", "max_query_length",
          "max_per_page", "threads", "max_connections", "log_level", "sla_check_seconds", "webhook_urls", "webhook_retry_ms", "sample_size",
          "search_cache_entries", "shards", "service_levels", "test_clock_file"};
}

void Config::set(std::string_view raw_key, const std::string& value) {
  const std::string key = normalise_key(raw_key);
  if (key == "db_dir") db_dir = value;
  else if (key == "host") host = value;
  else if (key == "port") port = static_cast<int>(integer_setting(key, value, 0, 65535));
  else if (key == "web_dir") web_dir = value;
  else if (key == "max_body_bytes")
    max_body_bytes = static_cast<std::size_t>(integer_setting(key, value, 1024, 1LL << 30));
  else if (key == "max_query_length")
    max_query_length = static_cast<std::size_t>(integer_setting(key, value, 16, 1 << 20));
  else if (key == "max_per_page") max_per_page = static_cast<int>(integer_setting(key, value, 1, 10000));
  else if (key == "threads") threads = static_cast<int>(integer_setting(key, value, 1, 1024));
  else if (key == "max_connections") max_connections = static_cast<int>(integer_setting(key, value, 1, 1000000));
  else if (key == "log_level") log_level = value;
  else if (key == "service_levels") {
    ServiceLevel::load_or_default(value);  // refused at once, naming the bad entry
    service_levels = value;
  } else if (key == "test_clock_file") test_clock_file = value;
  else if (key == "webhook_urls") webhook_urls = value;
  else if (key == "webhook_retry_ms") webhook_retry_ms = static_cast<int>(integer_setting(key, value, 1, 600000));
  else if (key == "sample_size") sample_size = static_cast<int>(integer_setting(key, value, 1, 200));
  else if (key == "search_cache_entries")
    search_cache_entries = static_cast<int>(integer_setting(key, value, 0, 1000000));
  else if (key == "shards") {
    IndexLayout::parse(db_dir, value);  // throws, naming the bad entry
    shards = value;
  } else if (key == "sla_check_seconds") sla_check_seconds = static_cast<int>(integer_setting(key, value, 1, 86400));
  else throw InvalidInput("unknown configuration key '" + std::string(raw_key) + "'");
}

void Config::load_file(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw InvalidInput("cannot read config file " + path);
  nlohmann::json doc;
  try {
    doc = nlohmann::json::parse(in);
  } catch (const nlohmann::json::exception& e) {  // bad syntax, or a number beyond a double's range
    throw InvalidInput("config file " + path + " is not valid JSON: " + e.what());
  }
  if (!doc.is_object()) throw InvalidInput("config file " + path + " must hold a JSON object");
  for (const auto& [key, value] : doc.items()) {
    set(key, value.is_string() ? value.get<std::string>() : value.dump());
  }
}

void Config::load_env(const std::function<const char*(const char*)>& getenv) {
  for (const std::string& key : keys()) {
    std::string name = "KM_" + key;
    std::transform(name.begin(), name.end(), name.begin(), [](unsigned char c) { return std::toupper(c); });
    if (const char* value = getenv(name.c_str())) set(key, value);
  }
}

void Config::validate() const {
  if (db_dir.empty()) throw InvalidInput("db_dir must not be empty");
  if (host.empty()) throw InvalidInput("host must not be empty");
  if (log_level != "debug" && log_level != "info" && log_level != "warn" && log_level != "error") {
    throw InvalidInput("log_level must be debug, info, warn or error (got '" + log_level + "')");
  }
}

std::vector<std::string> apply_flags(Config& config, const std::vector<std::string>& args,
                                     const std::vector<std::string>& booleans) {
  // The config file comes first so that flags override it wherever they appear.
  for (std::size_t i = 0; i < args.size(); ++i) {
    if (args[i] == "--config") {
      if (i + 1 >= args.size()) throw InvalidInput("--config needs a file");
      config.load_file(args[i + 1]);
    } else if (args[i].rfind("--config=", 0) == 0) {
      config.load_file(args[i].substr(9));
    }
  }
  std::vector<std::string> rest;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& arg = args[i];
    if (arg.rfind("--", 0) != 0 || arg == "--" ||
        std::find(booleans.begin(), booleans.end(), arg) != booleans.end()) {
      rest.push_back(arg);
      continue;
    }
    std::string key = arg.substr(2);
    std::string value;
    if (auto eq = key.find('='); eq != std::string::npos) {
      value = key.substr(eq + 1);
      key.resize(eq);
    } else {
      if (i + 1 >= args.size()) throw InvalidInput(arg + " needs a value");
      value = args[++i];
    }
    if (key != "config") config.set(key, value);
  }
  return rest;
}

}  // namespace km::core
