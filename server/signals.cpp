#include "server/signals.h"

#include <SQLiteCpp/Statement.h>

namespace km::server {

void log_search(SQLite::Database& db, const core::User& user, const std::string& query, std::size_t results) {
  SQLite::Statement q(db, "INSERT INTO search_log(user_id, org, query, results) VALUES (?, ?, ?, ?)");
  q.bind(1, user.id);
  q.bind(2, user.org);
  q.bind(3, query);
  q.bind(4, static_cast<int64_t>(results));
  q.exec();
}

}  // namespace km::server
