#include "server/item_service.h"

#include <SQLiteCpp/Transaction.h>

#include "core/database.h"
#include "core/error.h"
#include "core/item_store.h"
#include "core/sample_store.h"
#include "core/text.h"
#include "indexer/index_writer.h"
#include "indexer/ingest.h"
#include "search/access.h"

namespace km::server {
namespace {

core::Item validated(const nlohmann::json& fields) {
  core::ItemParse parsed = core::parse_item(fields);
  if (parsed.item) return std::move(*parsed.item);
  std::string message;
  for (const auto& e : parsed.errors) message += (message.empty() ? "" : "; ") + e.field + ": " + e.reason;
  throw core::InvalidInput(message);
}

// Ids of this prefix are the items that accepted answers become (RequestService): taken in
// advance, they would make accepting that request fail for ever.
constexpr std::string_view kAnswerPrefix = "answer-";

bool may_edit(const core::User& user, const core::Item& item) {
  return user.id == item.author || user.has_role(core::Role::admin) ||
         (user.has_role(core::Role::km_lead) && user.org == item.org);
}

}  // namespace

ItemService::ItemService(SharedStore& store, const std::string& sqlite_path, core::IndexLayout index,
                         std::chrono::milliseconds lock_wait)
    : store_(store), indexing_db_(core::open_database(sqlite_path)), index_(std::move(index)), lock_wait_(lock_wait) {}

core::Item ItemService::get(const core::User& user, const std::string& id, bool include_retired) {
  auto item = store_.with([&](SQLite::Database& db) -> std::optional<core::Item> {
    core::ItemStore items(db);
    const auto access = items.access(id);
    if (!access || !search::can_see(user, *access, include_retired)) return std::nullopt;
    return items.get(id);
  });
  if (!item) throw core::NotFound("no item '" + id + "'");
  return *item;
}

core::Item ItemService::create(const core::User& user, nlohmann::json fields) {
  if (!user.has_role(core::Role::contributor)) throw core::Forbidden("writing items needs the contributor role");
  if (!fields.is_object()) throw core::InvalidInput("the body must be a JSON object of item fields");
  if (!fields.contains("org")) fields["org"] = user.org;
  if (!fields.contains("author")) fields["author"] = user.id;
  if (!fields.contains("id")) fields["id"] = user.org + "-" + core::random_hex(6);
  if (!fields.contains("created")) fields["created"] = core::utc_timestamp().substr(0, 10);
  core::Item item = validated(fields);
  if (item.org != user.org && !user.has_role(core::Role::admin)) {
    throw core::Forbidden("you may only write items of your own organisation (" + user.org + ")");
  }
  if (item.id.rfind(kAnswerPrefix, 0) == 0) {
    throw core::InvalidInput("ids starting with '" + std::string(kAnswerPrefix) + "' are kept for accepted answers");
  }
  // An id someone chooses lies in their organisation's namespace ("client-..."), as the ids the
  // server makes up do: no one takes the other organisation's ids, and no one learns from a 409
  // that an item they may not see exists outside their own organisation.
  const std::string own_namespace = user.org + "-";
  if (item.id.rfind(own_namespace, 0) != 0 && !user.has_role(core::Role::admin)) {
    throw core::InvalidInput("an id you choose must start with '" + own_namespace +
                             "' (your organisation's namespace); leave it out and the server names the item");
  }
  check_author(user, item);
  bool exists = store_.with([&](SQLite::Database& db) { return core::ItemStore(db).contains(item.id); });
  if (exists) throw core::Conflict("an item with id '" + item.id + "' already exists");
  write(item);
  return item;
}

core::Item ItemService::editable(const core::User& user, const std::string& id) {
  core::Item item = get(user, id, search::may_see_retired(user));
  if (!may_edit(user, item)) throw core::Forbidden("only the author or a km_lead of " + item.org + " may change it");
  return item;
}

core::Item ItemService::update(const core::User& user, const std::string& id, const nlohmann::json& patch) {
  if (!patch.is_object()) throw core::InvalidInput("the body must be a JSON object (a merge patch)");
  core::Item current = editable(user, id);
  nlohmann::json merged = current.to_json();
  merged.merge_patch(patch);
  if (merged.value("id", "") != current.id || merged.value("org", "") != current.org) {
    throw core::InvalidInput("id and org cannot be changed");
  }
  if (!patch.contains("updated")) merged["updated"] = core::utc_timestamp().substr(0, 10);
  core::Item item = validated(merged);
  if (item.author != current.author) check_author(user, item);
  write(item);
  return item;
}

// The author has the item's edit rights: only a km_lead of the item's organisation (or an admin)
// names someone else, and only a user of that organisation.
void ItemService::check_author(const core::User& user, const core::Item& item) {
  if (item.author == user.id) return;
  if (!user.has_role(core::Role::admin) && !(user.has_role(core::Role::km_lead) && user.org == item.org)) {
    throw core::Forbidden("only a km_lead of " + item.org + " may name another author");
  }
  if (item.author.empty()) return;
  auto author = store_.with([&](SQLite::Database& db) { return core::UserStore(db).get(item.author); });
  if (!author || author->org != item.org) {
    throw core::InvalidInput("author: '" + item.author + "' is not a user of " + item.org);
  }
}

core::Item ItemService::retire(const core::User& user, const std::string& id) {
  core::Item item = editable(user, id);
  item.status = core::Status::retired;
  item.updated = core::utc_timestamp().substr(0, 10);
  if (item.updated < item.created.substr(0, 10)) item.updated = item.created;
  write(item);
  return item;
}

std::vector<core::Item> ItemService::review_due(const core::User& user) {
  const std::string today = core::utc_timestamp().substr(0, 10);
  std::vector<std::string> ids = store_.with([&](SQLite::Database& db) {
    // Past the review-by date, or failed in a quality sample since the item last changed.
    return core::ItemStore(db).review_due(today, user.id, user.has_role(core::Role::km_lead) ? user.org : "",
                                          core::SampleStore(db).failed_unchanged());
  });
  // A km_lead's queue holds the organisation's items they may see (another author's draft in a
  // community they are not in stays hidden: it is not theirs to learn of).
  std::vector<core::Item> out;
  for (const auto& id : ids) {
    auto item = store_.with([&](SQLite::Database& db) { return core::ItemStore(db).get(id); });
    if (item && search::can_see(user, *item)) out.push_back(std::move(*item));
  }
  return out;
}

void ItemService::publish(const core::Item& item) {
  bool exists = store_.with([&](SQLite::Database& db) { return core::ItemStore(db).contains(item.id); });
  if (exists) throw core::Conflict("an item with id '" + item.id + "' already exists");
  write(validated(item.to_json()));
}

// The shared store is held for the upsert only: indexing a large item takes seconds, and every
// other request (searches included: they authenticate through the store) would wait for it.
// The item is stored with its pending flag first, so a crash in between loses nothing.
void ItemService::write(const core::Item& item) {
  std::lock_guard lock(write_mutex_);
  indexer::IndexWriter writer(index_, lock_wait_);
  store_.with([&](SQLite::Database& db) {
    core::ItemStore items(db);
    SQLite::Transaction tx(db, SQLite::TransactionBehavior::IMMEDIATE);
    items.upsert(item);
    tx.commit();
    return 0;
  });
  core::ItemStore items(indexing_db_);
  indexer::index_pending(items, writer);
}

std::size_t ItemService::index_pending() {
  std::lock_guard lock(write_mutex_);
  indexer::IndexWriter writer(index_, lock_wait_);
  core::ItemStore items(indexing_db_);
  return indexer::index_pending(items, writer);
}

}  // namespace km::server
