#include "search/signal_boost.h"

#include <algorithm>
#include <sstream>

#include "core/index_schema.h"

namespace km::search {

SignalBoost::SignalBoost(const RankingOptions& options, std::string today)
    : Xapian::ValuePostingSource(core::schema::kSignalsSlot), options_(options), today_(std::move(today)) {}

double SignalBoost::boost_of(const std::string& signals, const RankingOptions& o, const std::string& today) {
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

double SignalBoost::get_weight() const { return boost_of(get_value(), options_, today_); }

SignalBoost* SignalBoost::clone() const { return new SignalBoost(options_, today_); }

void SignalBoost::init(const Xapian::Database& database) {
  Xapian::ValuePostingSource::init(database);
  set_maxweight(options_.signal_neutral + options_.signal_validated + options_.signal_vote * options_.signal_max_votes);
}

}  // namespace km::search
