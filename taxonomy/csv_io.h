#pragma once
// CSV import and export of concept schemes and mappings.
//
// Scheme CSV: header "id,pref_label,alt_labels,broader,definition" (optional "status"
// column: active | deprecated); ';' between list values. Mapping CSV: header
// "source,relation,target,status,confidence,provenance,note". Readers check everything and
// throw km::core::InvalidInput listing every problem as "name:line: reason" — a bad file
// changes nothing because nothing is returned. Pure functions; thread-safe.
#include <string>
#include <string_view>
#include <vector>

#include "taxonomy/model.h"

namespace km::taxonomy {

// `head` carries the scheme's id, title and org; concepts come from the CSV.
Scheme read_scheme_csv(std::string_view text, const std::string& name, Scheme head);
std::string write_scheme_csv(const Scheme& scheme);
struct MappingRow {
  std::size_t line;  // where the row starts, for messages about its concepts
  Mapping mapping;
};
std::vector<MappingRow> read_mappings_csv(std::string_view text, const std::string& name);
std::string write_mappings_csv(const std::vector<Mapping>& mappings);

}  // namespace km::taxonomy
