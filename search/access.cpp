#include "search/access.h"

#include "core/audience.h"
#include "core/index_schema.h"

namespace km::search {
namespace schema = core::schema;

bool may_see_retired(const core::User& user) { return user.has_role(core::Role::km_lead); }

Xapian::Query visibility_filter(const core::User& user, bool include_retired) {
  // One term per group the user belongs to (core/audience.h): never empty.
  std::vector<Xapian::Query> audiences;
  for (const std::string& a : core::user_audiences(user, include_retired && may_see_retired(user))) {
    audiences.emplace_back(schema::term(schema::kAudiencePrefix, a));
  }
  return Xapian::Query(Xapian::Query::OP_OR, audiences.begin(), audiences.end());
}

bool can_see(const core::User& user, const core::Item& item, bool include_retired) {
  const bool own = !item.author.empty() && item.author == user.id;
  const bool member = !item.community.empty() && user.in_community(item.community);
  bool visible_to_user = own || item.visibility == core::Visibility::shared ||
                         (item.visibility == core::Visibility::org && item.org == user.org) ||
                         (item.visibility == core::Visibility::community && member);
  bool status_allows = item.status == core::Status::validated ||
                       (item.status == core::Status::draft && (own || member)) ||
                       (item.status == core::Status::retired && include_retired && may_see_retired(user));
  return visible_to_user && status_allows;
}

}  // namespace km::search
