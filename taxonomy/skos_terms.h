#pragma once
// The RDF vocabulary URIs the SKOS reader and writer use (private to taxonomy/).
#include <string>

namespace km::taxonomy::skos {

inline const std::string kNs = "http://www.w3.org/2004/02/skos/core#";
inline const std::string kConcept = kNs + "Concept";
inline const std::string kConceptScheme = kNs + "ConceptScheme";
inline const std::string kCollection = kNs + "Collection";
inline const std::string kInScheme = kNs + "inScheme";
inline const std::string kPrefLabel = kNs + "prefLabel";
inline const std::string kAltLabel = kNs + "altLabel";
inline const std::string kBroader = kNs + "broader";
inline const std::string kNarrower = kNs + "narrower";
inline const std::string kDefinition = kNs + "definition";
inline const std::string kHasTopConcept = kNs + "hasTopConcept";
inline const std::string kTopConceptOf = kNs + "topConceptOf";
inline const std::string kRdfType = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type";
inline const std::string kOwlDeprecated = "http://www.w3.org/2002/07/owl#deprecated";
inline const char* const kDctTitle = "http://purl.org/dc/terms/title";
inline const char* const kDcTitle = "http://purl.org/dc/elements/1.1/title";
inline const char* const kRdfsLabel = "http://www.w3.org/2000/01/rdf-schema#label";

}  // namespace km::taxonomy::skos
