#pragma once

#include <cmath>
#include <cstdint>
#include <random>

#include "tunelab/workloads/factor/matrix.h"

namespace tunelab::workloads::factor::testing {

inline Matrix randomMatrix(std::size_t rows, std::size_t cols, std::uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::uniform_real_distribution<double> u(-1.0, 1.0);
  Matrix a(rows, cols);
  for (std::size_t j = 0; j < cols; ++j)
    for (std::size_t i = 0; i < rows; ++i) a(i, j) = u(rng);
  return a;
}

// max |a_ij − b_ij| over equal shapes.
inline double maxDiff(ConstView a, ConstView b) {
  double d = 0;
  for (std::size_t j = 0; j < a.cols; ++j)
    for (std::size_t i = 0; i < a.rows; ++i) d = std::max(d, std::abs(a(i, j) - b(i, j)));
  return d;
}

inline bool identical(ConstView a, ConstView b) {
  for (std::size_t j = 0; j < a.cols; ++j)
    for (std::size_t i = 0; i < a.rows; ++i)
      if (a(i, j) != b(i, j)) return false;
  return true;
}

constexpr double kEps = 2.220446049250313e-16;

}  // namespace tunelab::workloads::factor::testing
