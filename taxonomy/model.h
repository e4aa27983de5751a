#pragma once
// The taxonomy model: concept schemes (SKOS), their concepts, and mappings between a local
// scheme and the shared one. Plain value types; thread-compatible.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace km::taxonomy {

enum class ConceptStatus { active, deprecated };
enum class Relation { exactMatch, closeMatch, broadMatch, narrowMatch, relatedMatch };
enum class MappingStatus { proposed, approved, rejected };

std::string_view to_string(ConceptStatus s);
std::string_view to_string(Relation r);
std::string_view to_string(MappingStatus s);
std::optional<ConceptStatus> parse_concept_status(std::string_view text);
std::optional<Relation> parse_relation(std::string_view text);
std::optional<MappingStatus> parse_mapping_status(std::string_view text);

struct Concept {
  std::string id;                       // "<scheme>:<local name>", unique across schemes
  std::string scheme;
  std::string pref_label;
  std::vector<std::string> alt_labels;
  std::vector<std::string> broader;     // concept ids in the same scheme
  std::string definition;
  ConceptStatus status = ConceptStatus::active;
  bool operator==(const Concept&) const = default;
};

struct Scheme {
  std::string id;                       // "shared", "client", "partner"
  std::string title;
  std::string org;                      // empty for the shared scheme
  std::vector<Concept> concepts;
  bool operator==(const Scheme&) const = default;
};

struct Mapping {
  std::string source;                   // local concept id
  std::string target;                   // shared concept id
  Relation relation = Relation::exactMatch;
  MappingStatus status = MappingStatus::proposed;
  double confidence = 1.0;
  std::string provenance;
  std::string note;
  std::string updated_by;
  std::string updated_at;
  bool operator==(const Mapping&) const = default;
};

// Local name of a concept id ("client:outage" -> "outage").
std::string local_name(const std::string& concept_id);

}  // namespace km::taxonomy
