#include "eval/metrics.h"

#include <algorithm>
#include <cmath>

namespace km::eval {
namespace {

int grade(const Judgements& judged, const std::string& id) {
  auto it = judged.find(id);
  return it == judged.end() ? 0 : it->second;
}

std::size_t relevant_count(const Judgements& judged) {
  return static_cast<std::size_t>(std::count_if(judged.begin(), judged.end(), [](const auto& j) { return j.second >= 1; }));
}

}  // namespace

double ndcg_at(const std::vector<std::string>& ranking, const Judgements& judged, std::size_t k) {
  double dcg = 0;
  for (std::size_t i = 0; i < std::min(k, ranking.size()); ++i) {
    dcg += grade(judged, ranking[i]) / std::log2(static_cast<double>(i) + 2);
  }
  std::vector<int> ideal;
  for (const auto& [id, g] : judged) {
    if (g > 0) ideal.push_back(g);
  }
  std::sort(ideal.rbegin(), ideal.rend());
  double idcg = 0;
  for (std::size_t i = 0; i < std::min(k, ideal.size()); ++i) idcg += ideal[i] / std::log2(static_cast<double>(i) + 2);
  return idcg > 0 ? dcg / idcg : 0;
}

double average_precision(const std::vector<std::string>& ranking, const Judgements& judged) {
  const std::size_t relevant = relevant_count(judged);
  if (relevant == 0) return 0;
  double sum = 0;
  std::size_t hits = 0;
  for (std::size_t i = 0; i < ranking.size(); ++i) {
    if (grade(judged, ranking[i]) >= 1) sum += static_cast<double>(++hits) / static_cast<double>(i + 1);
  }
  return sum / static_cast<double>(relevant);
}

double precision_at(const std::vector<std::string>& ranking, const Judgements& judged, std::size_t k) {
  std::size_t hits = 0;
  for (std::size_t i = 0; i < std::min(k, ranking.size()); ++i) hits += grade(judged, ranking[i]) >= 1;
  return static_cast<double>(hits) / static_cast<double>(k);
}

double recall_at(const std::vector<std::string>& ranking, const Judgements& judged, std::size_t k) {
  const std::size_t relevant = relevant_count(judged);
  if (relevant == 0) return 0;
  std::size_t hits = 0;
  for (std::size_t i = 0; i < std::min(k, ranking.size()); ++i) hits += grade(judged, ranking[i]) >= 1;
  return static_cast<double>(hits) / static_cast<double>(relevant);
}

double reciprocal_rank(const std::vector<std::string>& ranking, const Judgements& judged) {
  for (std::size_t i = 0; i < ranking.size(); ++i) {
    if (grade(judged, ranking[i]) >= 1) return 1.0 / static_cast<double>(i + 1);
  }
  return 0;
}

QueryScores score_ranking(const std::vector<std::string>& ranking, const Judgements& judged) {
  return {ndcg_at(ranking, judged, 10), average_precision(ranking, judged), precision_at(ranking, judged, 10),
          recall_at(ranking, judged, 100), reciprocal_rank(ranking, judged)};
}

QueryScores mean(const std::vector<QueryScores>& scores) {
  QueryScores m;
  if (scores.empty()) return m;
  for (const auto& s : scores) {
    m.ndcg10 += s.ndcg10;
    m.ap += s.ap;
    m.p10 += s.p10;
    m.recall100 += s.recall100;
    m.rr += s.rr;
  }
  const double n = static_cast<double>(scores.size());
  return {m.ndcg10 / n, m.ap / n, m.p10 / n, m.recall100 / n, m.rr / n};
}

}  // namespace km::eval
