#pragma once

// The verdict on one measure (time, instructions, allocations …) of one benchmark between a
// baseline and a candidate: the ratio of medians with its bootstrap interval, the
// Mann–Whitney p-value, and one of four words. Every verdict carries its uncertainty.

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "tunelab/analysis/inference.h"

namespace tunelab::analysis {

// faster / slower: a significant change (p < alpha) beyond the threshold. unchanged: no
// change beyond the threshold, and the interval rules one out. noisy: neither can be said —
// the data cannot separate a change of the threshold's size from noise. undecided: the test
// could not have decided whatever the data: too few repetitions for the Mann–Whitney U test
// to reach p < alpha at all (3 against 3 can never go below p = 0.1). Never "no change".
enum class Verdict { Faster, Slower, Unchanged, Noisy, Undecided };
std::string_view verdictName(Verdict v);  // "faster", "slower", "unchanged", "noisy", "undecided"

// How a measure varies between repetitions, and so which threshold judges its change.
// Timing: the run-to-run noise of a shared machine (heavy tails, drifts) — the user's
// threshold. Deterministic: counts that repeat exactly or nearly so (valgrind's simulated
// instructions, allocations per iteration) — a tight threshold, because any change beyond
// rounding is a change of the code's work. Counter: PMU and kernel counts (cycles, cache
// misses, context switches) — as noisy as times, judged like them.
enum class NoiseModel { Timing, Deterministic, Counter };
std::string_view noiseModelName(NoiseModel m);  // "timing", "deterministic", "counter"

struct VerdictOptions {
  // Only a measure declared Deterministic may be judged by the exact rule (both medians
  // exact, no test). A timing whose repetitions happen to be equal — one repetition, or a
  // coarse clock — is still a timing: its MAD of 0 says nothing about the next run.
  NoiseModel noise = NoiseModel::Timing;
  double threshold =
      0.05;  // slower: candidate > baseline × (1 + threshold); faster: < × (1 − threshold)
  double alpha = 0.05;       // significance level of the U test
  double confidence = 0.95;  // of the ratio's interval
  int resamples = 2000;
  std::uint64_t seed = 0x7e1ab;
};

// The sentence a report prints under its table, e.g. "slower means candidate time >
// baseline × 1.05 with p < 0.05 (Mann–Whitney U, two-sided)".
std::string describeThreshold(const VerdictOptions& options, std::string_view measure);

struct MeasureComparison {
  std::size_t baselineCount = 0, candidateCount = 0;
  double baselineMedian = 0, candidateMedian = 0;
  double ratio = 0;  // candidate / baseline medians; > 1 is slower (more)
  Interval ratioInterval;
  double pValue = 1;
  bool exactTest = false;
  // A measure declared deterministic whose sides both repeat exactly in most repetitions
  // (median absolute deviation 0: simulated instruction counts, allocation counts, whose odd
  // repetition pays a one-time cost): the medians are exact, no test is needed, and any
  // change beyond the threshold is real. The interval is the ratio itself; p is 1 for equal
  // medians, else 0. Never set for timings or PMU counters.
  bool deterministic = false;
  // The smallest p-value the U test can give with these sample sizes (2 / C(n1 + n2, n1)):
  // at or above alpha the verdict is undecided. 0 where no test was needed.
  double smallestPossibleP = 0;
  Verdict verdict = Verdict::Noisy;
};

// The repetitions per side from which the U test at `alpha` can still reach significance
// with one repetition out of order (one outlier): 5 at alpha = 0.05, 6 at 0.01. What an
// undecided verdict tells the user to use.
int repetitionsToDecide(double alpha);

// "3 repetitions a side can never reach p < 0.05; use ≥ 5", or "1 repetition in the
// baseline and 10 in the candidate can never reach …": why a comparison is undecided.
std::string undecidedReason(std::size_t baselineCount, std::size_t candidateCount, double alpha);

// Compares two samples of a measure where lower is better. With either side empty the
// verdict is undecided and the ratio NaN. Below the sample sizes at which the U test can
// reach alpha the verdict is undecided, with the ratio but no interval (a bootstrap of three
// values promises a coverage it does not have). A zero baseline median gives ratio 1 against a zero
// candidate and +∞ otherwise (a count that appears: slower when significant).
MeasureComparison compareSamples(std::span<const double> baseline,
                                 std::span<const double> candidate, const VerdictOptions& options);

}  // namespace tunelab::analysis
