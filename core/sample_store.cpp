#include "core/sample_store.h"

#include <SQLiteCpp/Statement.h>
#include <SQLiteCpp/Transaction.h>

#include <array>

#include "core/enum_names.h"

namespace km::core {
namespace {

constexpr std::array<std::string_view, 2> kVerdictNames = {"pass", "fail"};

std::optional<Verdict> verdict_of(const SQLite::Column& c) {
  return c.isNull() ? std::nullopt : parse_verdict(c.getString());
}

}  // namespace

std::string_view to_string(Verdict verdict) { return enum_name(kVerdictNames, verdict); }
std::optional<Verdict> parse_verdict(std::string_view text) { return enum_from_name<Verdict>(kVerdictNames, text); }

long long SampleStore::create(const SampleRecord& sample, const std::vector<std::string>& item_ids) {
  SQLite::Transaction tx(db_, SQLite::TransactionBehavior::IMMEDIATE);
  SQLite::Statement s(db_, "INSERT INTO samples(reviewer, org, period_from, period_to) VALUES (?, ?, ?, ?)");
  s.bind(1, sample.reviewer);
  s.bind(2, sample.org);
  s.bind(3, sample.from);
  s.bind(4, sample.to);
  s.exec();
  const long long id = db_.getLastInsertRowid();
  SQLite::Statement add(db_, "INSERT INTO sample_items(sample_id, item_id) VALUES (?, ?)");
  for (const std::string& item : item_ids) {
    add.bind(1, static_cast<int64_t>(id));
    add.bind(2, item);
    add.exec();
    add.reset();
  }
  tx.commit();
  return id;
}

std::optional<SampleRecord> SampleStore::find(long long id) {
  SQLite::Statement s(db_, "SELECT reviewer, org, period_from, period_to, created_at FROM samples WHERE id = ?");
  s.bind(1, static_cast<int64_t>(id));
  if (!s.executeStep()) return std::nullopt;
  return SampleRecord{id, s.getColumn(0).getString(), s.getColumn(1).getString(), s.getColumn(2).getString(),
                      s.getColumn(3).getString(), s.getColumn(4).getString()};
}

std::vector<SampleItem> SampleStore::items_of(long long id) {
  SQLite::Statement q(db_, "SELECT si.item_id, i.title, si.verdict, si.reason FROM sample_items si "
                           "JOIN items i ON i.id = si.item_id WHERE si.sample_id = ? ORDER BY si.item_id");
  q.bind(1, static_cast<int64_t>(id));
  std::vector<SampleItem> out;
  while (q.executeStep()) {
    out.push_back({q.getColumn(0).getString(), q.getColumn(1).getString(), verdict_of(q.getColumn(2)), q.getColumn(3).getString()});
  }
  return out;
}

bool SampleStore::decide(long long id, const std::string& item_id, Verdict verdict, const std::string& reason, const std::string& at) {
  SQLite::Statement q(db_, "UPDATE sample_items SET verdict = ?, reason = ?, decided_at = ? WHERE sample_id = ? AND item_id = ?");
  q.bind(1, std::string(to_string(verdict)));
  q.bind(2, reason);
  q.bind(3, at);
  q.bind(4, static_cast<int64_t>(id));
  q.bind(5, item_id);
  return q.exec() > 0;
}

std::vector<SampleSummary> SampleStore::reviewed_by(const std::string& reviewer) { return summaries_of(reviewer); }
std::vector<SampleSummary> SampleStore::summaries() { return summaries_of(std::nullopt); }

std::vector<SampleSummary> SampleStore::summaries_of(const std::optional<std::string>& reviewer) {
  SQLite::Statement s(db_, "SELECT s.id, s.reviewer, s.org, s.period_from, s.period_to, s.created_at, COUNT(si.item_id), "
                           "COUNT(si.verdict), COUNT(CASE WHEN si.verdict = ?2 THEN 1 END) FROM samples s "
                           "LEFT JOIN sample_items si ON si.sample_id = s.id WHERE ?1 IS NULL OR s.reviewer = ?1 "
                           "GROUP BY s.id ORDER BY s.id DESC");
  if (reviewer) s.bind(1, *reviewer);
  else s.bind(1);
  s.bind(2, std::string(to_string(Verdict::pass)));
  std::vector<SampleSummary> out;
  while (s.executeStep()) {
    out.push_back({{s.getColumn(0).getInt64(), s.getColumn(1).getString(), s.getColumn(2).getString(), s.getColumn(3).getString(),
                    s.getColumn(4).getString(), s.getColumn(5).getString()},
                   s.getColumn(6).getInt(), s.getColumn(7).getInt(), s.getColumn(8).getInt()});
  }
  return out;
}

std::vector<DecidedItem> SampleStore::decided() {
  SQLite::Statement q(db_, "SELECT s.item_id, i.org, i.community, s.verdict, s.reason, s.decided_at, i.last_changed > s.decided_at "
                           "FROM sample_items s JOIN items i ON i.id = s.item_id WHERE s.verdict IS NOT NULL");
  std::vector<DecidedItem> out;
  while (q.executeStep()) {
    out.push_back({q.getColumn(0).getString(), q.getColumn(1).getString(), q.getColumn(2).getString(),
                   verdict_of(q.getColumn(3)).value_or(Verdict::fail), q.getColumn(4).getString(), q.getColumn(5).getString(),
                   q.getColumn(6).getInt() != 0});
  }
  return out;
}

std::set<std::string> SampleStore::failed_unchanged() {
  SQLite::Statement q(db_, "SELECT s.item_id FROM sample_items s JOIN items i ON i.id = s.item_id "
                           "WHERE s.verdict = ? AND i.last_changed <= s.decided_at");
  q.bind(1, std::string(to_string(Verdict::fail)));
  std::set<std::string> out;
  while (q.executeStep()) out.insert(q.getColumn(0).getString());
  return out;
}

}  // namespace km::core
