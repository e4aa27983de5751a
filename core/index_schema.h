#pragma once
// The Xapian index schema: the only place that names term prefixes and value slots, and the
// only place that spells what goes into them: the encoders and decoders of the structured
// slots (concept lists, signals) and the document data's keys. The indexer writes through it,
// search and the server read through it. docs/index-schema.md explains the schema for people;
// its tables, and the README's, are schema_markdown() and a test keeps them equal to it.
//
// Decoders never throw: a malformed value (an index written by hand, a value cut short) reads
// as the documented default of each field. Encoders throw only what nlohmann::json throws for
// text that is not UTF-8 (items are checked before they get here). Thread-safe (no state).
#include <xapian.h>

#include <algorithm>
#include <string>
#include <string_view>
#include <vector>

#include "core/item.h"

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

// What each prefix and slot holds, for people: the rows of schema_markdown().
struct PrefixMeaning {
  std::string_view prefix;
  std::string_view meaning;
};
inline constexpr PrefixMeaning kPrefixMeanings[] = {
    {kIdPrefix, "item id (unique)"},     {kOrgPrefix, "org"},
    {kKindPrefix, "kind"},               {kCommunityPrefix, "community"},
    {kStatusPrefix, "status"},           {kVisibilityPrefix, "visibility"},
    {kAuthorPrefix, "author"},           {kConceptPrefix, "concept id (own and aligned)"},
    {kAudiencePrefix, "audience: who may see it"}, {kTitlePrefix, "title words (`title:`)"},
    {kSummaryPrefix, "summary words"}};
struct SlotMeaning {
  Slot slot;
  std::string_view meaning;
};
inline constexpr SlotMeaning kSlotMeanings[] = {
    {kCreatedSlot, "created (ISO text)"},
    {kUpdatedSlot, "updated, else created"},
    {kReviewBySlot, "review_by"},
    {kOrgSlot, "org"},
    {kKindSlot, "kind"},
    {kCommunitySlot, "community"},
    {kConceptsSlot, "concept ids, own and aligned, one per line"},
    {kStatusSlot, "status"},
    {kSignalsSlot, "ranking signals: status, helpful votes, not-helpful votes, review_by"},
    {kHashSlot, "content hash of the indexed version"},
    {kItemConceptsSlot, "the item's own concept ids, one per line"}};

// The prefix and slot table as Markdown, as README.md ("### Index schema") and
// docs/index-schema.md show it between `<!-- index-schema: begin/end -->` markers.
std::string schema_markdown();

// --- kConceptsSlot and kItemConceptsSlot: concept ids joined by '\n'. ---
std::string encode_id_list(const std::vector<std::string>& ids);
// Empty entries are skipped; an empty value is an empty list.
std::vector<std::string> decode_id_list(std::string_view value);
// Calls `f(std::string_view id)` for each id of an encoded list, without copying (facet counts).
template <typename F>
void for_each_listed_id(std::string_view value, F&& f) {
  std::size_t start = 0;
  while (start < value.size()) {
    const std::size_t end = std::min(value.find('\n', start), value.size());
    if (end > start) f(value.substr(start, end - start));
    start = end + 1;
  }
}

// --- kSignalsSlot: "status|helpful|not_helpful|review_by" (review_by as YYYY-MM-DD or ""). ---
struct Signals {
  Status status = Status::draft;  // a missing or unknown status reads as draft (no boost)
  int helpful = 0;                // a missing, negative or malformed count reads as 0
  int not_helpful = 0;
  std::string review_by;          // "" when there is none
  bool operator==(const Signals&) const = default;
};
std::string encode_signals(const Signals& signals);  // review_by is cut to its date
Signals decode_signals(std::string_view value);

// --- Document data: a JSON object with what a search result shows. ---
// Its keys, written by encode_document_data only and read by decode_document_data only.
namespace data_key {
inline constexpr const char* kId = "id";
inline constexpr const char* kTitle = "title";
inline constexpr const char* kKind = "kind";
inline constexpr const char* kOrg = "org";
inline constexpr const char* kCommunity = "community";
inline constexpr const char* kConcepts = "concepts";  // the item's own concept ids
inline constexpr const char* kStatus = "status";
inline constexpr const char* kVisibility = "visibility";
inline constexpr const char* kAuthor = "author";
inline constexpr const char* kCreated = "created";
inline constexpr const char* kUpdated = "updated";
inline constexpr const char* kSummary = "summary";
inline constexpr const char* kText = "text";  // the searchable text, for snippets
}  // namespace data_key

// The searchable text kept in the document data is cut to this many bytes (on a UTF-8
// character boundary).
inline constexpr std::size_t kMaxStoredText = 16 * 1024;

struct DocumentData {
  std::string id, title, kind, org, community;
  std::vector<std::string> concepts;
  std::string status, visibility, author, created, updated, summary;
  std::string text;
  bool operator==(const DocumentData&) const = default;
};
// `text` longer than kMaxStoredText is cut there.
std::string encode_document_data(const DocumentData& data);
// Malformed JSON reads as an empty DocumentData; a missing or mistyped field as empty.
DocumentData decode_document_data(std::string_view value);

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
