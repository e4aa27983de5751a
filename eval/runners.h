#pragma once
// The systems km-eval compares, each answering a query with a ranked list of item ids:
//   - KnowledgeMarket: the server's own search() — parsing, expansion, permissions, ranking;
//   - XapianBm25Baseline: a plain Xapian index of title + text, default BM25, default parser;
//   - Fts5Baseline: SQLite FTS5 with the porter tokenizer, ranked by bm25().
// Baselines are built in memory from the same items. None is thread-safe.
#include <SQLiteCpp/Database.h>
#include <xapian.h>

#include <memory>
#include <string>
#include <vector>

#include "core/item.h"
#include "core/user.h"
#include "search/search.h"
#include "taxonomy/concept_graph.h"

namespace km::eval {

inline constexpr std::size_t kDepth = 100;  // ranks kept per query (Recall@100)

class Ranker {
 public:
  virtual ~Ranker() = default;
  virtual std::string name() const = 0;
  virtual std::vector<std::string> rank(const std::string& query) = 0;
};

class KnowledgeMarket : public Ranker {
 public:
  // `user` empty: every item counts (an evaluation sees the whole collection).
  KnowledgeMarket(Xapian::Database index, taxonomy::ConceptGraph graph, std::optional<core::User> user,
                  search::SearchParams base);
  std::string name() const override { return "knowledge-market"; }
  std::vector<std::string> rank(const std::string& query) override;

 private:
  Xapian::Database db_;
  taxonomy::ConceptGraph graph_;
  std::optional<core::User> user_;
  search::SearchParams base_;
};

class XapianBm25Baseline : public Ranker {
 public:
  explicit XapianBm25Baseline(const std::vector<core::Item>& items);
  std::string name() const override { return "xapian-bm25"; }
  std::vector<std::string> rank(const std::string& query) override;

 private:
  Xapian::WritableDatabase db_;
};

class Fts5Baseline : public Ranker {
 public:
  explicit Fts5Baseline(const std::vector<core::Item>& items);
  std::string name() const override { return "sqlite-fts5"; }
  std::vector<std::string> rank(const std::string& query) override;

 private:
  SQLite::Database db_;
};

}  // namespace km::eval
