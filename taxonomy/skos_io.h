#pragma once
// SKOS import and export (Turtle and RDF/XML) through raptor2, a real RDF parser.
//
// Concept URIs are "<kSkosBase><scheme>/<local name>" and map to ids "<scheme>:<local name>".
// Import reads skos:Concept resources (prefLabel, altLabel, broader/narrower, definition,
// owl:deprecated) and the mapping triples (skos:exactMatch, closeMatch, broadMatch,
// narrowMatch, relatedMatch) whose object is a concept of another scheme under the same base.
// A syntax error throws km::core::InvalidInput with "name:line: message" for every error the
// parser reported; nothing is returned, so nothing changes. Export writes approved mappings
// only (SKOS has no status). Thread-safe: each call has its own raptor world.
#include <string>
#include <string_view>
#include <vector>

#include "taxonomy/model.h"

namespace km::taxonomy {

inline constexpr const char* kSkosBase = "https://knowledge-market.example/taxonomy/";

enum class RdfFormat { turtle, rdfxml };
// From a file name: .ttl -> turtle, .rdf/.xml/.owl -> rdfxml. Throws InvalidInput otherwise.
RdfFormat rdf_format_of(const std::string& path);

struct SkosDocument {
  Scheme scheme;
  std::vector<Mapping> mappings;  // status approved, provenance "skos import"
};

// `head` carries the scheme id (and title/org, used when the file names none).
SkosDocument read_skos(std::string_view text, RdfFormat format, const std::string& name, Scheme head);
std::string write_skos(const Scheme& scheme, const std::vector<Mapping>& mappings, RdfFormat format);

}  // namespace km::taxonomy
