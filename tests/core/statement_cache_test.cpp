#include "core/statement_cache.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>

#include "core/database.h"
#include "core/signal_store.h"
#include "core/user.h"

using namespace km::core;

namespace {

std::string temp_path(const std::string& name) {
  return ::testing::TempDir() + name + "_" + std::to_string(getpid()) + ".sqlite";
}

int count_rows(SQLite::Database& db, const std::string& table) {
  SQLite::Statement q(db, "SELECT COUNT(*) FROM " + table);
  q.executeStep();
  return q.getColumn(0).getInt();
}

}  // namespace

TEST(StatementCache, AKeptStatementStartsEachRunWithoutTheLastOnesBindings) {
  SQLite::Database db(":memory:", SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
  db.exec("CREATE TABLE t(k TEXT, v TEXT); INSERT INTO t VALUES ('a', 'one'), ('b', 'two')");
  StatementCache kept(db);
  const std::string sql = "SELECT v FROM t WHERE k = ?1 OR ?2 IS NOT NULL ORDER BY v";
  auto first = [](SQLite::Statement& q) { return q.executeStep() ? q.getColumn(0).getString() : std::string("none"); };
  EXPECT_EQ(kept.run(sql, [&](SQLite::Statement& q) { q.bind(1, "b"); q.bind(2, 1); return first(q); }), "one");
  EXPECT_EQ(kept.run(sql, [&](SQLite::Statement& q) { q.bind(1, "b"); return first(q); }), "two");  // ?2 NULL again
  EXPECT_EQ(kept.run(sql, [&](SQLite::Statement& q) { return first(q); }), "none");
}

TEST(StatementCache, ARunLeavesNoReadTransactionOpen) {
  // In rollback-journal mode an open read transaction stops any other connection from writing.
  const std::string path = temp_path("kept_statements");
  std::remove(path.c_str());
  SQLite::Database db(path, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
  db.exec("CREATE TABLE t(x INTEGER); INSERT INTO t VALUES (1), (2), (3)");
  StatementCache kept(db);
  const int x = kept.run("SELECT x FROM t ORDER BY x", [](SQLite::Statement& q) { return q.executeStep() ? q.getColumn(0).getInt() : 0; });
  EXPECT_EQ(x, 1);  // stepped to its first row of three only
  SQLite::Database other(path, SQLite::OPEN_READWRITE);
  EXPECT_NO_THROW(other.exec("INSERT INTO t VALUES (4)"));
  EXPECT_EQ(count_rows(db, "t"), 4);
  std::remove(path.c_str());
}

TEST(StatementCache, AKeptStatementFollowsASchemaChange) {
  SQLite::Database db(":memory:", SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
  db.exec("CREATE TABLE t(x INTEGER); INSERT INTO t VALUES (1)");
  StatementCache kept(db);
  auto first = [](SQLite::Statement& q) { return q.executeStep() ? q.getColumn(0).getInt() : 0; };
  EXPECT_EQ(kept.run("SELECT x FROM t", first), 1);
  db.exec("DROP TABLE t; CREATE TABLE t(w TEXT, x INTEGER); INSERT INTO t VALUES ('w', 7)");
  EXPECT_EQ(kept.run("SELECT x FROM t", first), 7);
}

TEST(StatementCache, KeptAuthenticationSeesARevocationAndTheSearchLogKeepsEveryRow) {
  SQLite::Database db = open_database(":memory:");
  StatementCache kept(db);
  UserStore users(db);
  users.put(User::from_json({{"id", "ana"}, {"name", "Ana"}, {"org", "client"}, {"communities", {"billing"}}, {"roles", {"reader"}}}));
  const std::string token = users.issue_token("ana");
  ASSERT_TRUE(UserStore(db, kept).authenticate(token));
  EXPECT_FALSE(UserStore(db, kept).authenticate(token + "0"));
  users.revoke_tokens("ana");
  EXPECT_FALSE(UserStore(db, kept).authenticate(token));  // the kept statement reads what is there now

  const User ana = *users.get("ana");
  const long long first = SignalStore(db, kept).log_search(ana, "refund", 3, 1);
  const long long second = SignalStore(db, kept).log_search(ana, "router", 0, 2);
  EXPECT_EQ(second, first + 1);
  EXPECT_EQ(count_rows(db, "search_log"), 2);
  SQLite::Statement q(db, "SELECT query, results, page FROM search_log WHERE id = ?");
  q.bind(1, static_cast<int64_t>(second));
  ASSERT_TRUE(q.executeStep());
  EXPECT_EQ(q.getColumn(0).getString(), "router");
  EXPECT_EQ(q.getColumn(1).getInt(), 0);
  EXPECT_EQ(q.getColumn(2).getInt(), 2);
}
