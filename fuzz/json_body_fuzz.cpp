// Fuzz target: the one JSON body reader of every route (depth limit, no echo of the input).
// InvalidInput is a refusal; anything else is a finding.
#include <cstddef>
#include <cstdint>
#include <string>

#include "core/error.h"
#include "server/json_body.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  try {
    const nlohmann::json parsed = km::server::parse_json(std::string(reinterpret_cast<const char*>(data), size));
    (void)parsed.dump();  // what the routes do with a body that passed
  } catch (const km::core::InvalidInput&) {
  }
  return 0;
}
