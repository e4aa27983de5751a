#include "search/signal_boost.h"

#include <algorithm>
#include <sstream>

namespace km::search {

double signal_boost(const std::string& signals, const RankingOptions& o, const std::string& today) {
  std::istringstream in(signals);
  std::string status, helpful, not_helpful, review_by;
  std::getline(in, status, '|');
  std::getline(in, helpful, '|');
  std::getline(in, not_helpful, '|');
  std::getline(in, review_by, '|');
  double boost = o.signal_neutral;
  if (status == "validated") boost += o.signal_validated;
  if (status == "retired") boost -= o.signal_retired;
  const int net = (helpful.empty() ? 0 : std::stoi(helpful)) - (not_helpful.empty() ? 0 : std::stoi(not_helpful));
  boost += o.signal_vote * std::clamp(net, -o.signal_max_votes, o.signal_max_votes);
  if (!review_by.empty() && review_by < today) boost -= o.signal_stale;
  return std::max(0.0, boost);
}

}  // namespace km::search
