#include "taxonomy/suggestion_score.h"

#include <algorithm>
#include <map>
#include <set>

#include "taxonomy/concept_graph.h"

namespace km::taxonomy {
namespace {

double f1_of(double precision, double recall) { return precision + recall > 0 ? 2 * precision * recall / (precision + recall) : 0; }

// The best F1 over every cut of the (confidence, correct) predictions, best first.
std::pair<double, double> best_cut(std::vector<std::pair<double, bool>> predictions, std::size_t gold) {
  std::sort(predictions.begin(), predictions.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
  std::pair<double, double> best{0, 0};
  std::size_t correct = 0;
  for (std::size_t i = 0; i < predictions.size(); ++i) {
    correct += predictions[i].second;
    if (i + 1 < predictions.size() && predictions[i + 1].first == predictions[i].first) continue;  // same threshold
    const double precision = static_cast<double>(correct) / static_cast<double>(i + 1);
    const double recall = gold == 0 ? 0 : static_cast<double>(correct) / static_cast<double>(gold);
    if (f1_of(precision, recall) > best.second) best = {predictions[i].first, f1_of(precision, recall)};
  }
  return best;
}

}  // namespace

SuggestionScore score_suggestions(const ConceptGraph& graph, const std::vector<std::pair<std::string, std::string>>& reference,
                                  const std::vector<ItemConcepts>& items, double threshold) {
  std::vector<std::string> locals;
  for (const Concept& c : graph.concepts()) {
    if (!graph.is_shared(c.id)) locals.push_back(c.id);
  }
  const std::set<std::pair<std::string, std::string>> gold(reference.begin(), reference.end());
  std::map<std::string, std::vector<std::string>> ranked;  // local concept -> its first five candidates
  std::vector<std::pair<double, bool>> predictions;         // (confidence, correct) of each top-1
  SuggestionScore score;
  score.threshold = threshold;
  score.reference = gold.size();
  for (const Suggestion& s : suggest_mappings(graph, locals, items, 5)) {
    for (const Candidate& c : s.candidates) ranked[s.concept_id].push_back(c.target);
    if (s.candidates.empty()) continue;
    const bool correct = gold.count({s.concept_id, s.candidates[0].target}) > 0;
    predictions.emplace_back(s.candidates[0].confidence, correct);
    if (s.candidates[0].confidence >= threshold) {
      ++score.predicted;
      score.correct += correct;
    }
  }
  std::size_t top1 = 0, top5 = 0;
  for (const auto& [source, target] : gold) {
    const auto& r = ranked[source];
    const auto at = std::find(r.begin(), r.end(), target);
    top1 += at == r.begin() && at != r.end();
    top5 += at != r.end();
  }
  const double n = gold.empty() ? 1 : static_cast<double>(gold.size());
  score.precision = score.predicted == 0 ? 0 : static_cast<double>(score.correct) / static_cast<double>(score.predicted);
  score.recall = static_cast<double>(score.correct) / n;
  score.f1 = f1_of(score.precision, score.recall);
  score.top1_recall = static_cast<double>(top1) / n;
  score.top5_recall = static_cast<double>(top5) / n;
  std::tie(score.best_threshold, score.best_f1) = best_cut(std::move(predictions), gold.size());
  return score;
}

SuggestionScore score_label_equality(const ConceptGraph& graph, const std::vector<std::pair<std::string, std::string>>& reference) {
  std::map<std::string, std::set<std::string>> shared_with;  // lower-cased label -> shared concepts
  for (const Concept& c : graph.concepts()) {
    if (!graph.is_shared(c.id)) continue;
    for (const Label& l : all_labels(c)) shared_with[plain_words(l.text)].insert(c.id);
  }
  const std::set<std::pair<std::string, std::string>> gold(reference.begin(), reference.end());
  SuggestionScore score;
  score.threshold = 1;
  score.reference = gold.size();
  for (const Concept& c : graph.concepts()) {
    if (graph.is_shared(c.id)) continue;
    std::set<std::string> targets;
    for (const Label& l : all_labels(c)) {
      if (auto it = shared_with.find(plain_words(l.text)); it != shared_with.end()) targets.insert(it->second.begin(), it->second.end());
    }
    for (const auto& t : targets) {
      ++score.predicted;
      score.correct += gold.count({c.id, t});
    }
  }
  const double n = gold.empty() ? 1 : static_cast<double>(gold.size());
  score.precision = score.predicted == 0 ? 0 : static_cast<double>(score.correct) / static_cast<double>(score.predicted);
  score.recall = static_cast<double>(score.correct) / n;
  score.f1 = f1_of(score.precision, score.recall);
  score.top1_recall = score.top5_recall = score.recall;
  score.best_threshold = 1;
  score.best_f1 = score.f1;
  return score;
}

nlohmann::json to_json(const SuggestionScore& s) {
  return {{"threshold", s.threshold},     {"precision", s.precision},     {"recall", s.recall},
          {"f1", s.f1},                   {"reference_pairs", s.reference}, {"predicted", s.predicted},
          {"correct", s.correct},         {"top1_recall", s.top1_recall}, {"top5_recall", s.top5_recall},
          {"best_threshold", s.best_threshold}, {"best_f1", s.best_f1}};
}

}  // namespace km::taxonomy
