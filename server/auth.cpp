#include "server/auth.h"

#include "core/error.h"

namespace km::server {

core::User authenticate(SharedStore& store, const httplib::Request& req) {
  const std::string header = req.get_header_value("Authorization");
  const std::string scheme = "Bearer ";
  if (header.rfind(scheme, 0) != 0 || header.size() == scheme.size()) {
    throw core::Unauthorized("send 'Authorization: Bearer <token>'");
  }
  const std::string token = header.substr(scheme.size());
  auto user = store.with_kept([&](SQLite::Database& db, core::StatementCache& kept) {
    return core::UserStore(db, kept).authenticate(token);
  });
  if (!user) throw core::Unauthorized("the token is unknown or revoked");
  return *user;
}

void require(const core::User& user, core::Role role) {
  if (!user.has_role(role)) {
    throw core::Forbidden("this needs the " + std::string(core::to_string(role)) + " role");
  }
}

}  // namespace km::server
