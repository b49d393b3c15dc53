#include "tunelab/analysis/scaling_model.h"

#include <cmath>
#include <limits>
#include <set>

namespace tunelab::analysis {
namespace {
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
}

AmdahlFit fitAmdahl(std::span<const int> workers, std::span<const double> seconds) {
  AmdahlFit fit;
  fit.serialFractionInterval = {kNaN, kNaN};
  const std::size_t n = std::min(workers.size(), seconds.size());
  std::set<int> distinct;
  for (std::size_t i = 0; i < n; ++i)
    if (workers[i] >= 1) distinct.insert(workers[i]);
  if (distinct.size() < kMinAmdahlWorkerCounts) return fit;

  // Ordinary least squares of T on x = 1/p.
  double sx = 0, sy = 0;
  std::size_t m = 0;
  for (std::size_t i = 0; i < n; ++i) {
    if (workers[i] < 1) continue;
    sx += 1.0 / workers[i];
    sy += seconds[i];
    ++m;
  }
  const double xbar = sx / static_cast<double>(m), ybar = sy / static_cast<double>(m);
  double sxx = 0, sxy = 0, syy = 0;
  for (std::size_t i = 0; i < n; ++i) {
    if (workers[i] < 1) continue;
    const double dx = 1.0 / workers[i] - xbar, dy = seconds[i] - ybar;
    sxx += dx * dx;
    sxy += dx * dy;
    syy += dy * dy;
  }
  const double b = sxy / sxx;        // T1·(1 − f)
  const double a = ybar - b * xbar;  // T1·f
  double ssres = 0;
  for (std::size_t i = 0; i < n; ++i) {
    if (workers[i] < 1) continue;
    const double r = seconds[i] - (a + b / workers[i]);
    ssres += r * r;
  }
  fit.defined = true;
  fit.points = m;
  fit.t1 = a + b;
  fit.serialFraction = a / (a + b);
  fit.rSquared = syy > 0 ? 1 - ssres / syy : 1;
  fit.ceiling =
      fit.serialFraction > 0 ? 1 / fit.serialFraction : std::numeric_limits<double>::infinity();

  const int dof = static_cast<int>(m) - 2;
  if (dof >= 1) {
    const double s2 = ssres / dof;
    const double varB = s2 / sxx;
    const double varA = s2 * (1.0 / static_cast<double>(m) + xbar * xbar / sxx);
    const double covAB = -xbar * s2 / sxx;
    const double t1sq = (a + b) * (a + b);
    const double ga = b / t1sq, gb = -a / t1sq;  // ∂f/∂a, ∂f/∂b
    const double varF = ga * ga * varA + gb * gb * varB + 2 * ga * gb * covAB;
    const double half = studentTQuantile(0.95, dof) * std::sqrt(std::max(0.0, varF));
    fit.serialFractionInterval = {fit.serialFraction - half, fit.serialFraction + half};
  }
  return fit;
}

double amdahlSpeedup(double f, int p) {
  if (p < 1) return kNaN;
  return 1 / (f + (1 - f) / p);
}

double karpFlatt(double speedup, int p) {
  if (p <= 1 || !(speedup > 0)) return kNaN;
  const double invP = 1.0 / p;
  return (1 / speedup - invP) / (1 - invP);
}

double gustafsonSpeedup(double f, int p) {
  if (p < 1) return kNaN;
  return p - f * (p - 1);
}

double scaledSpeedup(double t1, double tp, int p) {
  if (p < 1 || !(tp > 0)) return kNaN;
  return p * t1 / tp;
}

}  // namespace tunelab::analysis
