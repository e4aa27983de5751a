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
enum class LabelKind { pref, alt };

std::string_view to_string(ConceptStatus s);
std::string_view to_string(Relation r);
std::string_view to_string(MappingStatus s);
std::optional<ConceptStatus> parse_concept_status(std::string_view text);
std::optional<Relation> parse_relation(std::string_view text);
std::optional<MappingStatus> parse_mapping_status(std::string_view text);
std::string_view to_string(LabelKind k);
std::optional<LabelKind> parse_label_kind(std::string_view text);

// One preferred or alternative label with its language tag ("" when untagged).
struct Label {
  LabelKind kind = LabelKind::pref;
  std::string lang;
  std::string text;
  bool operator==(const Label&) const = default;
  auto operator<=>(const Label&) const = default;
};

// A skos:*Match link to a concept outside every loaded scheme (Wikidata, an older version of
// the vocabulary...): kept, shown and exported again, never a mapping.
struct ExternalLink {
  Relation relation = Relation::exactMatch;
  std::string uri;
  bool operator==(const ExternalLink&) const = default;
  auto operator<=>(const ExternalLink&) const = default;
};

struct Concept {
  std::string id;                       // "<scheme>:<local name>", unique across schemes
  std::string scheme;
  std::string pref_label;
  std::vector<std::string> alt_labels;
  std::vector<std::string> broader;     // concept ids in the same scheme
  std::string definition;
  ConceptStatus status = ConceptStatus::active;
  // Every label with its language, in (kind, lang, text) order; empty when pref_label and
  // alt_labels, untagged, say it all (CSV schemes). normalise_labels() keeps the two in step.
  std::vector<Label> labels = {};
  std::string uri = {};                 // the source URI; empty: kSkosBase + scheme/name
  std::vector<ExternalLink> external_links = {};
  bool operator==(const Concept&) const = default;
};

struct Scheme {
  std::string id;                       // "shared", "client", "partner"
  std::string title;
  std::string org;                      // empty for the shared scheme
  std::vector<Concept> concepts;
  std::string uri = {};                 // the source skos:ConceptScheme URI; empty: kSkosBase + id
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

// Sets labels (sorted) and derives from them pref_label (English, else untagged, else the
// first) and alt_labels (every alternative label, any language, sorted); then empties labels
// when they hold nothing more than those two say untagged.
void normalise_labels(Concept& c, std::vector<Label> labels);
// Every label of the concept with its language (untagged ones from pref_label/alt_labels).
std::vector<Label> all_labels(const Concept& c);
// The preferred label in `lang` ("de", "en-GB" also matches "en-US"...), else pref_label.
std::string label_in(const Concept& c, std::string_view lang);

// Local name of a concept id ("client:outage" -> "outage").
std::string local_name(const std::string& concept_id);

}  // namespace km::taxonomy
