#include "tunelab/analysis/format.h"

#include <gtest/gtest.h>

#include <cmath>

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
  // Three digits as printed, not as measured: 99 996 is 100 k, not "100.0 k".
  EXPECT_EQ(formatCount(99996), "100 k");
  EXPECT_EQ(formatCount(9999.7), "10.0 k");
  EXPECT_EQ(formatCount(999.7), "1.00 k");
  EXPECT_EQ(formatCount(999999), "1.00 M");
  EXPECT_EQ(formatBytes(1023.9), "1.00 KiB");
  EXPECT_EQ(formatDuration(99.996e-6), "100 µs");
  EXPECT_EQ(formatDuration(9.9996e-3), "10.0 ms");
  EXPECT_EQ(formatDuration(999.7e-6), "1.00 ms");
  EXPECT_EQ(formatDuration(-999.7e-6), "-1.00 ms");
  EXPECT_EQ(formatBytes(512), "512 B");
  EXPECT_EQ(formatBytes(1536), "1.50 KiB");
  EXPECT_EQ(formatBytes(64.0 * 1024 * 1024), "64.0 MiB");
  EXPECT_EQ(formatCount(NAN), undefinedText());
}

TEST(Format, ChangeRatiosPValuesAndMeasures) {
  EXPECT_EQ(formatChangeRatio(1.1312), "1.13×");
  EXPECT_EQ(formatChangeRatio(0.8744), "0.87×");
  EXPECT_EQ(formatChangeRatio(0.9512), "0.951×");
  EXPECT_EQ(formatChangeRatio(1.01), "1.010×");
  EXPECT_EQ(formatChangeRatio(1.004), "1.0040×");
  EXPECT_EQ(formatChangeRatio(NAN), undefinedText());
  EXPECT_EQ(formatPValue(0.0312), "0.031");
  EXPECT_EQ(formatPValue(0.004), "0.0040");
  EXPECT_EQ(formatPValue(2.1e-5), "2.1e-05");
  EXPECT_EQ(formatPValue(1), "1");
  EXPECT_EQ(formatPValue(NAN), undefinedText());
  EXPECT_EQ(formatMeasure(0.0103, "s"), "10.3 ms");
  EXPECT_EQ(formatMeasure(2e6, "ns"), "2.00 ms");
  EXPECT_EQ(formatMeasure(1536, "B"), "1.50 KiB");
  EXPECT_EQ(formatMeasure(1.01e8, ""), "101 M");
  EXPECT_EQ(formatMeasure(1.004e8, "", true), "100.4 M");
  EXPECT_EQ(formatMeasure(135, "", true), "135");
}

}  // namespace
}  // namespace tunelab::analysis
