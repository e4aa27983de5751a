#include "search/access.h"

#include "core/index_schema.h"

namespace km::search {
namespace schema = core::schema;
namespace {

Xapian::Query term(std::string_view prefix, std::string_view value) {
  return Xapian::Query(schema::term(prefix, value));
}

Xapian::Query any_of(std::vector<Xapian::Query> queries) {
  if (queries.empty()) return Xapian::Query();  // matches nothing (not the shared MatchNothing: see match_all())
  return Xapian::Query(Xapian::Query::OP_OR, queries.begin(), queries.end());
}

Xapian::Query in_user_communities(const core::User& user) {
  std::vector<Xapian::Query> terms;
  for (const auto& c : user.communities) terms.push_back(term(schema::kCommunityPrefix, c));
  return any_of(std::move(terms));
}

}  // namespace

bool may_see_retired(const core::User& user) { return user.has_role(core::Role::km_lead); }

Xapian::Query visibility_filter(const core::User& user, bool include_retired) {
  const Xapian::Query own = term(schema::kAuthorPrefix, user.id);
  const Xapian::Query members = in_user_communities(user);
  Xapian::Query by_visibility = any_of({
      term(schema::kVisibilityPrefix, "shared"),
      Xapian::Query(Xapian::Query::OP_AND, term(schema::kVisibilityPrefix, "org"), term(schema::kOrgPrefix, user.org)),
      Xapian::Query(Xapian::Query::OP_AND, term(schema::kVisibilityPrefix, "community"), members),
      own});
  std::vector<Xapian::Query> statuses = {
      term(schema::kStatusPrefix, "validated"),
      Xapian::Query(Xapian::Query::OP_AND, term(schema::kStatusPrefix, "draft"), any_of({own, members}))};
  if (include_retired && may_see_retired(user)) statuses.push_back(term(schema::kStatusPrefix, "retired"));
  return Xapian::Query(Xapian::Query::OP_AND, by_visibility, any_of(std::move(statuses)));
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
