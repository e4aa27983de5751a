#include "eval/metrics.h"

#include <gtest/gtest.h>

#include <cmath>

using namespace km::eval;

// Judgements: a (3), b (2), c (1), d (0); ranking: x a y c b.
class MetricsTest : public ::testing::Test {
 protected:
  Judgements judged_ = {{"a", 3}, {"b", 2}, {"c", 1}, {"d", 0}};
  std::vector<std::string> ranking_ = {"x", "a", "y", "c", "b"};
};

TEST_F(MetricsTest, NdcgUsesGradesAndLog2Discounts) {
  const double dcg = 3 / std::log2(3.0) + 1 / std::log2(5.0) + 2 / std::log2(6.0);
  const double idcg = 3 / std::log2(2.0) + 2 / std::log2(3.0) + 1 / std::log2(4.0);
  EXPECT_NEAR(ndcg_at(ranking_, judged_, 10), dcg / idcg, 1e-12);
  EXPECT_NEAR(ndcg_at(ranking_, judged_, 2), (3 / std::log2(3.0)) / (3 + 2 / std::log2(3.0)), 1e-12);
  EXPECT_DOUBLE_EQ(ndcg_at({"a", "b", "c"}, judged_, 10), 1.0);
}

TEST_F(MetricsTest, AveragePrecisionCountsGradeOneAndAbove) {
  // Relevant at ranks 2, 4, 5: (1/2 + 2/4 + 3/5) / 3.
  EXPECT_DOUBLE_EQ(average_precision(ranking_, judged_), (0.5 + 0.5 + 0.6) / 3);
  EXPECT_DOUBLE_EQ(average_precision({"x"}, judged_), 0.0);
}

TEST_F(MetricsTest, PrecisionRecallAndReciprocalRank) {
  EXPECT_DOUBLE_EQ(precision_at(ranking_, judged_, 10), 0.3);  // 3 relevant in a 10-deep cut
  EXPECT_DOUBLE_EQ(precision_at(ranking_, judged_, 2), 0.5);
  EXPECT_DOUBLE_EQ(recall_at(ranking_, judged_, 100), 1.0);
  EXPECT_DOUBLE_EQ(recall_at(ranking_, judged_, 3), 1.0 / 3);
  EXPECT_DOUBLE_EQ(reciprocal_rank(ranking_, judged_), 0.5);
  EXPECT_DOUBLE_EQ(reciprocal_rank({"x", "d"}, judged_), 0.0);  // grade 0 is not relevant
}

TEST_F(MetricsTest, MeanAveragesEachMetric) {
  QueryScores m = mean({{1, 1, 1, 1, 1}, {0, 0.5, 0, 0.25, 0}});
  EXPECT_DOUBLE_EQ(m.ndcg10, 0.5);
  EXPECT_DOUBLE_EQ(m.ap, 0.75);
  EXPECT_DOUBLE_EQ(m.recall100, 0.625);
}
