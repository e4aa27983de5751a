#pragma once
// The Xapian index schema: the only place that names term prefixes and value slots.
// The indexer writes through it, the server reads through it. docs/index-schema.md lists the
// same table for people; keep both in step.
#include <xapian.h>

#include <string>
#include <string_view>

namespace km::core::schema {

// --- Boolean (filter) terms: prefix + exact value, never stemmed. ---
inline constexpr std::string_view kIdPrefix = "Q";             // Q<item id>, unique per document
inline constexpr std::string_view kOrgPrefix = "XO";           // XO<org>
inline constexpr std::string_view kKindPrefix = "XK";          // XK<kind>
inline constexpr std::string_view kCommunityPrefix = "XC";     // XC<community>
inline constexpr std::string_view kStatusPrefix = "XS";        // XS<status>
inline constexpr std::string_view kVisibilityPrefix = "XV";    // XV<visibility>
inline constexpr std::string_view kAuthorPrefix = "XA";        // XA<author user id>
inline constexpr std::string_view kConceptPrefix = "XT";       // XT<concept id> (own and aligned)
inline constexpr std::string_view kAudiencePrefix = "XR";      // XR<audience>: who may see it (core/audience.h)

// --- Free-text prefixes (stemmed, positional). ---
inline constexpr std::string_view kTitlePrefix = "S";          // title words, for title:
inline constexpr std::string_view kSummaryPrefix = "XU";       // summary words, for summary:

// Within-document frequency increments: how much a word counts by the field it appears in.
inline constexpr Xapian::termcount kTitleWeight = 3;
inline constexpr Xapian::termcount kSummaryWeight = 2;
inline constexpr Xapian::termcount kBodyWeight = 1;

// --- Value slots. Dates are stored as their ISO 8601 text: text order is date order. ---
enum Slot : Xapian::valueno {
  kCreatedSlot = 0,     // created (or first ingest date) "YYYY-MM-DD..."
  kUpdatedSlot = 1,     // updated, else created
  kReviewBySlot = 2,    // review_by, may be empty
  kOrgSlot = 3,         // org id (facet)
  kKindSlot = 4,        // kind (facet)
  kCommunitySlot = 5,   // community id (facet)
  kConceptsSlot = 6,    // concept ids joined by '\n' (multi-valued facet)
  kStatusSlot = 7,      // status
  kSignalsSlot = 8,     // "status|helpful votes|not-helpful votes|review_by" (ranking signals)
  kHashSlot = 9,        // content hash of the indexed version (km-indexer check compares it with SQLite's)
  kItemConceptsSlot = 10,  // the item's own concept ids joined by '\n' (slot 6 adds the aligned ones)
};

// Document data is a JSON object with the fields a search result shows (see
// indexer/document_builder.cpp): id, title, kind, org, community, concepts, status,
// visibility, author, created, updated, summary and "text" (the searchable text, capped at
// kMaxStoredText bytes, for snippets).
inline constexpr std::size_t kMaxStoredText = 16 * 1024;

inline std::string term(std::string_view prefix, std::string_view value) {
  std::string t(prefix);
  t += value;
  return t;
}

// The schema version, kept in the index's metadata under kSchemaKey. An index written by an
// older version is refused by writers and by km-server until `km-indexer rebuild` replaces it.
// 2: audience terms (XR), content hash and own concepts slots.
inline constexpr const char* kSchemaKey = "km:schema";
inline constexpr const char* kSchemaVersion = "2";

// The stemming language of the index and of query parsing.
inline constexpr const char* kLanguage = "english";

}  // namespace km::core::schema
