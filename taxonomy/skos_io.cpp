#include "taxonomy/skos_io.h"

#include <raptor2/raptor2.h>

#include <algorithm>
#include <map>
#include <memory>
#include <set>

#include "core/error.h"
#include "taxonomy/scheme_store.h"

namespace km::taxonomy {
namespace {

const std::string kSkos = "http://www.w3.org/2004/02/skos/core#";
const std::string kRdfType = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type";
const std::string kOwlDeprecated = "http://www.w3.org/2002/07/owl#deprecated";
const std::string kDctTitle = "http://purl.org/dc/terms/title";
const std::string kRdfsLabel = "http://www.w3.org/2000/01/rdf-schema#label";

struct WorldDeleter {
  void operator()(raptor_world* w) const { raptor_free_world(w); }
};
using World = std::unique_ptr<raptor_world, WorldDeleter>;

World make_world() {
  World world(raptor_new_world());
  if (!world || raptor_world_open(world.get()) != 0) throw core::Error("rdf", "cannot start the RDF library");
  return world;
}

std::string term_text(const raptor_term* t) {
  if (!t) return {};
  switch (t->type) {
    case RAPTOR_TERM_TYPE_URI: return reinterpret_cast<const char*>(raptor_uri_as_string(t->value.uri));
    case RAPTOR_TERM_TYPE_LITERAL: return reinterpret_cast<const char*>(t->value.literal.string);
    case RAPTOR_TERM_TYPE_BLANK: return "_:" + std::string(reinterpret_cast<const char*>(t->value.blank.string));
    default: return {};
  }
}

std::string language_of(const raptor_term* t) {
  return t->type == RAPTOR_TERM_TYPE_LITERAL && t->value.literal.language
             ? reinterpret_cast<const char*>(t->value.literal.language)
             : "";
}

// Everything the statement handler collects, by subject URI.
struct Collected {
  std::map<std::string, std::map<std::string, std::vector<std::pair<std::string, std::string>>>> triples;
  std::vector<std::string> errors;
  std::string name;
};

void on_statement(void* data, raptor_statement* st) {
  auto* c = static_cast<Collected*>(data);
  c->triples[term_text(st->subject)][term_text(st->predicate)].emplace_back(term_text(st->object), language_of(st->object));
}

void on_log(void* data, raptor_log_message* message) {
  if (message->level < RAPTOR_LOG_LEVEL_ERROR) return;
  auto* c = static_cast<Collected*>(data);
  int line = message->locator ? message->locator->line : -1;
  c->errors.push_back(c->name + ":" + std::to_string(line > 0 ? line : 1) + ": " + message->text);
}

// "https://.../taxonomy/client/outage" -> "client:outage" when under our base; else the
// scheme's id with the URI's last segment.
std::string id_of(const std::string& uri, const std::string& scheme) {
  const std::string base = kSkosBase;
  if (uri.rfind(base, 0) == 0) {
    std::string rest = uri.substr(base.size());
    if (auto slash = rest.find('/'); slash != std::string::npos) return rest.substr(0, slash) + ":" + rest.substr(slash + 1);
  }
  std::size_t cut = uri.find_last_of("/#");
  return scheme + ":" + (cut == std::string::npos ? uri : uri.substr(cut + 1));
}

std::string uri_of(const std::string& id) {
  auto colon = id.find(':');
  return std::string(kSkosBase) + id.substr(0, colon) + "/" + id.substr(colon + 1);
}

// The English (or untagged) literal among `values`, else the first.
std::string preferred_literal(const std::vector<std::pair<std::string, std::string>>& values) {
  for (const auto& [text, lang] : values) {
    if (lang.empty() || lang.rfind("en", 0) == 0) return text;
  }
  return values.empty() ? "" : values.front().first;
}

using Properties = std::map<std::string, std::vector<std::pair<std::string, std::string>>>;

bool has_type(const Properties& props, const std::string& type) {
  auto it = props.find(kRdfType);
  return it != props.end() &&
         std::any_of(it->second.begin(), it->second.end(), [&](const auto& v) { return v.first == type; });
}

Concept concept_from(const std::string& uri, const Properties& props, const std::string& scheme) {
  Concept c;
  c.id = id_of(uri, scheme);
  c.scheme = scheme;
  auto values = [&](const std::string& p) {
    auto it = props.find(p);
    return it == props.end() ? std::vector<std::pair<std::string, std::string>>{} : it->second;
  };
  c.pref_label = preferred_literal(values(kSkos + "prefLabel"));
  for (const auto& [text, lang] : values(kSkos + "altLabel")) c.alt_labels.push_back(text);
  for (const auto& [b, lang] : values(kSkos + "broader")) c.broader.push_back(id_of(b, scheme));
  c.definition = preferred_literal(values(kSkos + "definition"));
  for (const auto& [v, lang] : values(kOwlDeprecated)) {
    if (v == "true" || v == "1") c.status = ConceptStatus::deprecated;
  }
  std::sort(c.alt_labels.begin(), c.alt_labels.end());
  return c;
}

}  // namespace

RdfFormat rdf_format_of(const std::string& path) {
  auto ends = [&](const char* ext) {
    std::string e(ext);
    return path.size() >= e.size() && path.compare(path.size() - e.size(), e.size(), e) == 0;
  };
  if (ends(".ttl")) return RdfFormat::turtle;
  if (ends(".rdf") || ends(".xml") || ends(".owl")) return RdfFormat::rdfxml;
  throw core::InvalidInput(path + ": unknown RDF format (expected .ttl, .rdf or .xml)");
}

SkosDocument read_skos(std::string_view text, RdfFormat format, const std::string& name, Scheme head) {
  World world = make_world();
  Collected collected;
  collected.name = name;
  raptor_world_set_log_handler(world.get(), &collected, on_log);
  raptor_parser* parser = raptor_new_parser(world.get(), format == RdfFormat::turtle ? "turtle" : "rdfxml");
  if (!parser) throw core::Error("rdf", "no RDF parser for this format");
  raptor_parser_set_statement_handler(parser, &collected, on_statement);
  raptor_uri* base = raptor_new_uri(world.get(), reinterpret_cast<const unsigned char*>(kSkosBase));
  raptor_parser_parse_start(parser, base);
  raptor_parser_parse_chunk(parser, reinterpret_cast<const unsigned char*>(text.data()), text.size(), 1);
  raptor_free_uri(base);
  raptor_free_parser(parser);
  if (!collected.errors.empty()) {
    std::string message;
    for (const auto& e : collected.errors) message += (message.empty() ? "" : "\n") + e;
    throw core::InvalidInput(message);
  }

  SkosDocument doc;
  doc.scheme = std::move(head);
  std::map<std::string, std::set<std::string>> narrower_of;
  for (const auto& [subject, props] : collected.triples) {
    if (has_type(props, kSkos + "ConceptScheme") && doc.scheme.title.empty()) {
      for (const char* p : {"http://purl.org/dc/terms/title", "http://www.w3.org/2004/02/skos/core#prefLabel",
                            "http://www.w3.org/2000/01/rdf-schema#label"}) {
        if (auto it = props.find(p); it != props.end() && doc.scheme.title.empty()) doc.scheme.title = preferred_literal(it->second);
      }
    }
    if (!has_type(props, kSkos + "Concept")) continue;
    Concept c = concept_from(subject, props, doc.scheme.id);
    if (auto it = props.find(kSkos + "narrower"); it != props.end()) {
      for (const auto& [n, lang] : it->second) narrower_of[id_of(n, doc.scheme.id)].insert(c.id);
    }
    for (Relation r : {Relation::exactMatch, Relation::closeMatch, Relation::broadMatch, Relation::narrowMatch,
                       Relation::relatedMatch}) {
      auto it = props.find(kSkos + std::string(to_string(r)));
      if (it == props.end()) continue;
      for (const auto& [target, lang] : it->second) {
        Mapping m;
        m.source = c.id;
        m.target = id_of(target, doc.scheme.id);
        m.relation = r;
        m.status = MappingStatus::approved;
        m.provenance = "skos import";
        doc.mappings.push_back(std::move(m));
      }
    }
    doc.scheme.concepts.push_back(std::move(c));
  }
  for (Concept& c : doc.scheme.concepts) {  // skos:narrower stated on the parent
    for (const auto& parent : narrower_of[c.id]) {
      if (std::find(c.broader.begin(), c.broader.end(), parent) == c.broader.end()) c.broader.push_back(parent);
    }
    std::sort(c.broader.begin(), c.broader.end());
  }
  std::sort(doc.scheme.concepts.begin(), doc.scheme.concepts.end(), [](const Concept& a, const Concept& b) { return a.id < b.id; });
  if (auto problems = validate_scheme(doc.scheme); !problems.empty()) {
    std::string message;
    for (const auto& p : problems) message += (message.empty() ? "" : "\n") + name + ": " + p;
    throw core::InvalidInput(message);
  }
  return doc;
}

std::string write_skos(const Scheme& scheme, const std::vector<Mapping>& mappings, RdfFormat format) {
  World world = make_world();
  raptor_serializer* ser = raptor_new_serializer(world.get(), format == RdfFormat::turtle ? "turtle" : "rdfxml-abbrev");
  if (!ser) throw core::Error("rdf", "no RDF serializer for this format");
  auto uri = [&](const std::string& s) { return raptor_new_uri(world.get(), reinterpret_cast<const unsigned char*>(s.c_str())); };
  raptor_uri* skos_ns = uri(kSkos);
  raptor_serializer_set_namespace(ser, skos_ns, reinterpret_cast<const unsigned char*>("skos"));
  void* buffer = nullptr;
  size_t length = 0;
  raptor_serializer_start_to_string(ser, nullptr, &buffer, &length);
  auto emit = [&](const std::string& s, const std::string& p, const std::string& o, bool literal) {
    raptor_term* subject = raptor_new_term_from_uri_string(world.get(), reinterpret_cast<const unsigned char*>(s.c_str()));
    raptor_term* predicate = raptor_new_term_from_uri_string(world.get(), reinterpret_cast<const unsigned char*>(p.c_str()));
    raptor_term* object = literal
        ? raptor_new_term_from_literal(world.get(), reinterpret_cast<const unsigned char*>(o.c_str()), nullptr,
                                       reinterpret_cast<const unsigned char*>("en"))
        : raptor_new_term_from_uri_string(world.get(), reinterpret_cast<const unsigned char*>(o.c_str()));
    raptor_statement* st = raptor_new_statement_from_nodes(world.get(), subject, predicate, object, nullptr);
    raptor_serializer_serialize_statement(ser, st);
    raptor_free_statement(st);
  };
  const std::string scheme_uri = std::string(kSkosBase) + scheme.id;
  emit(scheme_uri, kRdfType, kSkos + "ConceptScheme", false);
  emit(scheme_uri, kDctTitle, scheme.title, true);
  for (const Concept& c : scheme.concepts) {
    const std::string s = uri_of(c.id);
    emit(s, kRdfType, kSkos + "Concept", false);
    emit(s, kSkos + "inScheme", scheme_uri, false);
    emit(s, kSkos + "prefLabel", c.pref_label, true);
    for (const auto& alt : c.alt_labels) emit(s, kSkos + "altLabel", alt, true);
    for (const auto& b : c.broader) emit(s, kSkos + "broader", uri_of(b), false);
    if (!c.definition.empty()) emit(s, kSkos + "definition", c.definition, true);
    if (c.status == ConceptStatus::deprecated) emit(s, kOwlDeprecated, "true", true);
  }
  for (const Mapping& m : mappings) {
    if (m.status == MappingStatus::approved) emit(uri_of(m.source), kSkos + std::string(to_string(m.relation)), uri_of(m.target), false);
  }
  raptor_serializer_serialize_end(ser);
  raptor_free_serializer(ser);
  raptor_free_uri(skos_ns);
  std::string out(static_cast<const char*>(buffer), length);
  raptor_free_memory(buffer);
  return out;
}

}  // namespace km::taxonomy
