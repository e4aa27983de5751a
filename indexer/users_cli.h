#pragma once
// `km-indexer users ...`: manage users and their API tokens in a --db folder.
//   users add ID ORG ROLES [COMMUNITIES] [NAME]  (ROLES and COMMUNITIES comma-separated)
//   users import FILE.json [--tokens]           (a JSON array of users; --tokens issues a fresh
//                                               token to each, revoking their previous ones)
//   users token ID | users revoke ID | users list
// Tokens are printed once and stored hashed. Returns an exit code; throws km::core errors.
#include <ostream>
#include <string>
#include <vector>

#include <SQLiteCpp/Database.h>

namespace km::indexer {

int run_users_command(SQLite::Database& db, const std::vector<std::string>& operands, bool issue_tokens,
                      std::ostream& out);

}  // namespace km::indexer
