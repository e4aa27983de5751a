#pragma once
// A lower bound on a search's matches from its plain words alone, to spare the counting pass
// its walk to kCountBound (match_counts.h) when one word already holds that many visible items.
//
// A document holding any word that the text query ORs at its top (or in a synonym group there)
// matches the query; so the visible documents holding one such word are a lower bound on its
// matches under the visibility filter alone. Only words held by kCountBound documents or more
// are counted (no other can prove the bound), commonest first, each up to kCountBound, once per
// index snapshot (every shard's UUID and revision: a commit is honoured by the next search) and
// visibility class, and kept: the common words of a search box come back all day. So the first
// search after a commit pays at most a bounded pass per common word, where its counting pass
// would have walked to kCountBound anyway. Local shards only (the visibility filter is a
// posting source of ours). Thread-safe.
#include <xapian.h>

#include <string>

namespace km::search {

// The largest count of visible documents holding one of `text`'s top-level words held by
// kCountBound documents or more, up to kCountBound; 0 when it has none or a shard has no
// snapshot. `visible` is the visibility
// filter, `visibility_key` names its class (the same text for every user it lets see the same
// items).
Xapian::doccount term_bound(const Xapian::Database& db, const Xapian::Query& text, const Xapian::Query& visible,
                            const std::string& visibility_key);

// Counts made so far (for tests: a snapshot reuses its own, a commit makes new ones).
std::size_t term_bounds_counted();

}  // namespace km::search
