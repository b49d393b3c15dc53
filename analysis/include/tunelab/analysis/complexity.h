#pragma once

// Asymptotic complexity from a size sweep, as Google Benchmark's Complexity() does it: for
// each class g(n) the least-squares coefficient c of T(n) ≈ c·g(n), and the class whose fit
// has the smallest normalised RMS wins.

#include <span>
#include <string_view>
#include <vector>

namespace tunelab::analysis {

enum class Complexity { Constant, Logarithmic, Linear, Linearithmic, Quadratic, Cubic };

std::string_view complexityName(Complexity c);  // "O(1)", "O(log n)", "O(n)", "O(n log n)", "O(n²)", "O(n³)"
double complexityFunction(Complexity c, double n);  // g(n)

struct ComplexityCandidate {
  Complexity complexity = Complexity::Constant;
  double coefficient = 0;  // c in T(n) ≈ c·g(n), seconds per g-unit
  double rms = 0;          // root mean square residual divided by the mean time
};

struct ComplexityFit {
  bool defined = false;  // false with fewer than two distinct sizes (or sizes < 1)
  ComplexityCandidate best;
  std::vector<ComplexityCandidate> candidates;  // every class, in enum order
};

// sizes[i] and seconds[i] are one measurement each (repetitions may repeat a size).
ComplexityFit fitComplexity(std::span<const double> sizes, std::span<const double> seconds);

}  // namespace tunelab::analysis
