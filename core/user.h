#pragma once
// Users, their roles, and the store that keeps them with their API tokens.
//
// Tokens are 32 random bytes, hex encoded, shown once when issued and stored only as their
// SHA-256. UserStore borrows the database handle and is not thread-safe. Throws InvalidInput
// for malformed users, NotFound for unknown ids; SQLite errors propagate.
#include <SQLiteCpp/Database.h>

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "core/statement_cache.h"

namespace km::core {

enum class Role { reader, contributor, expert, km_lead, admin };
std::string_view to_string(Role role);
std::optional<Role> parse_role(std::string_view text);

struct User {
  std::string id;
  std::string name;
  std::string org;
  std::vector<std::string> communities;
  std::vector<Role> roles;

  bool has_role(Role role) const;
  bool in_community(const std::string& community) const;
  nlohmann::json to_json() const;
  // Validates {"id","name","org","communities","roles"}. Throws InvalidInput.
  static User from_json(const nlohmann::json& j);
};

class UserStore {
 public:
  explicit UserStore(SQLite::Database& db) : db_(db) {}
  // authenticate() with its statement kept in `kept` (a cache of db's), as for every request.
  UserStore(SQLite::Database& db, StatementCache& kept) : db_(db), kept_(&kept) {}

  // Inserts or replaces the user (tokens are kept).
  void put(const User& user);
  std::optional<User> get(const std::string& id);
  std::vector<User> list();
  // Issues a new token for an existing user and returns it (the only time it is visible).
  std::string issue_token(const std::string& user_id);
  // Revokes every token of the user; returns how many were active.
  int revoke_tokens(const std::string& user_id);
  // The user an active token belongs to.
  std::optional<User> authenticate(const std::string& token);

 private:
  SQLite::Database& db_;
  StatementCache* kept_ = nullptr;
};

}  // namespace km::core
