#include <gtest/gtest.h>

#include <cmath>

#include "tunelab/analysis/format.h"

namespace tunelab::analysis {
namespace {

TEST(Format, DurationsPickAReadableUnitWithThreeSignificantDigits) {
  EXPECT_EQ(formatDuration(0.0103), "10.3 ms");
  EXPECT_EQ(formatDuration(950e-6), "950 µs");
  EXPECT_EQ(formatDuration(1.25), "1.25 s");
  EXPECT_EQ(formatDuration(3e-9), "3.00 ns");
  EXPECT_EQ(formatDuration(0), "0.00 ns");
}

TEST(Format, UndefinedIsNeverZero) {
  for (double v : {NAN, INFINITY}) {
    EXPECT_EQ(formatDuration(v), undefinedText());
    EXPECT_EQ(formatSpeedup(v), undefinedText());
    EXPECT_EQ(formatPercent(v, 0), undefinedText());
    EXPECT_EQ(formatMetric(v), undefinedText());
  }
}

TEST(Format, RatiosPercentagesAndMetrics) {
  EXPECT_EQ(formatSpeedup(1.386), "1.39×");
  EXPECT_EQ(formatPercent(0.6931, 0), "69%");
  EXPECT_EQ(formatPercent(0.6931, 1), "69.3%");
  EXPECT_EQ(formatRatio(1.666), "1.67");
  EXPECT_EQ(formatMetric(20), "20");
  EXPECT_EQ(formatMetric(606800.25), "6.068e+05");
}

TEST(Format, CountsAndBytesWithPrefixes) {
  EXPECT_EQ(formatCount(950), "950");
  EXPECT_EQ(formatCount(12345), "12.3 k");
  EXPECT_EQ(formatCount(4.56e6), "4.56 M");
  EXPECT_EQ(formatBytes(512), "512 B");
  EXPECT_EQ(formatBytes(1536), "1.50 KiB");
  EXPECT_EQ(formatBytes(64.0 * 1024 * 1024), "64.0 MiB");
  EXPECT_EQ(formatCount(NAN), undefinedText());
}

}  // namespace
}  // namespace tunelab::analysis
