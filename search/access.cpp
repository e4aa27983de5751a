#include "search/access.h"

#include "core/audience.h"
#include "core/index_layout.h"
#include "core/index_schema.h"

namespace km::search {
namespace schema = core::schema;

bool may_see_retired(const core::User& user) { return user.has_role(core::Role::km_lead); }

std::vector<std::string> audience_terms(const core::User& user, bool include_retired) {
  std::vector<std::string> terms;
  for (const std::string& a : core::user_audiences(user, include_retired && may_see_retired(user))) {
    terms.push_back(schema::term(schema::kAudiencePrefix, a));
  }
  return terms;
}

Xapian::Query visibility_filter(const core::User& user, bool include_retired) {
  const std::vector<std::string> terms = audience_terms(user, include_retired);
  return Xapian::Query(Xapian::Query::OP_OR, terms.begin(), terms.end());
}

Xapian::Query local_visibility_filter(const core::User& user, bool include_retired) {
  return Xapian::Query((new VisibleDocs(audience_terms(user, include_retired)))->release());
}

std::unique_ptr<VisibleDecider> visibility_decider(const Xapian::Database& db, const core::User& user, bool include_retired) {
  if (db.size() != 1 || core::has_remote_part(db)) return nullptr;
  return std::make_unique<VisibleDecider>(db, audience_terms(user, include_retired));
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
