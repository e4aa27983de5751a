#pragma once
// The item model: one piece of knowledge (lesson, good practice, insight or answer).
//
// Item::from_json is the single validator for every ingest format and for the HTTP API: the
// field names are a public contract (README "Ingest formats"). Validation collects every
// problem as a FieldError instead of stopping at the first, so a person can fix a record in
// one go. Pure value types; thread-compatible.
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace km::core {

enum class Kind { lesson, good_practice, insight, answer };
enum class Visibility { org, community, shared };
enum class Status { draft, validated, retired };

std::string_view to_string(Kind kind);
std::string_view to_string(Visibility visibility);
std::string_view to_string(Status status);
std::optional<Kind> parse_kind(std::string_view text);
std::optional<Visibility> parse_visibility(std::string_view text);
std::optional<Status> parse_status(std::string_view text);

struct Sections {
  std::string observation;     // what happened
  std::string lesson;          // what was learned
  std::string recommendation;  // what to do next time
  bool empty() const { return observation.empty() && lesson.empty() && recommendation.empty(); }
  bool operator==(const Sections&) const = default;
};

struct FieldError {
  std::string field;   // contract field name ("sections.lesson"), or "record"
  std::string reason;  // human-readable, e.g. "required" or "must be one of lesson, ..."
  bool operator==(const FieldError&) const = default;
};

// Size limits enforced by validation (bytes).
inline constexpr std::size_t kMaxIdLength = 128;
inline constexpr std::size_t kMaxTitleLength = 1000;
inline constexpr std::size_t kMaxTextLength = 1 << 20;  // body, summary, each section
inline constexpr std::size_t kMaxConcepts = 64;

struct Item {
  std::string id;
  std::string org;
  Kind kind = Kind::lesson;
  std::string title;
  std::string summary;
  std::string body;
  Sections sections;
  std::string community;
  std::vector<std::string> concepts;
  Visibility visibility = Visibility::org;
  Status status = Status::draft;
  std::string author;
  std::string created;    // ISO 8601, may be empty
  std::string updated;    // ISO 8601, may be empty
  std::string review_by;  // ISO 8601, may be empty
  std::string source_url;

  bool operator==(const Item&) const = default;

  // Canonical JSON: contract field names, empty optional fields omitted, keys sorted.
  nlohmann::json to_json() const;
  // SHA-256 of the canonical JSON: equal hashes mean nothing changed.
  std::string content_hash() const;
  // Title, summary, sections and body as one plain text (for snippets and similarity).
  std::string full_text() const;
  // Date the item counts as written: updated, else created (may be empty).
  const std::string& effective_date() const { return updated.empty() ? created : updated; }
};

struct ItemParse {
  std::optional<Item> item;         // set when errors is empty
  std::vector<FieldError> errors;
};

// Validates a JSON object against the contract: required id, org, title, and body or sections;
// enums (defaults lesson / org / draft); ISO 8601 dates; string types; UTF-8; size limits;
// unknown fields are errors (they are usually typos of contract names). Never throws.
ItemParse parse_item(const nlohmann::json& record);

}  // namespace km::core
