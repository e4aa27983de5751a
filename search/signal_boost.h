#pragma once
// SignalBoost: the customer's voice in the ranking. A Xapian posting source that adds to each
// matching document a weight computed from its signals value (core/index_schema.h
// kSignalsSlot): validated above draft, helpful votes up, not-helpful votes down, items past
// their review date and retired items down. Weights are never negative (Xapian requires it), so
// "down" means "less than the neutral boost every plain item gets". Used through
// OP_AND_MAYBE: it reorders matches, never adds any. One instance per query; not thread-safe.
#include <xapian.h>

#include <string>

#include "search/ranking.h"

namespace km::search {

class SignalBoost : public Xapian::ValuePostingSource {
 public:
  SignalBoost(const RankingOptions& options, std::string today);
  double get_weight() const override;
  SignalBoost* clone() const override;
  void init(const Xapian::Database& database) override;
  std::string name() const override { return "km::SignalBoost"; }

  // The boost of one signals value (exposed for tests).
  static double boost_of(const std::string& signals, const RankingOptions& options, const std::string& today);

 private:
  RankingOptions options_;
  std::string today_;
};

}  // namespace km::search
