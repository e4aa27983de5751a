#pragma once
// Small text utilities shared by every module: UTF-8 validation, integers, ISO 8601 dates,
// hashing.
// All functions are pure and thread-safe.
#include <optional>
#include <string>
#include <string_view>

namespace km::core {

// True when `text` is well-formed UTF-8 (no overlongs, surrogates or code points > U+10FFFF).
bool is_valid_utf8(std::string_view text);

// The longest prefix of `text` of at most `max_bytes` bytes that does not cut a UTF-8 character
// in two (a cut one would make the text invalid, and every later check of it fail).
std::string utf8_prefix(std::string_view text, std::size_t max_bytes);

// All of `text` as a base-10 integer in [min, max]; nullopt for anything else ("5x", "", "+5",
// " 5", out of range). The one integer parser of routes, settings and command lines.
std::optional<long long> parse_integer(std::string_view text, long long min, long long max);
// All of `text` as a finite decimal number in [min, max] ("0.5", "1e-3"); nullopt for anything
// else ("0.5x", "", " 1", "nan", out of range). The one number parser of settings and command lines.
std::optional<double> parse_number(std::string_view text, double min, double max);

// Accepts "YYYY-MM-DD" and "YYYY-MM-DDTHH:MM[:SS[.fff]](Z|±HH:MM)" with a real calendar date.
// Returns the normalised form (the input with 't'/'z' upper-cased), or nullopt when invalid.
std::optional<std::string> parse_iso8601(std::string_view text);

// Lower-case hex SHA-256 of `data` (OpenSSL).
std::string sha256_hex(std::string_view data);

// `bytes` cryptographically random bytes, hex encoded (OpenSSL RAND_bytes). Throws Error on failure.
std::string random_hex(std::size_t bytes);

// The whole file as bytes. Throws InvalidInput "<path>: cannot be read".
std::string read_file_text(const std::string& path);

// Current UTC time as "YYYY-MM-DDTHH:MM:SSZ".
std::string utc_timestamp();

}  // namespace km::core
