#include "core/item_store.h"

#include <SQLiteCpp/Statement.h>
#include <SQLiteCpp/Transaction.h>

#include "core/error.h"
#include "core/text.h"

namespace km::core {
namespace {

Item item_from_doc(const std::string& doc) {
  ItemParse parsed = parse_item(nlohmann::json::parse(doc));
  if (!parsed.item) {
    throw Error("corrupt_store", "stored item does not validate: " + parsed.errors.front().field + ": " +
                                     parsed.errors.front().reason);
  }
  return std::move(*parsed.item);
}

}  // namespace

UpsertOutcome ItemStore::upsert(const Item& item) {
  const std::string doc = item.to_json().dump();
  const std::string hash = sha256_hex(doc);
  SQLite::Statement existing(db_, "SELECT content_hash FROM items WHERE id = ?");
  existing.bind(1, item.id);
  const bool exists = existing.executeStep();
  if (exists && existing.getColumn(0).getString() == hash) return UpsertOutcome::unchanged;

  const std::string now = utc_timestamp();
  SQLite::Statement write(db_, R"sql(
    INSERT INTO items (id, org, kind, status, visibility, community, author, title, created, updated,
                       review_by, doc, content_hash, index_pending, first_seen, last_changed)
    VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, 1, ?14, ?14)
    ON CONFLICT(id) DO UPDATE SET org = ?2, kind = ?3, status = ?4, visibility = ?5, community = ?6,
      author = ?7, title = ?8, created = ?9, updated = ?10, review_by = ?11, doc = ?12,
      content_hash = ?13, index_pending = 1, last_changed = ?14)sql");
  write.bind(1, item.id);
  write.bind(2, item.org);
  write.bind(3, std::string(to_string(item.kind)));
  write.bind(4, std::string(to_string(item.status)));
  write.bind(5, std::string(to_string(item.visibility)));
  write.bind(6, item.community);
  write.bind(7, item.author);
  write.bind(8, item.title);
  write.bind(9, item.created);
  write.bind(10, item.updated);
  write.bind(11, item.review_by);
  write.bind(12, doc);
  write.bind(13, hash);
  write.bind(14, now);
  write.exec();

  SQLite::Statement clear(db_, "DELETE FROM item_concepts WHERE item_id = ?");
  clear.bind(1, item.id);
  clear.exec();
  SQLite::Statement add(db_, "INSERT INTO item_concepts(item_id, concept_id) VALUES (?, ?)");
  for (const std::string& concept_id : item.concepts) {
    add.bind(1, item.id);
    add.bind(2, concept_id);
    add.exec();
    add.reset();
  }
  return exists ? UpsertOutcome::updated : UpsertOutcome::added;
}

std::optional<Item> ItemStore::get(const std::string& id) {
  SQLite::Statement query(db_, "SELECT doc FROM items WHERE id = ?");
  query.bind(1, id);
  if (!query.executeStep()) return std::nullopt;
  return item_from_doc(query.getColumn(0).getString());
}

std::optional<Item> ItemStore::access(const std::string& id) {
  SQLite::Statement query(db_, "SELECT org, status, visibility, community, author FROM items WHERE id = ?");
  query.bind(1, id);
  if (!query.executeStep()) return std::nullopt;
  Item item;
  item.id = id;
  item.org = query.getColumn(0).getString();
  item.status = parse_status(query.getColumn(1).getString()).value_or(Status::draft);
  item.visibility = parse_visibility(query.getColumn(2).getString()).value_or(Visibility::org);
  item.community = query.getColumn(3).getString();
  item.author = query.getColumn(4).getString();
  return item;
}

bool ItemStore::contains(const std::string& id) {
  SQLite::Statement query(db_, "SELECT 1 FROM items WHERE id = ?");
  query.bind(1, id);
  return query.executeStep();
}

std::vector<PendingItem> ItemStore::pending(std::size_t limit) {
  SQLite::Statement query(db_, "SELECT doc, content_hash FROM items WHERE index_pending = 1 "
                               "ORDER BY last_changed, id LIMIT ?");
  query.bind(1, static_cast<int64_t>(limit));
  std::vector<PendingItem> out;
  while (query.executeStep()) {
    out.push_back({item_from_doc(query.getColumn(0).getString()), query.getColumn(1).getString()});
  }
  return out;
}

std::size_t ItemStore::mark_pending(const std::vector<std::string>& ids) {
  SQLite::Statement q(db_, "UPDATE items SET index_pending = 1 WHERE id IN (SELECT value FROM json_each(?))");
  q.bind(1, nlohmann::json(ids).dump());
  return static_cast<std::size_t>(q.exec());
}

std::size_t ItemStore::mark_tagged_pending(const std::string& concept_id) {
  SQLite::Statement q(db_, "UPDATE items SET index_pending = 1 WHERE id IN (SELECT item_id FROM item_concepts WHERE concept_id = ?)");
  q.bind(1, concept_id);
  return static_cast<std::size_t>(q.exec());
}

std::size_t ItemStore::mark_tagged_pending() {
  return static_cast<std::size_t>(db_.exec("UPDATE items SET index_pending = 1 WHERE id IN (SELECT item_id FROM item_concepts)"));
}

void ItemStore::mark_indexed(const std::vector<std::pair<std::string, std::string>>& id_and_hash) {
  SQLite::Transaction tx(db_, SQLite::TransactionBehavior::IMMEDIATE);
  SQLite::Statement update(db_, "UPDATE items SET index_pending = 0 WHERE id = ? AND content_hash = ?");
  for (const auto& [id, hash] : id_and_hash) {
    update.bind(1, id);
    update.bind(2, hash);
    update.exec();
    update.reset();
  }
  tx.commit();
}

void ItemStore::for_each(const std::function<void(const Item&, const std::string&)>& fn) {
  SQLite::Statement query(db_, "SELECT doc, content_hash FROM items ORDER BY id");
  while (query.executeStep()) fn(item_from_doc(query.getColumn(0).getString()), query.getColumn(1).getString());
}

std::size_t ItemStore::size() { return static_cast<std::size_t>(db_.execAndGet("SELECT COUNT(*) FROM items").getInt64()); }

std::vector<ItemRow> ItemStore::rows() {
  SQLite::Statement q(db_, "SELECT id, org, kind, status, community, author, created, updated, review_by, "
                           "EXISTS (SELECT 1 FROM item_concepts c WHERE c.item_id = i.id) FROM items i ORDER BY id");
  std::vector<ItemRow> out;
  while (q.executeStep()) {
    ItemRow row;
    row.id = q.getColumn(0).getString();
    row.org = q.getColumn(1).getString();
    row.kind = parse_kind(q.getColumn(2).getString()).value_or(Kind::lesson);
    row.status = parse_status(q.getColumn(3).getString()).value_or(Status::draft);
    row.community = q.getColumn(4).getString();
    row.author = q.getColumn(5).getString();
    row.created = q.getColumn(6).getString();
    row.updated = q.getColumn(7).getString();
    row.review_by = q.getColumn(8).getString();
    row.tagged = q.getColumn(9).getInt() != 0;
    out.push_back(std::move(row));
  }
  return out;
}

std::map<std::string, std::vector<std::string>> ItemStore::concepts_by_item() {
  SQLite::Statement q(db_, "SELECT item_id, concept_id FROM item_concepts ORDER BY item_id, concept_id");
  std::map<std::string, std::vector<std::string>> out;
  while (q.executeStep()) out[q.getColumn(0).getString()].push_back(q.getColumn(1).getString());
  return out;
}

std::vector<std::string> ItemStore::review_due(const std::string& today, const std::string& author, const std::string& org,
                                               const std::set<std::string>& also_due) {
  SQLite::Statement q(db_, "SELECT id FROM items WHERE status != 'retired' AND (author = ?2 OR (?3 <> '' AND org = ?3)) AND "
                           "((review_by != '' AND substr(review_by, 1, 10) < ?1) OR id IN (SELECT value FROM json_each(?4))) "
                           "ORDER BY review_by, id");
  q.bind(1, today);
  q.bind(2, author);
  q.bind(3, org);
  q.bind(4, nlohmann::json(also_due).dump());
  std::vector<std::string> out;
  while (q.executeStep()) out.push_back(q.getColumn(0).getString());
  return out;
}

std::set<std::string> ItemStore::orgs() {
  SQLite::Statement q(db_, "SELECT DISTINCT org FROM items");
  std::set<std::string> out;
  while (q.executeStep()) out.insert(q.getColumn(0).getString());
  return out;
}

StoreCounts ItemStore::counts() {
  StoreCounts out;
  SQLite::Statement query(db_, "SELECT org, kind, status, index_pending FROM items");
  while (query.executeStep()) {
    ++out.total;
    ++out.by_org[query.getColumn(0).getString()];
    ++out.by_kind[query.getColumn(1).getString()];
    ++out.by_status[query.getColumn(2).getString()];
    out.pending += static_cast<std::size_t>(query.getColumn(3).getInt());
  }
  return out;
}

}  // namespace km::core
