#pragma once
// PhraseMatches: the documents of a shard that hold an exact phrase, as a Xapian posting
// source, found once per shard snapshot and kept.
//
// Why: Xapian checks a phrase by reading the positions of its words in every document that
// holds them all. For a phrase of common words ("technical support", a label that expansion
// adds to every query naming equipment or networks) that is most of the corpus: such phrases
// made the slowest searches, 60 to 110 ms at 1,000,000 items. with_phrase_filters() puts a
// PhraseMatches beside each phrase (OP_FILTER), so the matcher meets the phrase's own few
// documents first and reads positions of those alone; the phrase itself still matches and
// weighs as before (the same documents, the same wdf).
//
// A shard's list is found in init(), from the shard itself (Xapian's own phrase match,
// unweighted), and kept for the shard's UUID and revision and the phrase: a commit makes a new
// revision, so a list is never used for a later snapshot than its own (DESIGN.md "No leak").
// The first search with a phrase after a commit pays for a full unweighted pass over the
// phrase's candidates (about what every search paid for it before); the next ones do not.
// A shard without a revision (in memory) finds its list each time. Xapian cannot send a
// posting source of ours to a remote shard: with_phrase_filters() is for local shards only.
// One instance per query; Xapian clones it per shard. The cache is thread-safe.
#include <string>
#include <vector>

#include "search/sorted_docids.h"

namespace km::search {

class PhraseMatches : public SortedDocids {
 public:
  // The phrase's terms, in order (an exact phrase: each right after the one before).
  explicit PhraseMatches(std::vector<std::string> terms) : terms_(std::move(terms)) {}

  PhraseMatches* clone() const override { return new PhraseMatches(terms_); }
  void init(const Xapian::Database& db) override;
  std::string get_description() const override { return "km::PhraseMatches"; }

  // Lists found so far (for tests: a cached one is reused, a new revision finds another).
  static std::size_t lists_found();

 private:
  std::vector<std::string> terms_;
};

// `query` with every exact phrase of plain terms in it filtered by its PhraseMatches. Looks
// through OR, AND, AND_NOT, AND_MAYBE, FILTER, XOR and MAX and leaves anything else as it is.
// The same matches and weights. A posting source cannot be a member of a synonym group (Xapian
// 1.4 weighs a synonym by the term statistics of each member: InvalidOperationError at
// get_mset), so a group of phrases and terms is filtered as a whole, by the OR of its phrases'
// PhraseMatches and its terms, when those terms are rare (in kRareTerms of `db`'s documents
// together, at most): a common term would lead the phrase through most of the corpus anyway
// (Xapian moves a phrase to its next true match, reading positions on its way), and the filter
// would only cost ("engineering" beside "field operations": 10% more; "line test" beside
// "remote line check" and "RLC": a third less, at 100,000 items).
Xapian::Query with_phrase_filters(const Xapian::Query& query, const Xapian::Database& db);
inline constexpr double kRareTerms = 0.01;

// Whether `query` is a synonym group filtered by with_phrase_filters() (an OP_FILTER of an
// OP_SYNONYM by its matches): it matches what the group does.
bool is_filtered_synonym(const Xapian::Query& query);

// A query with the same matches as `query`, for a pass that does not weigh them (a count):
// weights dropped (OP_SCALE_WEIGHT unwrapped; OP_SYNONYM and OP_MAX as OP_OR; OP_AND_MAYBE as
// its first part, which alone decides what matches) and every phrase, synonyms' included,
// filtered by its PhraseMatches. What with_phrase_filters() cannot reach inside a synonym, a
// count can. Local shards only.
Xapian::Query matches_only(const Xapian::Query& query);

}  // namespace km::search
