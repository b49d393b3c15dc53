#pragma once

// Asymptotic complexity from a size sweep, in the spirit of Google Benchmark's Complexity():
// for each class g(n) a coefficient c with T(n) ≈ c·g(n), and the class that fits best.
//
// One deliberate difference: Google Benchmark minimises the absolute residuals, so the
// largest size decides the fit and the small sizes barely count. Times of a sweep span
// orders of magnitude and their noise is multiplicative (a few percent of each time), so
// tunelab minimises the *relative* residuals Σ((T − c·g)/T)² instead: every size weighs
// the same, and the RMS is a fraction of the time ("fits within 3 %").

#include <map>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "tunelab/model/run.h"

namespace tunelab::analysis {

enum class Complexity { Constant, Logarithmic, Linear, Linearithmic, Quadratic, Cubic };

std::string_view complexityName(
    Complexity c);  // "O(1)", "O(log n)", "O(n)", "O(n log n)", "O(n²)", "O(n³)"
double complexityFunction(Complexity c, double n);  // g(n), log base 2

struct ComplexityCandidate {
  Complexity complexity = Complexity::Constant;
  double coefficient = 0;  // c in T(n) ≈ c·g(n), seconds per g-unit
  double rms = 0;          // root mean square of the relative residuals (T − c·g)/T
};

struct ComplexityFit {
  // false with fewer than two distinct sizes, a size below 1 (log n must be ≥ 0) or a time
  // that is not positive; then nothing else is set.
  bool defined = false;
  ComplexityCandidate best;
  std::vector<ComplexityCandidate> candidates;  // every class, in enum order
  // The best class's RMS divided by the runner-up's: near 1 means the sweep cannot tell the
  // two apart (widen the range of sizes); small means a clear winner.
  double margin = 0;
};

// sizes[i] and seconds[i] are one measurement each (a size may repeat).
ComplexityFit fitComplexity(std::span<const double> sizes, std::span<const double> seconds);

// What the candidate predicts at size n.
double predictTime(const ComplexityCandidate& c, double n);

// The runs of one workload/variant/worker count whose parameters differ only in one numeric
// parameter: a size sweep (`tunelab run W -p n=1000,10000,100000`).
struct ComplexitySweep {
  std::string workload;
  std::string variant;
  int workers = 1;
  std::string sizeParam;              // "n"
  std::string fixedParams;            // the other parameters, formatted "d:8/k:8"
  std::vector<double> sizes;          // distinct, ascending
  std::vector<double> medianSeconds;  // median wall time per execution at each size
  ComplexityFit fit;                  // over the medians, one point per size
};

// Every size sweep in a session with at least three distinct sizes (two sizes cannot tell
// n from n log n). Failed runs are left out. A session sweeping two parameters gives a sweep
// over each for every value of the other. Where a workload declares which parameters size
// its work (`sizeParams`: workload → its workExponents' keys, non-empty), only those are
// swept: the stream workload's rate and batch are numbers, but T(rate) is no complexity.
std::vector<ComplexitySweep> complexitySweeps(
    const std::vector<model::Run>& runs,
    const std::map<std::string, std::vector<std::string>>& sizeParams = {});

}  // namespace tunelab::analysis
