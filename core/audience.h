#pragma once
// Who may see an item, as index terms: each item carries one audience term for every group of
// users allowed to see it, and a user's visibility filter is the OR of the audience terms of
// the groups they belong to. One posting list per group replaces a filter that combined
// visibility, organisation, community, author and status terms for every match (a third of
// the cost of a search at 100,000 items).
//
// The rules are DESIGN.md's "No leak", as search/access.h states them for one item
// (can_see); tests/search/access_test.cpp checks that both agree for every combination.
#include <string>
#include <vector>

#include "core/item.h"
#include "core/user.h"

namespace km::core {

// The audience terms (values under schema::kAudiencePrefix) an item is indexed with.
std::vector<std::string> item_audiences(const Item& item);

// The audiences a user belongs to; with `with_retired`, also those that see retired items
// (a km_lead asking for them).
std::vector<std::string> user_audiences(const User& user, bool with_retired);

}  // namespace km::core
