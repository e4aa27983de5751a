#include "core/user.h"

#include <SQLiteCpp/Statement.h>

#include <algorithm>
#include <array>

#include "core/enum_names.h"
#include "core/error.h"
#include "core/text.h"

namespace km::core {
namespace {

constexpr std::array<std::string_view, 5> kRoles = {"reader", "contributor", "expert", "km_lead", "admin"};

User read_user(SQLite::Statement& q) {
  User user;
  user.id = q.getColumn(0).getString();
  user.name = q.getColumn(1).getString();
  user.org = q.getColumn(2).getString();
  user.communities = nlohmann::json::parse(q.getColumn(3).getString()).get<std::vector<std::string>>();
  for (const auto& r : nlohmann::json::parse(q.getColumn(4).getString())) {
    if (auto role = parse_role(r.get<std::string>())) user.roles.push_back(*role);
  }
  return user;
}

}  // namespace

std::string_view to_string(Role role) { return enum_name(kRoles, role); }

std::optional<Role> parse_role(std::string_view text) {
  return enum_from_name<Role>(kRoles, text);
}

bool User::has_role(Role role) const {
  auto holds = [this](Role r) { return std::find(roles.begin(), roles.end(), r) != roles.end(); };
  if (holds(Role::admin) || holds(role) || role == Role::reader) return true;
  // Experts and km_leads write knowledge too.
  return role == Role::contributor && (holds(Role::expert) || holds(Role::km_lead));
}

bool User::in_community(const std::string& community) const {
  return std::find(communities.begin(), communities.end(), community) != communities.end();
}

nlohmann::json User::to_json() const {
  nlohmann::json roles_json = nlohmann::json::array();
  for (Role r : roles) roles_json.push_back(to_string(r));
  return {{"id", id}, {"name", name}, {"org", org}, {"communities", communities}, {"roles", roles_json}};
}

User User::from_json(const nlohmann::json& j) {
  if (!j.is_object()) throw InvalidInput("a user must be a JSON object");
  User user;
  try {
    user.id = j.at("id").get<std::string>();
    user.name = j.value("name", user.id);
    user.org = j.at("org").get<std::string>();
    user.communities = j.value("communities", std::vector<std::string>{});
    for (const auto& r : j.value("roles", std::vector<std::string>{"reader"})) {
      auto role = parse_role(r);
      if (!role) throw InvalidInput("user " + user.id + ": unknown role '" + r + "'");
      user.roles.push_back(*role);
    }
  } catch (const nlohmann::json::exception& e) {
    throw InvalidInput(std::string("user: ") + e.what());
  }
  if (user.id.empty() || user.org.empty()) throw InvalidInput("user: id and org are required");
  return user;
}

void UserStore::put(const User& user) {
  nlohmann::json roles = user.to_json()["roles"];
  SQLite::Statement q(db_, "INSERT INTO users(id, name, org, communities, roles) VALUES (?1, ?2, ?3, ?4, ?5) "
                           "ON CONFLICT(id) DO UPDATE SET name = ?2, org = ?3, communities = ?4, roles = ?5");
  q.bind(1, user.id);
  q.bind(2, user.name);
  q.bind(3, user.org);
  q.bind(4, nlohmann::json(user.communities).dump());
  q.bind(5, roles.dump());
  q.exec();
}

std::optional<User> UserStore::get(const std::string& id) {
  SQLite::Statement q(db_, "SELECT id, name, org, communities, roles FROM users WHERE id = ?");
  q.bind(1, id);
  if (!q.executeStep()) return std::nullopt;
  return read_user(q);
}

std::vector<User> UserStore::list() {
  SQLite::Statement q(db_, "SELECT id, name, org, communities, roles FROM users ORDER BY org, id");
  std::vector<User> out;
  while (q.executeStep()) out.push_back(read_user(q));
  return out;
}

std::string UserStore::issue_token(const std::string& user_id) {
  if (!get(user_id)) throw NotFound("no user '" + user_id + "'");
  std::string token = "km_" + random_hex(32);
  SQLite::Statement q(db_, "INSERT INTO tokens(token_hash, user_id) VALUES (?, ?)");
  q.bind(1, sha256_hex(token));
  q.bind(2, user_id);
  q.exec();
  return token;
}

int UserStore::revoke_tokens(const std::string& user_id) {
  if (!get(user_id)) throw NotFound("no user '" + user_id + "'");
  SQLite::Statement q(db_, "UPDATE tokens SET revoked_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now') "
                           "WHERE user_id = ? AND revoked_at IS NULL");
  q.bind(1, user_id);
  return q.exec();
}

std::optional<User> UserStore::authenticate(const std::string& token) {
  const std::string sql = "SELECT u.id, u.name, u.org, u.communities, u.roles FROM tokens t "
                          "JOIN users u ON u.id = t.user_id WHERE t.token_hash = ? AND t.revoked_at IS NULL";
  auto find = [&](SQLite::Statement& q) -> std::optional<User> {
    q.bind(1, sha256_hex(token));
    if (!q.executeStep()) return std::nullopt;
    return read_user(q);
  };
  if (kept_) return kept_->run(sql, find);
  SQLite::Statement q(db_, sql);
  return find(q);
}

}  // namespace km::core
