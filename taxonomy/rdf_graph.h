#pragma once
// An RDF document parsed by raptor2 into plain maps: subject -> predicate -> values, with the
// line where each subject was first seen (for messages). Used by the SKOS and Alignment API
// readers. Pure functions; thread-safe (each parse has its own raptor world).
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace km::taxonomy {

enum class RdfFormat { turtle, rdfxml };
// From a file name: .ttl -> turtle, .rdf/.xml/.owl -> rdfxml. Throws InvalidInput otherwise.
RdfFormat rdf_format_of(const std::string& path);

struct RdfValue {
  std::string text;  // URI, literal or "_:blank"
  std::string lang;  // a literal's language tag, "" otherwise
};
using RdfProperties = std::map<std::string, std::vector<RdfValue>>;

struct RdfGraph {
  std::map<std::string, RdfProperties> subjects;
  std::map<std::string, int> line_of;  // subject -> first line it appears on; absent when unknown

  // The values of (subject, predicate); empty when none.
  const std::vector<RdfValue>& values(const std::string& subject, const std::string& predicate) const;
  bool has_type(const std::string& subject, const std::string& type) const;
  // "name:LINE: <uri>" for messages about a subject ("name: <uri>" when the line is unknown).
  std::string where(const std::string& name, const std::string& subject) const;
};

// Parses a whole document. Throws km::core::InvalidInput with "name:line: message" for every
// error the parser reports (and for text that is not UTF-8); nothing is returned then.
RdfGraph parse_rdf(std::string_view text, RdfFormat format, const std::string& name);

}  // namespace km::taxonomy
