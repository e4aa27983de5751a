#include "taxonomy/model.h"

#include <array>

namespace km::taxonomy {
namespace {

constexpr std::array<std::string_view, 2> kConceptStatuses = {"active", "deprecated"};
constexpr std::array<std::string_view, 5> kRelations = {"exactMatch", "closeMatch", "broadMatch", "narrowMatch",
                                                        "relatedMatch"};
constexpr std::array<std::string_view, 3> kMappingStatuses = {"proposed", "approved", "rejected"};

template <typename Enum, std::size_t N>
std::optional<Enum> find(const std::array<std::string_view, N>& names, std::string_view text) {
  for (std::size_t i = 0; i < N; ++i) {
    if (names[i] == text) return static_cast<Enum>(i);
  }
  return std::nullopt;
}

}  // namespace

std::string_view to_string(ConceptStatus s) { return kConceptStatuses[static_cast<std::size_t>(s)]; }
std::string_view to_string(Relation r) { return kRelations[static_cast<std::size_t>(r)]; }
std::string_view to_string(MappingStatus s) { return kMappingStatuses[static_cast<std::size_t>(s)]; }
std::optional<ConceptStatus> parse_concept_status(std::string_view t) { return find<ConceptStatus>(kConceptStatuses, t); }
std::optional<Relation> parse_relation(std::string_view t) { return find<Relation>(kRelations, t); }
std::optional<MappingStatus> parse_mapping_status(std::string_view t) { return find<MappingStatus>(kMappingStatuses, t); }

std::string local_name(const std::string& concept_id) {
  auto colon = concept_id.find(':');
  return colon == std::string::npos ? concept_id : concept_id.substr(colon + 1);
}

}  // namespace km::taxonomy
