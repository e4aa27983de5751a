#include "taxonomy/model.h"

#include <array>

#include "core/enum_names.h"

namespace km::taxonomy {
namespace {

constexpr std::array<std::string_view, 2> kConceptStatuses = {"active", "deprecated"};
constexpr std::array<std::string_view, 5> kRelations = {"exactMatch", "closeMatch", "broadMatch", "narrowMatch",
                                                        "relatedMatch"};
constexpr std::array<std::string_view, 3> kMappingStatuses = {"proposed", "approved", "rejected"};

}  // namespace

std::string_view to_string(ConceptStatus s) { return core::enum_name(kConceptStatuses, s); }
std::string_view to_string(Relation r) { return core::enum_name(kRelations, r); }
std::string_view to_string(MappingStatus s) { return core::enum_name(kMappingStatuses, s); }
std::optional<ConceptStatus> parse_concept_status(std::string_view t) { return core::enum_from_name<ConceptStatus>(kConceptStatuses, t); }
std::optional<Relation> parse_relation(std::string_view t) { return core::enum_from_name<Relation>(kRelations, t); }
std::optional<MappingStatus> parse_mapping_status(std::string_view t) { return core::enum_from_name<MappingStatus>(kMappingStatuses, t); }

std::string local_name(const std::string& concept_id) {
  auto colon = concept_id.find(':');
  return colon == std::string::npos ? concept_id : concept_id.substr(colon + 1);
}

}  // namespace km::taxonomy
