#include "tunelab/analysis/statistics.h"

#include <gtest/gtest.h>

#include <cmath>
#include <vector>

namespace tunelab::analysis {
namespace {

TEST(Statistics, MedianOfOddAndEvenCounts) {
  std::vector<double> odd = {5, 1, 3};
  std::vector<double> even = {4, 1, 3, 2};
  EXPECT_DOUBLE_EQ(median(odd), 3);
  EXPECT_DOUBLE_EQ(median(even), 2.5);
}

TEST(Statistics, SampleStddevUsesNMinusOne) {
  std::vector<double> xs = {2, 4, 4, 4, 5, 5, 7, 9};  // population sd 2, sample sd sqrt(32/7)
  EXPECT_DOUBLE_EQ(mean(xs), 5);
  EXPECT_DOUBLE_EQ(stddev(xs), std::sqrt(32.0 / 7.0));
  EXPECT_DOUBLE_EQ(coefficientOfVariation(xs), std::sqrt(32.0 / 7.0) / 5);
}

TEST(Statistics, DegenerateCasesAreSpelledOut) {
  std::vector<double> none;
  std::vector<double> one = {3};
  std::vector<double> zeros = {0, 0};
  EXPECT_TRUE(std::isnan(mean(none)));
  EXPECT_TRUE(std::isnan(median(none)));
  EXPECT_TRUE(std::isnan(stddev(none)));
  EXPECT_TRUE(std::isnan(minimum(none)));
  EXPECT_EQ(stddev(one), 0);
  EXPECT_EQ(median(one), 3);
  EXPECT_TRUE(std::isnan(coefficientOfVariation(zeros)));
}

TEST(Statistics, SummaryAgreesWithTheFunctions) {
  std::vector<double> xs = {0.012, 0.010, 0.011, 0.013, 0.010};
  auto s = summarize(xs);
  EXPECT_EQ(s.count, 5u);
  EXPECT_DOUBLE_EQ(s.min, 0.010);
  EXPECT_DOUBLE_EQ(s.max, 0.013);
  EXPECT_DOUBLE_EQ(s.median, 0.011);
  EXPECT_DOUBLE_EQ(s.mean, mean(xs));
  EXPECT_DOUBLE_EQ(s.stddev, stddev(xs));
}

}  // namespace
}  // namespace tunelab::analysis
