#pragma once

// Models of parallel scaling over measured times: Amdahl's law fitted to a thread or rank
// sweep, the Karp–Flatt experimentally determined serial fraction, and Gustafson's scaled
// speedup. Pure functions; see docs/ANALYSIS.md for the formulas and their assumptions.

#include <cstddef>
#include <span>

#include "tunelab/analysis/inference.h"

namespace tunelab::analysis {

// Amdahl's law T(p) = T1 · (f + (1 − f)/p) fitted by least squares to (p, T) points —
// one per sample, so repetitions weigh in and the fit has an uncertainty. The model is
// linear in a = T1·f and b = T1·(1 − f) over x = 1/p; f = a/(a + b) with a 95 % interval
// from the delta method and Student's t. `defined` is false with fewer than three distinct p
// (kMinAmdahlWorkerCounts; then nothing is defined): a line through two worker counts fits
// any two times, so its f (−0.94 or 3.79 were seen), its "interval" and an R² of 0.99 would
// describe the repetitions' scatter, not the law. With two counts, Karp–Flatt's e(p) is
// what the data support. The interval is undefined (NaN) with fewer than three points.
// f is reported as fitted, even outside [0, 1] (super-linear speedup gives f < 0; a
// slowdown with more workers f > 1): clamping would hide what the data say.
struct AmdahlFit {
  bool defined = false;
  double serialFraction = 0;  // f
  Interval serialFractionInterval;
  double t1 = 0;        // fitted T(1), seconds
  double rSquared = 0;  // of the fit to the points
  double ceiling = 0;   // predicted maximal speedup 1/f; +∞ when f ≤ 0
  std::size_t points = 0;
};
inline constexpr std::size_t kMinAmdahlWorkerCounts = 3;
AmdahlFit fitAmdahl(std::span<const int> workers, std::span<const double> seconds);

// The speedup Amdahl's law predicts at p workers for a serial fraction f.
double amdahlSpeedup(double serialFraction, int workers);

// Karp–Flatt metric e = (1/S − 1/p) / (1 − 1/p): the serial fraction that would explain a
// measured speedup S at p workers. Growing e with p points at parallel overhead rather than
// at inherently serial work. NaN for p ≤ 1 or S ≤ 0.
double karpFlatt(double speedup, int workers);

// Gustafson's scaled speedup p − f·(p − 1) for weak scaling (the problem grows with p), and
// the speedup measured in a weak-scaling sweep: p · T(1, n₁) / T(p, p·n₁).
double gustafsonSpeedup(double serialFraction, int workers);
double scaledSpeedup(double t1, double tp, int workers);

}  // namespace tunelab::analysis
