#pragma once
// SKOS import and export (Turtle and RDF/XML) through raptor2, a real RDF parser, keeping a
// published vocabulary as it is.
//
// Import reads skos:Concept resources: every prefLabel and altLabel with its language,
// broader/narrower, definition, owl:deprecated, the concept's URI (kept in Concept::uri; ids
// are "<scheme>:<last URI segment>"), and the skos:*Match links. A link whose object the
// resolver knows (a concept of another loaded scheme) becomes a mapping; every other link is
// kept on the concept as an ExternalLink. Errors throw km::core::InvalidInput naming
// "file:line: <subject URI>: reason" (the line when raptor2 gives one), every problem at once;
// nothing is returned, so nothing changes.
//
// Export writes the scheme and its concepts under their source URIs (ours when they have none):
// labels with their languages, broader and narrower, hasTopConcept/topConceptOf for concepts
// without a parent, external links, and the approved mappings (SKOS has no status).
// Thread-safe: each call has its own raptor world.
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "taxonomy/model.h"
#include "taxonomy/rdf_graph.h"

namespace km::taxonomy {

inline constexpr const char* kSkosBase = "https://knowledge-market.example/taxonomy/";

struct SkosDocument {
  Scheme scheme;
  std::vector<Mapping> mappings;  // status approved, provenance "skos import"
};

// A concept URI -> the id of a concept in a loaded scheme, or nullopt when it is in none.
using UriResolver = std::function<std::optional<std::string>(const std::string& uri)>;
// A concept id -> the URI to export it under.
using UriOf = std::function<std::string(const std::string& id)>;

// The project's own URI of a concept id ("client:outage" -> kSkosBase + "client/outage").
std::string default_uri_of(const std::string& id);

// `head` carries the scheme id (and title/org, used when the file names none). Without a
// resolver every *Match link stays an external link.
SkosDocument read_skos(std::string_view text, RdfFormat format, const std::string& name, Scheme head,
                       const UriResolver& resolve = {});
// `target_uri` gives the URI of each mapping target (default_uri_of when empty).
std::string write_skos(const Scheme& scheme, const std::vector<Mapping>& mappings, RdfFormat format,
                       const UriOf& target_uri = {});

}  // namespace km::taxonomy
