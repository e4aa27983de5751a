// read_skos: a published SKOS vocabulary into a Scheme, as it is (see skos_io.h).
#include <algorithm>
#include <map>
#include <set>

#include "core/error.h"
#include "taxonomy/scheme_store.h"
#include "taxonomy/skos_io.h"
#include "taxonomy/skos_terms.h"

namespace km::taxonomy {
namespace {

// The English (or untagged) literal among `values`, else the first.
std::string preferred_literal(const std::vector<RdfValue>& values) {
  for (const auto& v : values) {
    if (v.lang.empty() || v.lang.rfind("en", 0) == 0) return v.text;
  }
  return values.empty() ? "" : values.front().text;
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

bool is_concept(const RdfGraph& g, const std::string& subject) {
  if (g.has_type(subject, skos::kConcept)) return true;
  // Some publishers leave the type out; a labelled member of a scheme is a concept too.
  return !g.values(subject, skos::kInScheme).empty() && !g.values(subject, skos::kPrefLabel).empty() &&
         !g.has_type(subject, skos::kConceptScheme) && !g.has_type(subject, skos::kCollection);
}

// Concept URI -> id, unique: a clash of last segments gets "-2", "-3"... in URI order.
std::map<std::string, std::string> concept_ids(const RdfGraph& g, const std::string& scheme) {
  std::map<std::string, std::string> ids;
  std::set<std::string> taken;
  for (const auto& [subject, props] : g.subjects) {
    if (!is_concept(g, subject)) continue;
    std::string id = id_of(subject, scheme);
    for (int n = 2; taken.count(id); ++n) id = id_of(subject, scheme) + "-" + std::to_string(n);
    taken.insert(id);
    ids[subject] = id;
  }
  return ids;
}

void read_scheme_head(const RdfGraph& g, Scheme& scheme) {
  for (const auto& [subject, props] : g.subjects) {
    if (!g.has_type(subject, skos::kConceptScheme)) continue;
    if (subject != std::string(kSkosBase) + scheme.id) scheme.uri = subject;
    for (const std::string& p : {std::string(skos::kDctTitle), std::string(skos::kDcTitle), skos::kPrefLabel, std::string(skos::kRdfsLabel)}) {
      if (scheme.title.empty()) scheme.title = preferred_literal(g.values(subject, p));
    }
    return;
  }
}

struct Reader {
  const RdfGraph& g;
  const std::map<std::string, std::string>& ids;
  const UriResolver& resolve;
  const std::string& scheme;
  std::vector<Mapping>& mappings;

  std::string id_for(const std::string& uri) const {
    auto it = ids.find(uri);
    return it == ids.end() ? id_of(uri, scheme) : it->second;
  }

  void read_links(const std::string& subject, Concept& c) const {
    for (Relation r : {Relation::exactMatch, Relation::closeMatch, Relation::broadMatch, Relation::narrowMatch,
                       Relation::relatedMatch}) {
      for (const RdfValue& v : g.values(subject, skos::kNs + std::string(to_string(r)))) {
        std::optional<std::string> target = resolve ? resolve(v.text) : std::nullopt;
        if (target && target->rfind(scheme + ":", 0) != 0) {
          Mapping m;
          m.source = c.id;
          m.target = *target;
          m.relation = r;
          m.status = MappingStatus::approved;
          m.provenance = "skos import";
          mappings.push_back(std::move(m));
        } else {
          c.external_links.push_back({r, v.text});
        }
      }
    }
    std::sort(c.external_links.begin(), c.external_links.end());
    c.external_links.erase(std::unique(c.external_links.begin(), c.external_links.end()), c.external_links.end());
  }

  Concept read(const std::string& subject) const {
    Concept c;
    c.id = ids.at(subject);
    c.scheme = scheme;
    if (subject != default_uri_of(c.id)) c.uri = subject;
    std::vector<Label> labels;
    for (const RdfValue& v : g.values(subject, skos::kPrefLabel)) labels.push_back({LabelKind::pref, v.lang, v.text});
    for (const RdfValue& v : g.values(subject, skos::kAltLabel)) labels.push_back({LabelKind::alt, v.lang, v.text});
    normalise_labels(c, std::move(labels));
    for (const RdfValue& v : g.values(subject, skos::kBroader)) c.broader.push_back(id_for(v.text));
    c.definition = preferred_literal(g.values(subject, skos::kDefinition));
    for (const RdfValue& v : g.values(subject, skos::kOwlDeprecated)) {
      if (v.text == "true" || v.text == "1") c.status = ConceptStatus::deprecated;
    }
    read_links(subject, c);
    return c;
  }
};

// Scheme problems ("id: reason") located by the concept's URI and line.
void throw_problems(const Scheme& scheme, const RdfGraph& g, const std::map<std::string, std::string>& ids,
                    const std::string& name) {
  const auto problems = validate_scheme(scheme);
  if (problems.empty()) return;
  std::map<std::string, std::string> uri_of_id;
  for (const auto& [uri, id] : ids) uri_of_id[id] = uri;
  std::string message;
  for (const std::string& p : problems) {
    const std::string id = p.substr(0, p.find(": "));
    auto it = uri_of_id.find(id);
    const std::string where = it == uri_of_id.end() ? name + ": " + p : g.where(name, it->second) + p.substr(id.size());
    message += (message.empty() ? "" : "\n") + where;
  }
  throw core::InvalidInput(message);
}

}  // namespace

std::string default_uri_of(const std::string& id) {
  auto colon = id.find(':');
  return std::string(kSkosBase) + id.substr(0, colon) + "/" + id.substr(colon + 1);
}

SkosDocument read_skos(std::string_view text, RdfFormat format, const std::string& name, Scheme head,
                       const UriResolver& resolve) {
  const RdfGraph g = parse_rdf(text, format, name);
  SkosDocument doc;
  doc.scheme = std::move(head);
  read_scheme_head(g, doc.scheme);
  const auto ids = concept_ids(g, doc.scheme.id);
  Reader reader{g, ids, resolve, doc.scheme.id, doc.mappings};
  std::map<std::string, std::set<std::string>> narrower_of;  // child id -> parents stating skos:narrower
  for (const auto& [subject, id] : ids) {
    doc.scheme.concepts.push_back(reader.read(subject));
    for (const RdfValue& v : g.values(subject, skos::kNarrower)) narrower_of[reader.id_for(v.text)].insert(id);
  }
  for (Concept& c : doc.scheme.concepts) {
    for (const auto& parent : narrower_of[c.id]) {
      if (std::find(c.broader.begin(), c.broader.end(), parent) == c.broader.end()) c.broader.push_back(parent);
    }
    std::sort(c.broader.begin(), c.broader.end());
    c.broader.erase(std::unique(c.broader.begin(), c.broader.end()), c.broader.end());
  }
  std::sort(doc.scheme.concepts.begin(), doc.scheme.concepts.end(), [](const Concept& a, const Concept& b) { return a.id < b.id; });
  throw_problems(doc.scheme, g, ids, name);
  return doc;
}

}  // namespace km::taxonomy
