#include "search/plain_filter.h"

#include <algorithm>

#include "core/index_schema.h"

namespace km::search {

PlainCheck::PlainCheck(const Xapian::Database& shard, const DocValues& values, const PlainFilter& plain, Facet skip)
    : visible_(VisibleDocs::of(shard, plain.audience)), values_(values) {
  namespace schema = core::schema;
  for (const auto& [facet, slot] : {std::pair{Facet::org, schema::kOrgSlot}, {Facet::kind, schema::kKindSlot},
                                    {Facet::community, schema::kCommunitySlot}}) {
    const auto allowed = plain.allowed.find(facet);
    if (facet == skip || allowed == plain.allowed.end()) continue;
    std::vector<bool> codes(values.codes(slot), false);
    for (DocValues::Code code = 1; code < codes.size(); ++code) {
      const std::string& value = values.value(slot, code);
      codes[code] = std::find(allowed->second.begin(), allowed->second.end(), value) != allowed->second.end();
    }
    slots_.emplace_back(slot, std::move(codes));
  }
}

}  // namespace km::search
