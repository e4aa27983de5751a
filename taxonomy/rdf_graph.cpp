#include "taxonomy/rdf_graph.h"

#include <exception>

#include "core/error.h"
#include "core/text.h"
#include "taxonomy/rdf_handles.h"

namespace km::taxonomy {
namespace {

const std::string kRdfType = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type";
// Base for relative URIs in documents that have none of their own.
const std::string kBase = "https://knowledge-market.example/taxonomy/";

struct ParseState {
  RdfGraph graph;
  std::vector<std::string> errors;
  std::string name;
  raptor_parser* parser = nullptr;
  std::exception_ptr failed;  // what a callback threw, rethrown once raptor has returned
};

// Runs a callback's work without letting an exception (std::bad_alloc...) unwind through
// raptor's C frames, which would leave the parser's own allocations behind.
template <typename F>
void guarded(ParseState* s, F&& work) {
  if (s->failed) return;
  try {
    work();
  } catch (...) {
    s->failed = std::current_exception();
    if (s->parser) raptor_parser_parse_abort(s->parser);
  }
}

void on_statement(void* data, raptor_statement* st) {
  auto* s = static_cast<ParseState*>(data);
  guarded(s, [&] {
    const std::string subject = rdf::term_text(st->subject);
    s->graph.subjects[subject][rdf::term_text(st->predicate)].push_back({rdf::term_text(st->object), rdf::language_of(st->object)});
    if (!s->graph.line_of.count(subject)) {
      const raptor_locator* at = raptor_parser_get_locator(s->parser);
      if (at && at->line > 0) s->graph.line_of[subject] = at->line;
    }
  });
}

void on_log(void* data, raptor_log_message* message) {
  if (message->level < RAPTOR_LOG_LEVEL_ERROR) return;
  auto* s = static_cast<ParseState*>(data);
  guarded(s, [&] {
    const int line = message->locator ? message->locator->line : -1;
    s->errors.push_back(s->name + ":" + std::to_string(line > 0 ? line : 1) + ": " + message->text);
  });
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

const std::vector<RdfValue>& RdfGraph::values(const std::string& subject, const std::string& predicate) const {
  static const std::vector<RdfValue> kNone;
  auto s = subjects.find(subject);
  if (s == subjects.end()) return kNone;
  auto p = s->second.find(predicate);
  return p == s->second.end() ? kNone : p->second;
}

bool RdfGraph::has_type(const std::string& subject, const std::string& type) const {
  for (const RdfValue& v : values(subject, kRdfType)) {
    if (v.text == type) return true;
  }
  return false;
}

std::string RdfGraph::where(const std::string& name, const std::string& subject) const {
  auto it = line_of.find(subject);
  return name + (it == line_of.end() ? "" : ":" + std::to_string(it->second)) + ": <" + subject + ">";
}

RdfGraph parse_rdf(std::string_view text, RdfFormat format, const std::string& name) {
  if (!core::is_valid_utf8(text)) throw core::InvalidInput(name + ": file is not valid UTF-8");
  rdf::World world = rdf::make_world();
  ParseState state;
  state.name = name;
  raptor_world_set_log_handler(world.get(), &state, on_log);
  rdf::Parser parser(raptor_new_parser(world.get(), format == RdfFormat::turtle ? "turtle" : "rdfxml"));
  if (!parser) throw core::Error("rdf", "no RDF parser for this format");
  state.parser = parser.get();
  raptor_parser_set_statement_handler(parser.get(), &state, on_statement);
  rdf::Uri base = rdf::make_uri(world.get(), kBase);
  if (!base) throw core::Error("rdf", "cannot start the RDF parser");
  raptor_parser_parse_start(parser.get(), base.get());
  raptor_parser_parse_chunk(parser.get(), reinterpret_cast<const unsigned char*>(text.data()), text.size(), 1);
  if (state.failed) std::rethrow_exception(state.failed);
  if (!state.errors.empty()) {
    std::string message;
    for (const auto& e : state.errors) message += (message.empty() ? "" : "\n") + e;
    throw core::InvalidInput(message);
  }
  return std::move(state.graph);
}

}  // namespace km::taxonomy
