#pragma once
// TREC-style retrieval metrics over one ranked list and graded judgements.
//
// Grades are integers (0 or absent = not relevant). nDCG@k uses the grade as gain with a
// log2(rank + 1) discount, normalised by the ideal ordering of all judged documents; MAP,
// P@k, Recall@k and MRR count a document relevant when its grade is >= 1. Pure functions.
#include <map>
#include <string>
#include <vector>

namespace km::eval {

using Judgements = std::map<std::string, int>;  // doc id -> grade

struct QueryScores {
  double ndcg10 = 0, ap = 0, p10 = 0, recall100 = 0, rr = 0;
};

QueryScores score_ranking(const std::vector<std::string>& ranking, const Judgements& judged);

double ndcg_at(const std::vector<std::string>& ranking, const Judgements& judged, std::size_t k);
double average_precision(const std::vector<std::string>& ranking, const Judgements& judged);
double precision_at(const std::vector<std::string>& ranking, const Judgements& judged, std::size_t k);
double recall_at(const std::vector<std::string>& ranking, const Judgements& judged, std::size_t k);
double reciprocal_rank(const std::vector<std::string>& ranking, const Judgements& judged);

// Mean of each metric over the queries given.
QueryScores mean(const std::vector<QueryScores>& scores);

}  // namespace km::eval
