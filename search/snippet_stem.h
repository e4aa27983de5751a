#pragma once
// The stemmer for the snippets of one query's results. Xapian's snippet generator stems every
// word of a result's text (Snowball, a few hundred nanoseconds a word) to look "Z" + stem up
// among the query's terms: 6.5% of km-server's CPU at 32 connections, 100,000 items (`perf`,
// 2026-12-04). English stemming never changes a word's first letter and never makes it longer,
// so a word can only stem to one of the query's stems if it starts with that stem's letter and
// is at least as long: this stemmer runs Snowball for those words alone and answers the empty
// stem for the others ("Z" is no query's term). The snippets are the same
// (`SnippetStemTest`); a memo of stems in a hash map was tried first and saved nothing (its
// lookups, missing the CPU cache on 32 threads, cost what Snowball does).
#include <xapian.h>

namespace km::search {

// For `query`, the query of the MSet whose snippet() is given the result (its stemmed terms
// are "Z" + an English stem, core::schema::kLanguage). Use on one thread (Xapian reference
// counts are not atomic).
Xapian::Stem snippet_stem(const Xapian::Query& query);

}  // namespace km::search
