#pragma once
// ConceptGraph: an immutable in-memory view of every scheme, concept and mapping, for the
// questions indexing and search ask many times per second: labels, ancestors, descendants,
// which shared concepts an item reaches, which concepts a query's words name.
//
// Built from SQLite with load(); rebuilt (not mutated) when the taxonomy changes. Thread-safe
// for concurrent readers.
#include <SQLiteCpp/Database.h>

#include <map>
#include <string>
#include <unordered_map>
#include <vector>

#include "taxonomy/model.h"

namespace km::taxonomy {

// Lower-cased, English-stemmed words of a label or query, joined by single spaces:
// "Ticket referrals" -> "ticket referr". Equal keys mean "the same words".
std::string label_key(std::string_view text);
// The words of `text`, lower-cased with Unicode case folding (not stemmed), in order.
std::vector<std::string> words_of(std::string_view text);
// Those words joined by single spaces: text with no punctuation, quotes or operators left.
std::string plain_words(std::string_view text);

class ConceptGraph {
 public:
  ConceptGraph() = default;
  // Mapping pointers index into mappings_: moving keeps them valid, copying would not.
  ConceptGraph(const ConceptGraph&) = delete;
  ConceptGraph& operator=(const ConceptGraph&) = delete;
  ConceptGraph(ConceptGraph&&) = default;
  ConceptGraph& operator=(ConceptGraph&&) = default;
  ConceptGraph(std::vector<Concept> concepts, std::vector<Mapping> mappings, std::map<std::string, std::string> scheme_orgs);
  static ConceptGraph load(SQLite::Database& db);

  const Concept* find(const std::string& id) const;
  // Preferred label, or the id itself for an unknown concept.
  std::string label(const std::string& id) const;
  // Org owning the concept's scheme; "shared" for the shared scheme, "" if unknown.
  std::string owner(const std::string& id) const;
  bool is_shared(const std::string& id) const { return owner(id) == "shared"; }

  std::vector<std::string> ancestors(const std::string& id) const;    // transitive, cycle-safe
  std::vector<std::string> descendants(const std::string& id) const;  // transitive, cycle-safe

  // The concepts an item tagged with `own` is indexed under: its own concepts, the shared
  // concepts they map to through approved mappings (exact, close and broad: the target and
  // its ancestors; narrow: only the target's ancestors; related: nothing), and ancestors.
  std::vector<std::string> index_concepts(const std::vector<std::string>& own) const;

  std::vector<const Mapping*> approved_from(const std::string& source) const;
  std::vector<const Mapping*> approved_to(const std::string& target) const;
  // Concepts having `key` (see label_key) as preferred or alternative label, in any language.
  const std::vector<std::string>& concepts_with_key(const std::string& key) const;

  const std::vector<Concept>& concepts() const { return concepts_; }
  const std::vector<Mapping>& mappings() const { return mappings_; }

 private:
  std::vector<std::string> walk(const std::string& id, bool up) const;

  std::vector<Concept> concepts_;
  std::vector<Mapping> mappings_;
  std::map<std::string, std::string> scheme_orgs_;  // scheme id -> org ("" for shared)
  std::unordered_map<std::string, std::size_t> by_id_;
  std::unordered_map<std::string, std::vector<std::string>> narrower_;
  std::unordered_map<std::string, std::vector<std::string>> by_key_;
  std::unordered_map<std::string, std::vector<const Mapping*>> approved_from_, approved_to_;
};

}  // namespace km::taxonomy
