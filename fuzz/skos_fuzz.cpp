// Fuzz target: vocabularies as published — SKOS in Turtle and RDF/XML through raptor2, and the
// scheme and mapping CSVs — on the same bytes. InvalidInput is a refusal; anything else is a
// finding.
#include <cstddef>
#include <cstdint>
#include <string>

#include "core/error.h"
#include "taxonomy/csv_io.h"
#include "taxonomy/skos_io.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  km::taxonomy::Scheme head;
  head.id = "fuzz";
  head.org = "client";
  for (auto format : {km::taxonomy::RdfFormat::turtle, km::taxonomy::RdfFormat::rdfxml}) {
    try {
      km::taxonomy::read_skos(text, format, "fuzz", head);
    } catch (const km::core::InvalidInput&) {
    }
  }
  try {
    km::taxonomy::read_scheme_csv(text, "fuzz", head);
  } catch (const km::core::InvalidInput&) {
  }
  try {
    km::taxonomy::read_mappings_csv(text, "fuzz");
  } catch (const km::core::InvalidInput&) {
  }
  return 0;
}
