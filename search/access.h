#pragma once
// Who may see which item: one rule, expressed twice — as a Xapian filter query (so invisible
// items never enter a match set, its counts or its facets) and as a predicate on one item (for
// fetches by id). Both must agree; tests/server checks them against each other.
//
// An item is visible to a user when its status and its visibility both allow it:
//   status     validated: yes; draft: its author and members of its community;
//              retired: only when asked for (include_retired) by a km_lead or admin.
//   visibility shared: everyone; org: users of the item's org; community: members of the
//              item's community. An author always sees their own items.
// Pure functions; thread-safe.
#include <xapian.h>

#include <memory>

#include "core/item.h"
#include "core/user.h"
#include "search/visible_docs.h"

namespace km::search {

// The audience terms of what `user` may see: one per group the user belongs to
// (core/audience.h), never empty. visibility_filter() is their OR.
std::vector<std::string> audience_terms(const core::User& user, bool include_retired);
Xapian::Query visibility_filter(const core::User& user, bool include_retired);
// The same filter as a posting source over a bitmap per shard (search/visible_docs.h): cheaper
// per candidate, for local shards only (a remote one throws Xapian::UnimplementedError).
Xapian::Query local_visibility_filter(const core::User& user, bool include_retired);
// The same filter as a match decider for one pass over `db` (the cheapest where the text query
// is scored anyway); null where `db` is several shards or a remote one (see VisibleDecider).
std::unique_ptr<VisibleDecider> visibility_decider(const Xapian::Database& db, const core::User& user, bool include_retired);
bool can_see(const core::User& user, const core::Item& item, bool include_retired = false);
// include_retired is honoured for km_lead and admin only.
bool may_see_retired(const core::User& user);

// A query matching every document, made afresh. Xapian::Query::MatchAll is one static object
// whose reference count is not atomic: request threads must not copy it concurrently.
inline Xapian::Query match_all() { return Xapian::Query(std::string()); }

}  // namespace km::search
