#include "indexer/users_cli.h"

#include <SQLiteCpp/Transaction.h>

#include <fstream>
#include <sstream>

#include "core/error.h"
#include "core/user.h"

namespace km::indexer {
namespace {

std::vector<std::string> split_commas(const std::string& text) {
  std::vector<std::string> out;
  std::stringstream s(text);
  std::string part;
  while (std::getline(s, part, ',')) {
    if (!part.empty()) out.push_back(part);
  }
  return out;
}

std::string roles_text(const core::User& user) {
  std::string out;
  for (core::Role r : user.roles) out += (out.empty() ? "" : ",") + std::string(core::to_string(r));
  return out;
}

void print_token_line(std::ostream& out, const core::User& user, const std::string& token) {
  out << user.id << "\t" << user.org << "\t" << roles_text(user) << "\t" << token << "\n";
}

int import_users(core::UserStore& users, SQLite::Database& db, const std::string& path, bool issue_tokens,
                 std::ostream& out) {
  std::ifstream in(path);
  if (!in) throw core::InvalidInput(path + ": cannot be read");
  nlohmann::json doc;
  try {
    doc = nlohmann::json::parse(in);
  } catch (const nlohmann::json::exception& e) {  // bad syntax, or a number beyond a double's range
    throw core::InvalidInput(path + ": " + e.what());
  }
  if (!doc.is_array()) throw core::InvalidInput(path + ": expected a JSON array of users");
  std::vector<core::User> parsed;
  for (const auto& j : doc) parsed.push_back(core::User::from_json(j));  // all valid, or nothing changes
  SQLite::Transaction tx(db, SQLite::TransactionBehavior::IMMEDIATE);
  for (const auto& user : parsed) users.put(user);
  if (issue_tokens) {
    out << "user\torg\troles\ttoken\n";
    for (const auto& user : parsed) {
      users.revoke_tokens(user.id);  // a fresh token replaces the previous ones
      print_token_line(out, user, users.issue_token(user.id));
    }
  }
  tx.commit();
  if (!issue_tokens) out << "users: imported " << parsed.size() << " users from " << path << "\n";
  return 0;
}

}  // namespace

int run_users_command(SQLite::Database& db, const std::vector<std::string>& operands, bool issue_tokens,
                      std::ostream& out) {
  core::UserStore users(db);
  const std::string verb = operands.empty() ? "" : operands[0];
  const std::size_t n = operands.size();
  if (verb == "add" && n >= 4 && n <= 6) {
    core::User user;
    user.id = operands[1];
    user.org = operands[2];
    for (const auto& r : split_commas(operands[3])) {
      auto role = core::parse_role(r);
      if (!role) throw core::InvalidInput("unknown role '" + r + "' (reader, contributor, expert, km_lead, admin)");
      user.roles.push_back(*role);
    }
    if (n >= 5) user.communities = split_commas(operands[4]);
    user.name = n >= 6 ? operands[5] : user.id;
    users.put(user);
    print_token_line(out, user, users.issue_token(user.id));
    return 0;
  }
  if (verb == "import" && n == 2) return import_users(users, db, operands[1], issue_tokens, out);
  if (verb == "token" && n == 2) {
    std::string token = users.issue_token(operands[1]);
    print_token_line(out, *users.get(operands[1]), token);
    return 0;
  }
  if (verb == "revoke" && n == 2) {
    out << "users: revoked " << users.revoke_tokens(operands[1]) << " token(s) of " << operands[1] << "\n";
    return 0;
  }
  if (verb == "list" && n == 1) {
    for (const auto& user : users.list()) {
      out << user.id << "\t" << user.org << "\t" << roles_text(user) << "\t" << nlohmann::json(user.communities).dump()
          << "\t" << user.name << "\n";
    }
    return 0;
  }
  throw core::InvalidInput("usage: users add ID ORG ROLES [COMMUNITIES] [NAME] | users import FILE [--tokens] | "
                           "users token ID | users revoke ID | users list");
}

}  // namespace km::indexer
