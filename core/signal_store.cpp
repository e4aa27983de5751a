#include "core/signal_store.h"

#include <SQLiteCpp/Statement.h>
#include <SQLiteCpp/Transaction.h>

#include "core/item_store.h"

namespace km::core {

long long SignalStore::log_search(const User& user, const std::string& query, std::size_t results, int page) {
  const std::string sql = "INSERT INTO search_log(user_id, org, query, results, page) VALUES (?, ?, ?, ?, ?)";
  auto insert = [&](SQLite::Statement& q) {
    q.bind(1, user.id);
    q.bind(2, user.org);
    q.bind(3, query);
    q.bind(4, static_cast<int64_t>(results));
    q.bind(5, page);
    q.exec();
    return db_.getLastInsertRowid();
  };
  if (kept_) return kept_->run(sql, insert);
  SQLite::Statement q(db_, sql);
  return insert(q);
}

void SignalStore::log_view(const User& user, const std::string& item_id, std::optional<long long> search_id) {
  SQLite::Statement q(db_, "INSERT INTO item_views(item_id, user_id, org, search_id) "
                           "VALUES (?1, ?2, ?3, (SELECT id FROM search_log WHERE id = ?4 AND user_id = ?2))");
  q.bind(1, item_id);
  q.bind(2, user.id);
  q.bind(3, user.org);
  if (search_id) q.bind(4, static_cast<int64_t>(*search_id));
  else q.bind(4);
  q.exec();
}

VoteCounts SignalStore::vote(const User& user, const std::string& item_id, bool helpful, const std::string& query,
                             const std::string& comment) {
  SQLite::Transaction tx(db_, SQLite::TransactionBehavior::IMMEDIATE);
  SQLite::Statement vote(db_, "INSERT INTO feedback(item_id, user_id, org, helpful, query, comment) VALUES (?1, ?2, ?3, ?4, ?5, ?6) "
                              "ON CONFLICT(item_id, user_id) DO UPDATE SET helpful = ?4, query = ?5, comment = ?6, "
                              "at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now')");
  vote.bind(1, item_id);
  vote.bind(2, user.id);
  vote.bind(3, user.org);
  vote.bind(4, helpful ? 1 : 0);
  vote.bind(5, query);
  vote.bind(6, comment);
  vote.exec();
  ItemStore(db_).mark_pending({item_id});
  tx.commit();
  return votes(item_id);
}

VoteCounts SignalStore::votes(const std::string& item_id) {
  SQLite::Statement q(db_, "SELECT COALESCE(SUM(helpful), 0), COALESCE(SUM(1 - helpful), 0) FROM feedback WHERE item_id = ?");
  q.bind(1, item_id);
  q.executeStep();
  return {q.getColumn(0).getInt(), q.getColumn(1).getInt()};
}

std::vector<std::string> SignalStore::past_queries(const std::string& prefix, int limit) {
  SQLite::Statement q(db_, "SELECT lower(query) AS text FROM search_log WHERE results > 0 AND substr(lower(query), 1, length(?1)) = lower(?1) "
                           "GROUP BY text ORDER BY COUNT(*) DESC, text LIMIT ?2");
  q.bind(1, prefix);
  q.bind(2, limit);
  std::vector<std::string> out;
  while (q.executeStep()) out.push_back(q.getColumn(0).getString());
  return out;
}

std::map<std::string, std::size_t> SignalStore::query_counts() {
  SQLite::Statement q(db_, "SELECT lower(query), COUNT(*) FROM search_log WHERE query != '' GROUP BY 1");
  std::map<std::string, std::size_t> out;
  while (q.executeStep()) out[q.getColumn(0).getString()] = static_cast<std::size_t>(q.getColumn(1).getInt64());
  return out;
}

// A search succeeded when its own searcher opened one of its results: a view carrying another
// user's search id, or a zero-result search's, does not count.
void SignalStore::for_each_search(const std::function<void(const SearchRecord&)>& fn) {
  SQLite::Statement q(db_, "SELECT s.org, s.user_id, s.at, s.query, s.results, s.results > 0 AND EXISTS (SELECT 1 FROM item_views v "
                           "WHERE v.search_id = s.id AND v.user_id = s.user_id) FROM search_log s ORDER BY s.id");
  while (q.executeStep()) {
    fn({q.getColumn(0).getString(), q.getColumn(1).getString(), q.getColumn(2).getString(), q.getColumn(3).getString(),
        q.getColumn(4).getInt64(), q.getColumn(5).getInt() != 0});
  }
}

std::vector<Activity> SignalStore::searchers() {
  SQLite::Statement q(db_, "SELECT org, user_id, at FROM search_log");
  std::vector<Activity> out;
  while (q.executeStep()) out.push_back({q.getColumn(0).getString(), q.getColumn(1).getString(), q.getColumn(2).getString()});
  return out;
}

std::vector<Activity> SignalStore::voters() {
  SQLite::Statement q(db_, "SELECT org, user_id, at FROM feedback");
  std::vector<Activity> out;
  while (q.executeStep()) out.push_back({q.getColumn(0).getString(), q.getColumn(1).getString(), q.getColumn(2).getString()});
  return out;
}

std::vector<HelpfulVote> SignalStore::helpful_votes() {
  SQLite::Statement q(db_, "SELECT i.org, f.org, f.at FROM feedback f JOIN items i ON i.id = f.item_id WHERE f.helpful = 1");
  std::vector<HelpfulVote> out;
  while (q.executeStep()) out.push_back({q.getColumn(0).getString(), q.getColumn(1).getString(), q.getColumn(2).getString()});
  return out;
}

}  // namespace km::core
