#include "eval/runners.h"

#include <SQLiteCpp/Statement.h>
#include <SQLiteCpp/Transaction.h>

#include "core/index_schema.h"
#include "taxonomy/concept_graph.h"

namespace km::eval {

KnowledgeMarket::KnowledgeMarket(Xapian::Database index, taxonomy::ConceptGraph graph,
                                 std::optional<core::User> user, search::SearchParams base)
    : db_(std::move(index)), graph_(std::move(graph)), user_(std::move(user)), base_(std::move(base)) {}

std::vector<std::string> KnowledgeMarket::rank(const std::string& query) {
  search::SearchParams p = base_;
  // Natural-language questions are not query syntax: keep their words only, as a search box
  // user typing them would mean.
  p.q = taxonomy::plain_words(query);
  p.per_page = static_cast<int>(kDepth);
  p.unrestricted = !user_;
  core::User viewer = user_.value_or(core::User{"eval", "eval", "eval", {}, {core::Role::reader}});
  return search::search_ids(db_, viewer, p, graph_);
}

XapianBm25Baseline::XapianBm25Baseline(const std::vector<core::Item>& items)
    : db_(std::string(), Xapian::DB_BACKEND_INMEMORY) {
  Xapian::TermGenerator generator;
  generator.set_stemmer(Xapian::Stem(km::core::schema::kLanguage));
  for (const auto& item : items) {
    Xapian::Document doc;
    generator.set_document(doc);
    generator.index_text(item.title);
    generator.increase_termpos();
    generator.index_text(item.full_text());
    doc.set_data(item.id);
    db_.add_document(doc);
  }
}

std::vector<std::string> XapianBm25Baseline::rank(const std::string& query) {
  Xapian::QueryParser parser;
  parser.set_stemmer(Xapian::Stem(km::core::schema::kLanguage));
  parser.set_stemming_strategy(Xapian::QueryParser::STEM_SOME);
  Xapian::Enquire enquire(db_);
  enquire.set_query(parser.parse_query(taxonomy::plain_words(query)));
  Xapian::MSet mset = enquire.get_mset(0, static_cast<Xapian::doccount>(kDepth));
  std::vector<std::string> ids;
  for (auto m = mset.begin(); m != mset.end(); ++m) ids.push_back(m.get_document().get_data());
  return ids;
}

Fts5Baseline::Fts5Baseline(const std::vector<core::Item>& items) : db_(":memory:", SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE) {
  db_.exec("CREATE VIRTUAL TABLE docs USING fts5(id UNINDEXED, title, body, tokenize = 'porter unicode61')");
  SQLite::Transaction tx(db_);
  SQLite::Statement insert(db_, "INSERT INTO docs(id, title, body) VALUES (?, ?, ?)");
  for (const auto& item : items) {
    insert.bind(1, item.id);
    insert.bind(2, item.title);
    insert.bind(3, item.full_text());
    insert.exec();
    insert.reset();
  }
  tx.commit();
}

std::vector<std::string> Fts5Baseline::rank(const std::string& query) {
  // Any word may match (as in the other systems); each word quoted so nothing is FTS5 syntax.
  std::string match;
  for (const auto& w : taxonomy::words_of(query)) match += (match.empty() ? "\"" : " OR \"") + w + "\"";
  std::vector<std::string> ids;
  if (match.empty()) return ids;
  SQLite::Statement q(db_, "SELECT id FROM docs WHERE docs MATCH ? ORDER BY bm25(docs) LIMIT ?");
  q.bind(1, match);
  q.bind(2, static_cast<int>(kDepth));
  while (q.executeStep()) ids.push_back(q.getColumn(0).getString());
  return ids;
}

}  // namespace km::eval
