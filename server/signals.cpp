#include "server/signals.h"

#include <SQLiteCpp/Statement.h>
#include <SQLiteCpp/Transaction.h>

namespace km::server {

long long log_search(SQLite::Database& db, const core::User& user, const std::string& query, std::size_t results, int page) {
  SQLite::Statement q(db, "INSERT INTO search_log(user_id, org, query, results, page) VALUES (?, ?, ?, ?, ?)");
  q.bind(1, user.id);
  q.bind(2, user.org);
  q.bind(3, query);
  q.bind(4, static_cast<int64_t>(results));
  q.bind(5, page);
  q.exec();
  return db.getLastInsertRowid();
}

std::vector<std::string> past_queries(SQLite::Database& db, const std::string& prefix, int limit) {
  SQLite::Statement q(db, "SELECT lower(query) AS text FROM search_log WHERE results > 0 AND substr(lower(query), 1, length(?1)) = lower(?1) "
                          "GROUP BY text ORDER BY COUNT(*) DESC, text LIMIT ?2");
  q.bind(1, prefix);
  q.bind(2, limit);
  std::vector<std::string> out;
  while (q.executeStep()) out.push_back(q.getColumn(0).getString());
  return out;
}

void log_view(SQLite::Database& db, const core::User& user, const std::string& item_id, std::optional<long long> search_id) {
  // A click counts for the user's own search only: anyone could otherwise credit any search
  // with a click and skew the KM report's search success.
  SQLite::Statement q(db, "INSERT INTO item_views(item_id, user_id, org, search_id) "
                          "VALUES (?1, ?2, ?3, (SELECT id FROM search_log WHERE id = ?4 AND user_id = ?2))");
  q.bind(1, item_id);
  q.bind(2, user.id);
  q.bind(3, user.org);
  if (search_id) q.bind(4, static_cast<int64_t>(*search_id));
  else q.bind(4);
  q.exec();
}

core::VoteCounts record_feedback(SQLite::Database& db, const core::User& user, const std::string& item_id, bool helpful,
                                 const std::string& query, const std::string& comment) {
  SQLite::Transaction tx(db, SQLite::TransactionBehavior::IMMEDIATE);
  SQLite::Statement vote(db, "INSERT INTO feedback(item_id, user_id, org, helpful, query, comment) VALUES (?1, ?2, ?3, ?4, ?5, ?6) "
                             "ON CONFLICT(item_id, user_id) DO UPDATE SET helpful = ?4, query = ?5, comment = ?6, "
                             "at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now')");
  vote.bind(1, item_id);
  vote.bind(2, user.id);
  vote.bind(3, user.org);
  vote.bind(4, helpful ? 1 : 0);
  vote.bind(5, query);
  vote.bind(6, comment);
  vote.exec();
  SQLite::Statement pending(db, "UPDATE items SET index_pending = 1 WHERE id = ?");
  pending.bind(1, item_id);
  pending.exec();
  tx.commit();
  return core::ItemStore(db).votes(item_id);
}

}  // namespace km::server
