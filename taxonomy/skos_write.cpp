// write_skos: a Scheme as SKOS Turtle or RDF/XML, under its source URIs (see skos_io.h).
#include <map>

#include "taxonomy/rdf_handles.h"
#include "taxonomy/skos_io.h"
#include "taxonomy/skos_terms.h"

namespace km::taxonomy {
namespace {

// The text a serializer writes to: raptor fills `data` and `length` when the serializer is
// freed, so this is declared before the serializer (and outlives it) and frees what it got,
// on every path.
struct Output {
  Output() = default;
  Output(const Output&) = delete;
  Output& operator=(const Output&) = delete;
  ~Output() {
    if (data) raptor_free_memory(data);
  }
  void* data = nullptr;
  size_t length = 0;
};

// Streams statements into a raptor serializer; owns nothing but borrowed handles.
class Emitter {
 public:
  Emitter(raptor_world* world, raptor_serializer* ser) : world_(world), ser_(ser) {}

  void uri(const std::string& s, const std::string& p, const std::string& o) {
    emit(s, p, rdf::Term(raptor_new_term_from_uri_string(world_, rdf::bytes(o))));
  }
  // A literal; untagged when `lang` is empty.
  void literal(const std::string& s, const std::string& p, const std::string& text, const std::string& lang = "") {
    emit(s, p, rdf::Term(raptor_new_term_from_literal(world_, rdf::bytes(text), nullptr, lang.empty() ? nullptr : rdf::bytes(lang))));
  }

 private:
  void emit(const std::string& s, const std::string& p, rdf::Term object) {
    rdf::Term subject(raptor_new_term_from_uri_string(world_, rdf::bytes(s)));
    rdf::Term predicate(raptor_new_term_from_uri_string(world_, rdf::bytes(p)));
    if (!subject || !predicate || !object) throw core::Error("rdf", "cannot make an RDF statement about <" + s + ">");
    // The statement takes the terms over (and frees them itself if it cannot be made).
    rdf::Statement st(raptor_new_statement_from_nodes(world_, subject.release(), predicate.release(), object.release(), nullptr));
    if (!st) throw core::Error("rdf", "cannot make an RDF statement about <" + s + ">");
    raptor_serializer_serialize_statement(ser_, st.get());
  }
  raptor_world* world_;
  raptor_serializer* ser_;
};

void write_concept(Emitter& out, const Concept& c, const std::string& scheme_uri, const std::map<std::string, std::string>& uris,
                   const std::map<std::string, std::vector<std::string>>& children) {
  const std::string& s = uris.at(c.id);
  out.uri(s, skos::kRdfType, skos::kConcept);
  out.uri(s, skos::kInScheme, scheme_uri);
  for (const Label& l : all_labels(c)) out.literal(s, l.kind == LabelKind::pref ? skos::kPrefLabel : skos::kAltLabel, l.text, l.lang);
  for (const auto& b : c.broader) out.uri(s, skos::kBroader, uris.count(b) ? uris.at(b) : default_uri_of(b));
  if (auto it = children.find(c.id); it != children.end()) {
    for (const auto& child : it->second) out.uri(s, skos::kNarrower, uris.at(child));
  }
  if (c.broader.empty()) {
    out.uri(s, skos::kTopConceptOf, scheme_uri);
    out.uri(scheme_uri, skos::kHasTopConcept, s);
  }
  if (!c.definition.empty()) out.literal(s, skos::kDefinition, c.definition);
  if (c.status == ConceptStatus::deprecated) out.literal(s, skos::kOwlDeprecated, "true");
  for (const ExternalLink& l : c.external_links) out.uri(s, skos::kNs + std::string(to_string(l.relation)), l.uri);
}

}  // namespace

std::string write_skos(const Scheme& scheme, const std::vector<Mapping>& mappings, RdfFormat format, const UriOf& target_uri) {
  rdf::World world = rdf::make_world();
  Output text;  // before the serializer, which fills it when it is freed
  rdf::Serializer ser(raptor_new_serializer(world.get(), format == RdfFormat::turtle ? "turtle" : "rdfxml-abbrev"));
  if (!ser) throw core::Error("rdf", "no RDF serializer for this format");
  for (const auto& [prefix, ns] : {std::pair<const char*, std::string>{"skos", skos::kNs},
                                   {"owl", "http://www.w3.org/2002/07/owl#"}, {"dct", "http://purl.org/dc/terms/"}}) {
    rdf::Uri u = rdf::make_uri(world.get(), ns);
    raptor_serializer_set_namespace(ser.get(), u.get(), reinterpret_cast<const unsigned char*>(prefix));
  }
  if (raptor_serializer_start_to_string(ser.get(), nullptr, &text.data, &text.length) != 0) {
    throw core::Error("rdf", "cannot start the RDF serializer");
  }
  std::map<std::string, std::string> uris;
  std::map<std::string, std::vector<std::string>> children;
  for (const Concept& c : scheme.concepts) uris[c.id] = c.uri.empty() ? default_uri_of(c.id) : c.uri;
  for (const Concept& c : scheme.concepts) {
    for (const auto& b : c.broader) {
      if (uris.count(b)) children[b].push_back(c.id);
    }
  }
  Emitter out(world.get(), ser.get());
  const std::string scheme_uri = scheme.uri.empty() ? std::string(kSkosBase) + scheme.id : scheme.uri;
  out.uri(scheme_uri, skos::kRdfType, skos::kConceptScheme);
  out.literal(scheme_uri, skos::kDctTitle, scheme.title);
  for (const Concept& c : scheme.concepts) write_concept(out, c, scheme_uri, uris, children);
  for (const Mapping& m : mappings) {
    if (m.status != MappingStatus::approved || !uris.count(m.source)) continue;
    out.uri(uris.at(m.source), skos::kNs + std::string(to_string(m.relation)), target_uri ? target_uri(m.target) : default_uri_of(m.target));
  }
  raptor_serializer_serialize_end(ser.get());
  ser.reset();  // the text is complete only once the serializer is freed
  return text.data ? std::string(static_cast<const char*>(text.data), text.length) : std::string();
}

}  // namespace km::taxonomy
