#pragma once
// The customer's voice in the ranking: a weight computed from an item's signals value
// (core/index_schema.h kSignalsSlot), added to the text score of each match the boosts re-rank
// (search.cpp): validated above draft, helpful votes up, not-helpful votes down, items past
// their review date and retired items down. Never negative, so "down" means "less than the
// neutral boost every plain item gets". Computed here rather than by a Xapian posting source so
// that remote shards (xapian-tcpsrv) need no class of ours.
#include <string>
#include <string_view>

#include "search/ranking.h"

namespace km::search {

// The boost of one signals value (core::schema::decode_signals: a malformed one reads as a
// draft with no votes) on `today` ("YYYY-MM-DD").
double signal_boost(std::string_view signals, const RankingOptions& options, const std::string& today);

}  // namespace km::search
