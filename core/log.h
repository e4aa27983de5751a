#pragma once
// Logging facade: one line per event on stderr, as key=value pairs:
//   ts=2026-11-24T15:00:00Z level=info event=ingest_done added=3 updated=0
// Values containing spaces, quotes or '=' are quoted. Thread-safe (one write per line).
// The threshold is process-wide and set once by main(); library code prefers throwing to logging.
#include <initializer_list>
#include <string>
#include <string_view>
#include <utility>

namespace km::core::log {

enum class Level { debug = 0, info = 1, warn = 2, error = 3 };

using Field = std::pair<std::string_view, std::string>;

// Sets the threshold; events below it are dropped. Throws InvalidInput for an unknown name.
void set_level(std::string_view name);
bool enabled(Level level);

void write(Level level, std::string_view event, std::initializer_list<Field> fields = {});
inline void debug(std::string_view e, std::initializer_list<Field> f = {}) { write(Level::debug, e, f); }
inline void info(std::string_view e, std::initializer_list<Field> f = {}) { write(Level::info, e, f); }
inline void warn(std::string_view e, std::initializer_list<Field> f = {}) { write(Level::warn, e, f); }
inline void error(std::string_view e, std::initializer_list<Field> f = {}) { write(Level::error, e, f); }

// Formats one line without writing it (exposed for tests).
std::string format_line(Level level, std::string_view event, std::initializer_list<Field> fields);

}  // namespace km::core::log
