#include "taxonomy/concept_graph.h"

#include <xapian.h>

#include <algorithm>
#include <cctype>
#include <set>

#include "core/index_schema.h"
#include "taxonomy/scheme_store.h"

namespace km::taxonomy {

std::vector<std::string> words_of(std::string_view text) {
  // Unicode lower-casing ("Ä" -> "ä"); what counts as a word character is unchanged: ASCII
  // letters and digits, and every non-ASCII character.
  std::vector<std::string> words;
  std::string current;
  for (Xapian::Utf8Iterator it(text.data(), text.size()); it != Xapian::Utf8Iterator(); ++it) {
    const unsigned ch = *it;
    if (ch >= 0x80 || std::isalnum(static_cast<int>(ch))) {
      Xapian::Unicode::append_utf8(current, Xapian::Unicode::tolower(ch));
    } else if (!current.empty()) {
      words.push_back(std::move(current));
      current.clear();
    }
  }
  if (!current.empty()) words.push_back(std::move(current));
  return words;
}

std::string plain_words(std::string_view text) {
  std::string out;
  for (const std::string& w : words_of(text)) out += (out.empty() ? "" : " ") + w;
  return out;
}

std::string label_key(std::string_view text) {
  // A stemmer keeps working state: each thread needs its own (searches build keys concurrently).
  thread_local const Xapian::Stem stem(km::core::schema::kLanguage);
  std::string key;
  for (const std::string& w : words_of(text)) {
    if (!key.empty()) key += ' ';
    key += stem(w);
  }
  return key;
}

ConceptGraph::ConceptGraph(std::vector<Concept> concepts, std::vector<Mapping> mappings,
                           std::map<std::string, std::string> scheme_orgs)
    : concepts_(std::move(concepts)), mappings_(std::move(mappings)), scheme_orgs_(std::move(scheme_orgs)) {
  for (std::size_t i = 0; i < concepts_.size(); ++i) {
    const Concept& c = concepts_[i];
    by_id_[c.id] = i;
    for (const auto& b : c.broader) narrower_[b].push_back(c.id);
    auto add_key = [&](const std::string& label) {
      std::string key = label_key(label);
      if (key.empty()) return;
      auto& ids = by_key_[key];
      if (std::find(ids.begin(), ids.end(), c.id) == ids.end()) ids.push_back(c.id);
    };
    add_key(c.pref_label);
    for (const auto& alt : c.alt_labels) add_key(alt);
    for (const Label& l : c.labels) add_key(l.text);  // preferred labels in every language name it too
  }
  for (const Mapping& m : mappings_) {
    if (m.status != MappingStatus::approved) continue;
    approved_from_[m.source].push_back(&m);
    approved_to_[m.target].push_back(&m);
  }
}

ConceptGraph ConceptGraph::load(SQLite::Database& db) {
  SchemeStore schemes(db);
  std::map<std::string, std::string> orgs;
  for (const Scheme& s : schemes.schemes()) orgs[s.id] = s.org;
  return ConceptGraph(schemes.all_concepts(), MappingStore(db).list(), std::move(orgs));
}

const Concept* ConceptGraph::find(const std::string& id) const {
  auto it = by_id_.find(id);
  return it == by_id_.end() ? nullptr : &concepts_[it->second];
}

std::string ConceptGraph::label(const std::string& id) const {
  const Concept* c = find(id);
  return c ? c->pref_label : id;
}

std::string ConceptGraph::owner(const std::string& id) const {
  const Concept* c = find(id);
  if (!c) return {};
  auto it = scheme_orgs_.find(c->scheme);
  if (it == scheme_orgs_.end()) return {};
  return it->second.empty() ? "shared" : it->second;
}

std::vector<std::string> ConceptGraph::walk(const std::string& id, bool up) const {
  std::vector<std::string> out;
  std::set<std::string> seen = {id};
  std::vector<std::string> frontier = {id};
  while (!frontier.empty()) {
    std::string current = frontier.back();
    frontier.pop_back();
    std::vector<std::string> next;
    if (up) {
      if (const Concept* c = find(current)) next = c->broader;
    } else if (auto it = narrower_.find(current); it != narrower_.end()) {
      next = it->second;
    }
    for (const auto& n : next) {
      if (seen.insert(n).second) {
        out.push_back(n);
        frontier.push_back(n);
      }
    }
  }
  return out;
}

std::vector<std::string> ConceptGraph::ancestors(const std::string& id) const { return walk(id, true); }
std::vector<std::string> ConceptGraph::descendants(const std::string& id) const { return walk(id, false); }

std::vector<std::string> ConceptGraph::index_concepts(const std::vector<std::string>& own) const {
  std::vector<std::string> out;
  auto add = [&out](const std::string& id) {
    if (std::find(out.begin(), out.end(), id) == out.end()) out.push_back(id);
  };
  for (const auto& id : own) {
    add(id);
    for (const auto& a : ancestors(id)) add(a);
  }
  for (const auto& id : own) {
    for (const Mapping* m : approved_from(id)) {
      if (m->relation == Relation::relatedMatch) continue;
      // narrowMatch: the target is narrower than the item's concept, so the item is not
      // necessarily about it; it is about what lies above it.
      if (m->relation != Relation::narrowMatch) add(m->target);
      for (const auto& a : ancestors(m->target)) add(a);
    }
  }
  return out;
}

std::vector<const Mapping*> ConceptGraph::approved_from(const std::string& source) const {
  auto it = approved_from_.find(source);
  return it == approved_from_.end() ? std::vector<const Mapping*>{} : it->second;
}

std::vector<const Mapping*> ConceptGraph::approved_to(const std::string& target) const {
  auto it = approved_to_.find(target);
  return it == approved_to_.end() ? std::vector<const Mapping*>{} : it->second;
}

const std::vector<std::string>& ConceptGraph::concepts_with_key(const std::string& key) const {
  static const std::vector<std::string> kNone;
  auto it = by_key_.find(key);
  return it == by_key_.end() ? kNone : it->second;
}

}  // namespace km::taxonomy
