#include "taxonomy/model.h"

#include <algorithm>
#include <array>

#include "core/enum_names.h"

namespace km::taxonomy {
namespace {

constexpr std::array<std::string_view, 2> kConceptStatuses = {"active", "deprecated"};
constexpr std::array<std::string_view, 5> kRelations = {"exactMatch", "closeMatch", "broadMatch", "narrowMatch",
                                                        "relatedMatch"};
constexpr std::array<std::string_view, 3> kMappingStatuses = {"proposed", "approved", "rejected"};
constexpr std::array<std::string_view, 2> kLabelKinds = {"pref", "alt"};

// The primary subtag, lower-cased: "en-GB" -> "en".
std::string primary_language(std::string_view tag) {
  std::string out(tag.substr(0, tag.find('-')));
  for (char& ch : out) ch = static_cast<char>(ch >= 'A' && ch <= 'Z' ? ch - 'A' + 'a' : ch);
  return out;
}

}  // namespace

std::string_view to_string(ConceptStatus s) { return core::enum_name(kConceptStatuses, s); }
std::string_view to_string(Relation r) { return core::enum_name(kRelations, r); }
std::string_view to_string(MappingStatus s) { return core::enum_name(kMappingStatuses, s); }
std::optional<ConceptStatus> parse_concept_status(std::string_view t) { return core::enum_from_name<ConceptStatus>(kConceptStatuses, t); }
std::optional<Relation> parse_relation(std::string_view t) { return core::enum_from_name<Relation>(kRelations, t); }
std::optional<MappingStatus> parse_mapping_status(std::string_view t) { return core::enum_from_name<MappingStatus>(kMappingStatuses, t); }

std::string_view to_string(LabelKind k) { return core::enum_name(kLabelKinds, k); }
std::optional<LabelKind> parse_label_kind(std::string_view t) { return core::enum_from_name<LabelKind>(kLabelKinds, t); }

void normalise_labels(Concept& c, std::vector<Label> labels) {
  std::sort(labels.begin(), labels.end());
  labels.erase(std::unique(labels.begin(), labels.end()), labels.end());
  const Label* english = nullptr;
  const Label* untagged = nullptr;
  const Label* first = nullptr;
  std::size_t prefs = 0;
  bool tagged = false;
  c.alt_labels.clear();
  for (const Label& l : labels) {
    tagged = tagged || !l.lang.empty();
    if (l.kind == LabelKind::alt) {
      c.alt_labels.push_back(l.text);
      continue;
    }
    ++prefs;
    if (!first) first = &l;
    if (!english && primary_language(l.lang) == "en") english = &l;
    if (!untagged && l.lang.empty()) untagged = &l;
  }
  const Label* shown = english ? english : untagged ? untagged : first;
  c.pref_label = shown ? shown->text : "";
  std::sort(c.alt_labels.begin(), c.alt_labels.end());
  c.labels = tagged || prefs > 1 ? std::move(labels) : std::vector<Label>{};
}

std::vector<Label> all_labels(const Concept& c) {
  if (!c.labels.empty()) return c.labels;
  std::vector<Label> out;
  if (!c.pref_label.empty()) out.push_back({LabelKind::pref, "", c.pref_label});
  for (const auto& alt : c.alt_labels) out.push_back({LabelKind::alt, "", alt});
  return out;
}

std::string label_in(const Concept& c, std::string_view lang) {
  const std::string wanted = primary_language(lang);
  for (const Label& l : c.labels) {
    if (l.kind == LabelKind::pref && !wanted.empty() && primary_language(l.lang) == wanted) return l.text;
  }
  return c.pref_label;
}

std::string local_name(const std::string& concept_id) {
  auto colon = concept_id.find(':');
  return colon == std::string::npos ? concept_id : concept_id.substr(colon + 1);
}

}  // namespace km::taxonomy
