#include "search/signal_boost.h"

#include <algorithm>

#include "core/index_schema.h"

namespace km::search {

double signal_boost(std::string_view signals, const RankingOptions& o, const std::string& today) {
  const core::schema::Signals s = core::schema::decode_signals(signals);
  double boost = o.signal_neutral;
  if (s.status == core::Status::validated) boost += o.signal_validated;
  if (s.status == core::Status::retired) boost -= o.signal_retired;
  const long long net = static_cast<long long>(s.helpful) - s.not_helpful;
  boost += o.signal_vote * static_cast<double>(std::clamp<long long>(net, -o.signal_max_votes, o.signal_max_votes));
  if (!s.review_by.empty() && s.review_by < today) boost -= o.signal_stale;
  return std::max(0.0, boost);
}

}  // namespace km::search
