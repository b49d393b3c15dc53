#pragma once

// Baseline against candidate, benchmark by benchmark: what `tunelab compare`, its Markdown /
// JUnit / JSON outputs and the GUI's compare view all render. compare() computes a
// Comparison value; nothing downstream computes a statistic of its own.
//
// Per benchmark (runs matched by name) every measure both sides have is compared with
// compareSamples(): the ratio of medians with its bootstrap interval, the Mann–Whitney
// p-value and a verdict, judged by the noise model that fits the measure. One measure is
// primary — simulated instruction counts where both sides have them (deterministic, the
// stable signal on a noisy machine), else wall time — and decides the benchmark's verdict
// and the exit code; the others explain it.

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "tunelab/analysis/verdict.h"
#include "tunelab/model/run.h"
#include "tunelab/model/session.h"

namespace tunelab::analysis {

// Which measure decides the verdict.
enum class PrimaryMeasure {
  Auto,  // simulated instructions where both sides have them, else wall time
  WallTime,
  CpuTime,
  Instructions,  // simulated, else hardware instructions; wall time where neither exists
};

struct CompareOptions {
  double threshold = 0.05;        // times and noisy counters: the relative change that matters
  double countThreshold = 0.005;  // deterministic counts: tight, since they do not jitter
  double alpha = 0.05;
  double confidence = 0.95;
  int resamples = 2000;
  std::uint64_t seed = 0x7e1ab;
  PrimaryMeasure primary = PrimaryMeasure::Auto;
  // Parameters left out when matching runs by name: to compare extra=0 against extra=10 of
  // a workload, or one allocator's parameter value against another's.
  std::vector<std::string> ignoreParams;
  // How many moved measures explain a regression.
  std::size_t explanationSize = 3;
  // An undecided primary verdict (too few repetitions for the test) is a gate failure of
  // its own kind unless allowed: the reports say so, JUnit marks it an error, and the exit
  // code is kExitUndecided. Allowed, it is reported and skipped.
  bool allowUndecided = false;
};

// One source of runs: a session of a database, or an imported Google Benchmark file.
struct CompareSide {
  std::string source;  // as the user named it: "tunelab.db:3", "other.db:nightly", "main.json"
  model::Session session;
  std::vector<model::Run> runs;
};

// One measure of one benchmark, compared.
struct MeasureResult {
  std::string measure;  // "time", "cpu time", "instructions (simulated)", "allocations/iteration" …
  std::string unit;     // "s", "B" or "" for counts
  NoiseModel noise = NoiseModel::Timing;
  double threshold = 0;  // the one applied (from the noise model)
  MeasureComparison result;
};

// A measure that moved, for the explanation of a regression: "+35 % allocations/iteration".
struct Movement {
  std::string measure;
  double ratio = 1;
  Verdict verdict = Verdict::Unchanged;
};

enum class BenchmarkStatus {
  Compared,
  OnlyInBaseline,     // removed (or renamed) in the candidate
  OnlyInCandidate,    // new in the candidate
  FailedInCandidate,  // the candidate run failed: a regression
  FailedInBaseline,   // nothing to compare against; the candidate's run is fine
};
std::string_view benchmarkStatusName(BenchmarkStatus s);  // "compared", "only in baseline" …

struct BenchmarkComparison {
  std::string name;  // the matching key: the run name with ignored parameters left out
  BenchmarkStatus status = BenchmarkStatus::Compared;
  std::string reason;                    // why a run failed, where one did
  MeasureResult primary;                 // meaningful when status is Compared
  std::vector<MeasureResult> secondary;  // every other measure both sides have
  // For a slower (or faster) primary verdict: the secondary measures whose own verdict is a
  // change, largest |log ratio| first, at most CompareOptions::explanationSize.
  std::vector<Movement> explanation;

  bool regression() const {
    return status == BenchmarkStatus::FailedInCandidate ||
           (status == BenchmarkStatus::Compared && primary.result.verdict == Verdict::Slower);
  }
};

// The geometric mean of the primary ratios of one measure, with a bootstrap interval made
// round by round from every benchmark's replicates.
struct GeometricMean {
  std::string measure;
  std::size_t benchmarks = 0;
  double ratio = 1;
  Interval interval;
};

struct ComparisonSummary {
  std::size_t compared = 0, faster = 0, slower = 0, unchanged = 0, noisy = 0, undecided = 0;
  // Why the first undecided benchmark is undecided: "3 repetitions a side can never reach
  // p < 0.05; use ≥ 5". Empty when none is.
  std::string undecidedReason;
  std::size_t onlyInBaseline = 0, onlyInCandidate = 0, failedInCandidate = 0, failedInBaseline = 0;
  std::size_t regressions = 0;                // slower + failed in candidate
  std::vector<GeometricMean> geometricMeans;  // one per primary measure in use
};

// What describes a side in a report header.
struct SideInfo {
  std::string source;
  std::string label;
  std::string gitRevision;
  std::string startedAt;
  std::string host;
};

struct Comparison {
  SideInfo baseline, candidate;
  CompareOptions options;
  std::vector<BenchmarkComparison> benchmarks;  // in the baseline's run order, then new ones
  ComparisonSummary summary;
  // The thresholds in words, one sentence per noise model in use:
  // "slower means candidate time > baseline × 1.05 with p < 0.05 …".
  std::vector<std::string> thresholdText;
  // What a reader should know: different hosts or builds, a loaded machine, duplicates.
  std::vector<std::string> notes;

  bool hasRegression() const { return summary.regressions > 0; }
  bool hasUndecided() const { return summary.undecided > 0; }
};

Comparison compare(const CompareSide& baseline, const CompareSide& candidate,
                   const CompareOptions& options);

// The parameters whose values keep benchmarks apart: keys of the "key:value" parts of the names
// found only in the baseline and only in the candidate, with other values on the other side
// (or on one side only). Leaving them out (CompareOptions::ignoreParams) may match those
// benchmarks; what a GUI offers as checkboxes. Thread and rank counts are never offered.
std::vector<std::string> unmatchedParamKeys(const Comparison& comparison);

// The order reports list benchmarks in: regressions first (failed, then slower by ratio,
// largest first), then undecided, faster, noisy, unchanged, and those present on one side
// only.
std::vector<std::size_t> reportOrder(const Comparison& comparison);

// "+35 % allocations/iteration", "2.1× cache-misses", "−12 % time": how a movement reads.
std::string describeMovement(const Movement& m);

// The measures of one run with their per-repetition values (per execution), as compare()
// sees them. Exposed for the trend view and tests.
struct MeasureSamples {
  std::string measure;
  std::string unit;
  NoiseModel noise = NoiseModel::Timing;
  std::vector<double> values;
};
std::vector<MeasureSamples> measuresOf(const model::Run& run);

// The key runs are matched by: the run's name with `ignoreParams` left out.
std::string matchKey(const model::Run& run, const std::vector<std::string>& ignoreParams);

}  // namespace tunelab::analysis
