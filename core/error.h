#pragma once
// The error family every Knowledge Market library throws.
//
// All our exceptions derive from km::core::Error (itself a std::runtime_error). Each carries a
// stable machine-readable code (used in HTTP error bodies and CLI messages) and, when the failure
// came from an underlying library that numbers its errors, that library's code: set where a
// SQLite::Exception becomes one of ours (the SQLite result code, e.g. SQLITE_NOTADB for a backup
// that is not a database), so a caller can tell causes apart without parsing the message.
// Xapian's errors have no number: those converted from Xapian keep 0. The HTTP status they map
// to is decided in one place only: server/error_mapping.cpp.
#include <stdexcept>
#include <string>

namespace km::core {

class Error : public std::runtime_error {
 public:
  Error(std::string code, const std::string& message, int library_code = 0)
      : std::runtime_error(message), code_(std::move(code)), library_code_(library_code) {}
  // Stable snake_case code such as "invalid_input" or "not_found".
  const std::string& code() const noexcept { return code_; }
  // Code of the underlying library error (SQLite extended code...), 0 when there is none.
  int library_code() const noexcept { return library_code_; }

 private:
  std::string code_;
  int library_code_;
};

// The caller sent something malformed or out of range. Nothing was changed.
class InvalidInput : public Error {
 public:
  explicit InvalidInput(const std::string& message, std::string code = "invalid_input", int library_code = 0)
      : Error(std::move(code), message, library_code) {}
};

// The thing asked for does not exist (or the caller may not know that it exists).
class NotFound : public Error {
 public:
  explicit NotFound(const std::string& message) : Error("not_found", message) {}
};

// The request conflicts with the current state (duplicate id, stale version...).
class Conflict : public Error {
 public:
  explicit Conflict(const std::string& message) : Error("conflict", message) {}
};

// A resource is temporarily unavailable (index locked by another writer...). Retry later.
class Unavailable : public Error {
 public:
  explicit Unavailable(const std::string& message, int library_code = 0)
      : Error("unavailable", message, library_code) {}
};

// The caller is not authenticated (401) or lacks a role (403).
class Unauthorized : public Error {
 public:
  explicit Unauthorized(const std::string& message) : Error("unauthorized", message) {}
};
class Forbidden : public Error {
 public:
  explicit Forbidden(const std::string& message) : Error("forbidden", message) {}
};

}  // namespace km::core
