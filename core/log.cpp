#include "core/log.h"

#include <atomic>
#include <cstdio>

#include "core/error.h"
#include "core/text.h"

namespace km::core::log {
namespace {

std::atomic<int> g_threshold{static_cast<int>(Level::info)};

const char* level_name(Level level) {
  switch (level) {
    case Level::debug: return "debug";
    case Level::info: return "info";
    case Level::warn: return "warn";
    case Level::error: return "error";
  }
  return "info";
}

void append_value(std::string& out, std::string_view value) {
  bool needs_quotes = value.empty();
  for (char c : value) {
    if (c == ' ' || c == '"' || c == '=' || static_cast<unsigned char>(c) < 0x20) needs_quotes = true;
  }
  if (!needs_quotes) {
    out += value;
    return;
  }
  out += '"';
  for (char c : value) {
    if (c == '"' || c == '\\') out += '\\';
    out += static_cast<unsigned char>(c) < 0x20 ? ' ' : c;  // a CR or LF could forge a log line
  }
  out += '"';
}

}  // namespace

void set_level(std::string_view name) {
  for (Level l : {Level::debug, Level::info, Level::warn, Level::error}) {
    if (name == level_name(l)) {
      g_threshold = static_cast<int>(l);
      return;
    }
  }
  throw InvalidInput("unknown log level '" + std::string(name) + "' (debug, info, warn, error)");
}

bool enabled(Level level) { return static_cast<int>(level) >= g_threshold.load(); }

std::string format_line(Level level, std::string_view event, std::initializer_list<Field> fields) {
  std::string line = "ts=" + utc_timestamp() + " level=" + level_name(level) + " event=";
  append_value(line, event);
  for (const auto& [key, value] : fields) {
    line += ' ';
    line += key;
    line += '=';
    append_value(line, value);
  }
  line += '\n';
  return line;
}

void write(Level level, std::string_view event, std::initializer_list<Field> fields) {
  if (!enabled(level)) return;
  std::string line = format_line(level, event, fields);
  std::fwrite(line.data(), 1, line.size(), stderr);  // one call: lines never interleave
}

}  // namespace km::core::log
