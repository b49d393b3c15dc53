#include "tunelab/workloads/factor/matrix.h"

#include <algorithm>
#include <cmath>

namespace tunelab::workloads::factor {

Matrix Matrix::identity(std::size_t rows, std::size_t cols) {
  Matrix m(rows, cols);
  for (std::size_t i = 0; i < std::min(rows, cols); ++i) m(i, i) = 1.0;
  return m;
}

Matrix Matrix::copyOf(ConstView v) {
  Matrix m(v.rows, v.cols);
  copy(v, m.view());
  return m;
}

void copy(ConstView src, View dst) {
  for (std::size_t j = 0; j < src.cols; ++j) std::copy_n(src.col(j), src.rows, dst.col(j));
}

void transpose(ConstView a, View b) {
  // In 32 × 32 tiles, so neither side is walked with a stride across the whole matrix.
  constexpr std::size_t kTile = 32;
  for (std::size_t j0 = 0; j0 < a.cols; j0 += kTile)
    for (std::size_t i0 = 0; i0 < a.rows; i0 += kTile)
      for (std::size_t j = j0; j < std::min(a.cols, j0 + kTile); ++j)
        for (std::size_t i = i0; i < std::min(a.rows, i0 + kTile); ++i) b(j, i) = a(i, j);
}

double maxAbs(ConstView a) {
  double m = 0;
  for (std::size_t j = 0; j < a.cols; ++j)
    for (std::size_t i = 0; i < a.rows; ++i) m = std::max(m, std::abs(a(i, j)));
  return m;
}

double frobeniusNorm(ConstView a) {
  // Scale by the largest entry only when the plain sum of squares would leave the range of a
  // double; the common case is one pass.
  double sum = 0;
  for (std::size_t j = 0; j < a.cols; ++j) {
    const double* col = a.col(j);
    for (std::size_t i = 0; i < a.rows; ++i) sum += col[i] * col[i];
  }
  if (std::isfinite(sum) && sum > 1e-280) return std::sqrt(sum);
  const double scale = maxAbs(a);
  if (scale == 0 || !std::isfinite(scale)) return scale;
  sum = 0;
  for (std::size_t j = 0; j < a.cols; ++j)
    for (std::size_t i = 0; i < a.rows; ++i) {
      const double x = a(i, j) / scale;
      sum += x * x;
    }
  return scale * std::sqrt(sum);
}

bool allFinite(ConstView a) {
  for (std::size_t j = 0; j < a.cols; ++j)
    for (std::size_t i = 0; i < a.rows; ++i)
      if (!std::isfinite(a(i, j))) return false;
  return true;
}

}  // namespace tunelab::workloads::factor
