// The visibility filter (audience terms, core/audience.h) against the rule for one item
// (can_see), over every combination of status, visibility, org, community and author, for
// users of both organisations with and without communities, as readers and km_leads, with and
// without asking for retired items. One disagreement is a leak or a lost item.
#include "search/access.h"

#include <gtest/gtest.h>

#include <set>

#include "core/index_schema.h"
#include "indexer/index_writer.h"

namespace {

using km::core::Item;
using km::core::Role;
using km::core::Status;
using km::core::User;
using km::core::Visibility;

std::vector<Item> every_kind_of_item() {
  std::vector<Item> items;
  for (Status status : {Status::draft, Status::validated, Status::retired}) {
    for (Visibility visibility : {Visibility::org, Visibility::community, Visibility::shared}) {
      for (const char* org : {"client", "partner"}) {
        for (const char* community : {"", "network", "billing"}) {
          for (const char* author : {"", "c.ann", "p.bo", "c.cy"}) {
            Item item;
            item.id = "i" + std::to_string(items.size());
            item.org = org;
            item.title = "router";
            item.body = "router";
            item.community = community;
            item.visibility = visibility;
            item.status = status;
            item.author = author;
            items.push_back(item);
          }
        }
      }
    }
  }
  return items;
}

std::vector<User> every_kind_of_user() {
  std::vector<User> users;
  for (const auto& [id, org] : {std::pair{"c.ann", "client"}, {"p.bo", "partner"}, {"c.dee", "client"}}) {
    for (const std::vector<std::string>& communities : std::vector<std::vector<std::string>>{{}, {"network"}, {"network", "billing"}}) {
      for (Role role : {Role::reader, Role::km_lead}) users.push_back(User{id, id, org, communities, {role}});
    }
  }
  return users;
}

TEST(VisibilityFilterTest, MatchesExactlyTheItemsCanSeeAllowsForEveryUser) {
  const std::vector<Item> items = every_kind_of_item();
  km::indexer::IndexWriter writer;
  for (const Item& item : items) writer.put(item, {});
  writer.commit();
  Xapian::Database db = writer.database();
  for (const User& user : every_kind_of_user()) {
    for (bool retired : {false, true}) {
      Xapian::Enquire enquire(db);
      enquire.set_query(Xapian::Query(Xapian::Query::OP_FILTER, Xapian::Query("Zrouter"),
                                      km::search::visibility_filter(user, retired)));
      std::set<std::string> matched;
      const Xapian::MSet mset = enquire.get_mset(0, db.get_doccount());
      for (auto m = mset.begin(); m != mset.end(); ++m) {
        matched.insert(km::core::schema::decode_document_data(m.get_document().get_data()).id);
      }
      std::set<std::string> allowed;
      for (const Item& item : items) {
        if (km::search::can_see(user, item, retired)) allowed.insert(item.id);
      }
      EXPECT_EQ(matched, allowed) << user.id << " in " << user.communities.size() << " communities as "
                                  << to_string(user.roles.front()) << (retired ? ", asking for retired" : "");
      // The same filter as bitmaps (an in-memory database: built afresh).
      enquire.set_query(Xapian::Query(Xapian::Query::OP_FILTER, Xapian::Query("Zrouter"),
                                      km::search::local_visibility_filter(user, retired)));
      const Xapian::MSet bitmap = enquire.get_mset(0, db.get_doccount());
      std::set<std::string> bitmap_matched;
      for (auto m = bitmap.begin(); m != bitmap.end(); ++m) {
        bitmap_matched.insert(km::core::schema::decode_document_data(m.get_document().get_data()).id);
      }
      EXPECT_EQ(bitmap_matched, allowed);
      EXPECT_FALSE(allowed.empty());
    }
  }
}

}  // namespace
