#include "eval/report.h"

#include <chrono>
#include <iomanip>

namespace km::eval {
namespace {

nlohmann::json to_json(const QueryScores& s) {
  return {{"ndcg@10", s.ndcg10}, {"map", s.ap}, {"p@10", s.p10}, {"recall@100", s.recall100}, {"mrr", s.rr}};
}

void row(std::ostream& out, const std::string& label, const nlohmann::json& m) {
  out << std::left << std::setw(20) << label << std::right << std::fixed << std::setprecision(4);
  for (const char* k : {"ndcg@10", "map", "p@10", "recall@100", "mrr"}) out << std::setw(11) << m[k].get<double>();
  out << "\n";
}

}  // namespace

nlohmann::json evaluate(std::vector<std::unique_ptr<Ranker>>& rankers, const std::vector<Query>& queries,
                        const std::map<std::string, Judgements>& qrels, std::ostream* run) {
  nlohmann::json out = {{"systems", nlohmann::json::array()}};
  std::size_t skipped = 0;
  for (auto& ranker : rankers) {
    std::vector<QueryScores> all;
    double seconds = 0;
    nlohmann::json per_query = nlohmann::json::object();
    skipped = 0;
    for (const Query& q : queries) {
      auto judged = qrels.find(q.id);
      bool any_relevant = judged != qrels.end() &&
                          std::any_of(judged->second.begin(), judged->second.end(), [](const auto& j) { return j.second >= 1; });
      if (!any_relevant) {
        ++skipped;
        continue;
      }
      const auto start = std::chrono::steady_clock::now();
      const std::vector<std::string> ranking = ranker->rank(q.text);
      seconds += std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
      if (run) {
        for (std::size_t i = 0; i < ranking.size(); ++i) {
          *run << q.id << " Q0 " << ranking[i] << " " << i + 1 << " " << ranking.size() - i << " " << ranker->name() << "\n";
        }
      }
      QueryScores s = score_ranking(ranking, judged->second);
      all.push_back(s);
      per_query[q.id] = to_json(s);
    }
    out["systems"].push_back({{"name", ranker->name()}, {"overall", to_json(mean(all))}, {"queries", all.size()},
                              {"ms_per_query", all.empty() ? 0.0 : 1000 * seconds / static_cast<double>(all.size())},
                              {"per_query", per_query}});
  }
  out["skipped_queries"] = skipped;
  return out;
}

void print_table(const nlohmann::json& results, bool per_query, std::ostream& out) {
  out << std::left << std::setw(20) << "system" << std::right;
  for (const char* k : {"nDCG@10", "MAP", "P@10", "R@100", "MRR"}) out << std::setw(11) << k;
  out << "\n";
  for (const auto& system : results["systems"]) row(out, system["name"], system["overall"]);
  out << "(" << results["systems"][0]["queries"].get<std::size_t>() << " queries with judgements; "
      << results["skipped_queries"].get<std::size_t>() << " without any relevant document skipped)\n";
  // Time per query, and as a ratio to the first baseline run in the same process (a figure
  // to compare, not a target: the machine may be busy).
  const auto& systems = results["systems"];
  out << "time per query:";
  for (const auto& system : systems) {
    out << "  " << system["name"].get<std::string>() << " " << std::setprecision(2) << system["ms_per_query"].get<double>() << " ms";
    const double base = systems.size() > 1 ? systems[1]["ms_per_query"].get<double>() : 0;
    if (&system == &systems[0] && base > 0) {
      out << " (" << std::setprecision(1) << system["ms_per_query"].get<double>() / base << "x " << systems[1]["name"].get<std::string>() << ")";
    }
  }
  out << "\n";
  if (!per_query) return;
  for (const auto& system : results["systems"]) {
    out << "\n" << system["name"].get<std::string>() << " per query:\n";
    for (const auto& [id, m] : system["per_query"].items()) row(out, "  " + id, m);
  }
}

}  // namespace km::eval
