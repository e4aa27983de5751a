#pragma once
// Runs every query of a collection through each ranker and reports the metrics, overall and
// per query, as a table or as JSON. Queries without any relevant judgement are skipped (and
// counted), as trec_eval does. With `run`, every ranking is also written there in TREC run
// format ("qid Q0 docid rank score system", the score being rank order), for trec_eval or a diff.
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <ostream>
#include <vector>

#include "eval/collection.h"
#include "eval/runners.h"

namespace km::eval {

nlohmann::json evaluate(std::vector<std::unique_ptr<Ranker>>& rankers, const std::vector<Query>& queries,
                        const std::map<std::string, Judgements>& qrels, std::ostream* run = nullptr);
void print_table(const nlohmann::json& results, bool per_query, std::ostream& out);

}  // namespace km::eval
