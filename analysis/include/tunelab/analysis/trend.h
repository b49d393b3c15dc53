#pragma once

// One benchmark across sessions (nightly runs, commits): where does a step change begin, and
// is a jump a shift or noise?
//
// Like airspeed velocity's step detection, the test weighs each point by its uncertainty: a
// session whose repetitions scatter widely counts for less than a tight one. Concretely, on
// y = ln(median) (so steps are relative), each point has the variance σᵢ² = seᵢ² + τ², where
// seᵢ is the standard error of its median (from a bootstrap interval over its repetitions,
// shrunk halfway to the typical one: a few repetitions estimate it roughly) and τ² is the scatter
// between sessions that the repetitions do not show (machine state, layout), estimated robustly
// from successive differences. The series is split into levels by exact optimal partitioning
// (dynamic programming) of the weighted squared error with a penalty per level (3·ln n, at least
// minZ²); a boundary is kept as a step only when the change between the adjacent levels is at least
// the threshold *and* at least minZ standard errors (3.5), the errors widened where the points
// scatter more than their weights claim. A level of a single point between two steps that return to
// where they came from is an excursion (one odd session), not a shift.

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "tunelab/analysis/comparison.h"
#include "tunelab/analysis/inference.h"
#include "tunelab/analysis/verdict.h"
#include "tunelab/model/run.h"

namespace tunelab::analysis {

// One point of the trend: the benchmark's run in one session (or several sessions pooled,
// e.g. every session of one git revision). The caller orders the inputs (oldest first).
struct TrendInput {
  std::string name;       // how the point is shown: a label, a revision, "session 12"
  std::string revision;   // git revision, may be empty
  std::string startedAt;  // ISO 8601
  model::Run run;         // samples of every pooled session; a failed run is shown, not fitted
};

struct TrendOptions {
  double threshold = 0.05;  // the smallest relative step reported
  double cvLimit = 0.10;    // a point with a larger CV over its repetitions is flagged noisy
  // A step must exceed this many standard errors. Not 2 or 3: the largest of the n − 1
  // possible split statistics of a steady series exceeds 3 about 5 % of the time (measured on
  // synthetic series in tests/analysis/trend_test.cc), and every step is a claim to chase.
  double minZ = 3.5;
  PrimaryMeasure measure = PrimaryMeasure::Auto;  // as in compare: simulated instructions
                                                  // where every point has them, else time
  int resamples = 1000;
  std::uint64_t seed = 0x7e1ab;
};

struct TrendPoint {
  std::string name;
  std::string revision;
  std::string startedAt;
  bool ok = false;     // false: the run failed or has no repetitions (shown, not fitted)
  std::string reason;  // why not ok
  std::size_t count = 0;
  double median = 0;
  Interval interval;      // 95 % bootstrap interval of the median
  double cv = 0;          // over the repetitions
  bool noisy = false;     // cv > cvLimit
  std::size_t level = 0;  // index into Trend::levels (ok points only)
};

struct TrendLevel {
  std::size_t first = 0, last = 0;  // indices into Trend::points, inclusive
  double value = 0;                 // weighted geometric mean of the medians
  Interval interval;                // 95 %
};

enum class StepKind { Shift, Excursion };
std::string_view stepKindName(StepKind k);  // "shift", "excursion"

struct TrendStep {
  std::size_t index = 0;   // the first point of the new level
  double ratio = 1;        // new level / previous level
  Interval ratioInterval;  // 95 %
  double z = 0;            // |ln ratio| in standard errors
  StepKind kind = StepKind::Shift;
  Verdict direction = Verdict::Slower;  // slower: the value went up
};

struct Trend {
  std::string benchmark;
  std::string measure;  // "time", "instructions (simulated)"
  std::string unit;
  TrendOptions options;
  std::vector<TrendPoint> points;
  std::vector<TrendLevel> levels;
  std::vector<TrendStep> steps;
  // τ: the relative scatter between sessions beyond what their repetitions show. Above the
  // threshold, a single session cannot separate a real change from noise.
  double betweenSessions = 0;
  std::string conclusion;  // one sentence: the shift(s), or why there is none
};

Trend analyzeTrend(const std::string& benchmark, const std::vector<TrendInput>& inputs,
                   const TrendOptions& options);

}  // namespace tunelab::analysis
