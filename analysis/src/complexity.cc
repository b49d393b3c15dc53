#include "tunelab/analysis/complexity.h"

#include <array>
#include <cmath>
#include <set>

namespace tunelab::analysis {

std::string_view complexityName(Complexity c) {
  switch (c) {
    case Complexity::Constant: return "O(1)";
    case Complexity::Logarithmic: return "O(log n)";
    case Complexity::Linear: return "O(n)";
    case Complexity::Linearithmic: return "O(n log n)";
    case Complexity::Quadratic: return "O(n²)";
    case Complexity::Cubic: return "O(n³)";
  }
  return "?";
}

double complexityFunction(Complexity c, double n) {
  switch (c) {
    case Complexity::Constant: return 1;
    case Complexity::Logarithmic: return std::log2(n);
    case Complexity::Linear: return n;
    case Complexity::Linearithmic: return n * std::log2(n);
    case Complexity::Quadratic: return n * n;
    case Complexity::Cubic: return n * n * n;
  }
  return 0;
}

ComplexityFit fitComplexity(std::span<const double> sizes, std::span<const double> seconds) {
  ComplexityFit fit;
  const std::size_t n = std::min(sizes.size(), seconds.size());
  std::set<double> distinct;
  double meanT = 0;
  for (std::size_t i = 0; i < n; ++i) {
    if (!(sizes[i] >= 1)) return fit;  // log n must be defined and ≥ 0
    distinct.insert(sizes[i]);
    meanT += seconds[i];
  }
  if (distinct.size() < 2) return fit;
  meanT /= static_cast<double>(n);

  constexpr std::array kClasses = {Complexity::Constant, Complexity::Logarithmic, Complexity::Linear,
                                   Complexity::Linearithmic, Complexity::Quadratic, Complexity::Cubic};
  for (auto cls : kClasses) {
    // Least squares through the origin: c = Σ T·g / Σ g².
    double tg = 0, gg = 0;
    for (std::size_t i = 0; i < n; ++i) {
      const double g = complexityFunction(cls, sizes[i]);
      tg += seconds[i] * g;
      gg += g * g;
    }
    ComplexityCandidate cand;
    cand.complexity = cls;
    cand.coefficient = gg > 0 ? tg / gg : 0;
    double ss = 0;
    for (std::size_t i = 0; i < n; ++i) {
      const double r = seconds[i] - cand.coefficient * complexityFunction(cls, sizes[i]);
      ss += r * r;
    }
    cand.rms = meanT > 0 ? std::sqrt(ss / static_cast<double>(n)) / meanT : std::sqrt(ss / static_cast<double>(n));
    fit.candidates.push_back(cand);
  }
  fit.defined = true;
  fit.best = fit.candidates.front();
  for (const auto& c : fit.candidates)
    if (c.rms < fit.best.rms) fit.best = c;
  return fit;
}

}  // namespace tunelab::analysis
