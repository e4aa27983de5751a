#pragma once
// Evaluation collections: queries (JSONL {"id","text"}), relevance judgements (TREC
// "qid 0 docid grade" or TSV "qid docid grade", told apart per line by the column count), and
// the conversion of a {"id","title","text"} corpus into the item ingest format.
// Throws km::core::InvalidInput with "file:line: reason" for malformed input.
#include <map>
#include <string>
#include <vector>

#include "eval/metrics.h"

namespace km::eval {

struct Query {
  std::string id;
  std::string text;
};

std::vector<Query> read_queries(const std::string& path);
std::map<std::string, Judgements> read_qrels(const std::string& path);

// Writes one item per corpus line: id, org "eval", title, body (the text), status validated,
// visibility shared. Returns the number of items written.
std::size_t convert_corpus(const std::string& corpus_path, const std::string& out_path);

}  // namespace km::eval
