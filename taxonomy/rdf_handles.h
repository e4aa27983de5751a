#pragma once
// RAII owners of raptor2 handles (world, parser, serializer, URI, term, statement), private to
// taxonomy/'s RDF readers and writers: every handle is freed on every path, exceptions
// included. Each call makes its own world, so nothing is shared between threads.
#include <raptor2/raptor2.h>

#include <memory>
#include <string>

#include "core/error.h"

namespace km::taxonomy::rdf {

struct WorldDeleter {
  void operator()(raptor_world* w) const { raptor_free_world(w); }
};
struct ParserDeleter {
  void operator()(raptor_parser* p) const { raptor_free_parser(p); }
};
struct SerializerDeleter {
  void operator()(raptor_serializer* s) const { raptor_free_serializer(s); }
};
struct UriDeleter {
  void operator()(raptor_uri* u) const { raptor_free_uri(u); }
};
struct TermDeleter {
  void operator()(raptor_term* t) const { raptor_free_term(t); }
};
struct StatementDeleter {
  void operator()(raptor_statement* s) const { raptor_free_statement(s); }
};
using World = std::unique_ptr<raptor_world, WorldDeleter>;
using Parser = std::unique_ptr<raptor_parser, ParserDeleter>;
using Serializer = std::unique_ptr<raptor_serializer, SerializerDeleter>;
using Uri = std::unique_ptr<raptor_uri, UriDeleter>;
using Term = std::unique_ptr<raptor_term, TermDeleter>;
using Statement = std::unique_ptr<raptor_statement, StatementDeleter>;

inline const unsigned char* bytes(const std::string& s) { return reinterpret_cast<const unsigned char*>(s.c_str()); }

inline World make_world() {
  World world(raptor_new_world());
  if (!world || raptor_world_open(world.get()) != 0) throw core::Error("rdf", "cannot start the RDF library");
  return world;
}

inline Uri make_uri(raptor_world* world, const std::string& uri) { return Uri(raptor_new_uri(world, bytes(uri))); }

// The text of a term: a URI, a literal's lexical form, or "_:id" for a blank node.
inline std::string term_text(const raptor_term* t) {
  if (!t) return {};
  switch (t->type) {
    case RAPTOR_TERM_TYPE_URI: return reinterpret_cast<const char*>(raptor_uri_as_string(t->value.uri));
    case RAPTOR_TERM_TYPE_LITERAL: return reinterpret_cast<const char*>(t->value.literal.string);
    case RAPTOR_TERM_TYPE_BLANK: return "_:" + std::string(reinterpret_cast<const char*>(t->value.blank.string));
    default: return {};
  }
}

inline std::string language_of(const raptor_term* t) {
  return t && t->type == RAPTOR_TERM_TYPE_LITERAL && t->value.literal.language
             ? reinterpret_cast<const char*>(t->value.literal.language)
             : "";
}

}  // namespace km::taxonomy::rdf
