#include "tunelab/workloads/factor/generators.h"

#include <algorithm>
#include <cmath>
#include <random>

#include "tunelab/workloads/factor/blas.h"
#include "tunelab/workloads/factor/factorizations.h"

namespace tunelab::workloads::factor {
namespace {

// Generation is not measured: it uses the blocked kernels on the calling thread, quietly.
Options quiet() { return Options{Variant::Blocked, 64, nullptr, false}; }

// Geometric from 1 down to `last` over `count` values.
std::vector<double> geometric(std::size_t count, double last) {
  std::vector<double> v(count, 1.0);
  for (std::size_t i = 1; i < count; ++i)
    v[i] = std::pow(last, static_cast<double>(i) / static_cast<double>(count - 1));
  return v;
}

// U·diag(s)·Vᵀ for orthonormal U (rows × r), V (cols × r).
Matrix compose(const Matrix& u, const std::vector<double>& s, const Matrix& v) {
  Matrix us = u;
  for (std::size_t j = 0; j < s.size(); ++j)
    for (std::size_t i = 0; i < us.rows(); ++i) us(i, j) *= s[j];
  Matrix a(u.rows(), v.rows());
  gemm(Op::N, Op::T, 1.0, us.view(), v.view(), 0.0, a.view());
  return a;
}

}  // namespace

Matrix gaussian(std::size_t rows, std::size_t cols, std::uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::normal_distribution<double> normal;
  Matrix a(rows, cols);
  for (std::size_t j = 0; j < cols; ++j)
    for (std::size_t i = 0; i < rows; ++i) a(i, j) = normal(rng);
  return a;
}

Matrix randomOrthonormal(std::size_t rows, std::size_t cols, std::uint64_t seed) {
  Matrix g = gaussian(rows, cols, seed);
  std::vector<double> tau;
  qr(g.view(), tau, quiet());
  Matrix q(rows, cols);
  formQ(g.view(), tau, q.view(), quiet());
  // Householder QR leaves R's diagonal with either sign; flipping Q's columns to make it
  // positive is what makes Q Haar-distributed (Mezzadri 2007).
  for (std::size_t j = 0; j < std::min(rows, cols); ++j)
    if (g(j, j) < 0)
      for (std::size_t i = 0; i < rows; ++i) q(i, j) = -q(i, j);
  return q;
}

Matrix randomSpd(std::size_t n, double cond, std::uint64_t seed) {
  const Matrix q = randomOrthonormal(n, n, seed);
  Matrix a = compose(q, geometric(n, 1.0 / cond), q);
  // Exactly symmetric, whatever the rounding of the product.
  for (std::size_t j = 0; j < n; ++j)
    for (std::size_t i = j + 1; i < n; ++i) {
      const double s = 0.5 * (a(i, j) + a(j, i));
      a(i, j) = s;
      a(j, i) = s;
    }
  return a;
}

Matrix randomGraded(std::size_t rows, std::size_t cols, double cond, std::uint64_t seed) {
  const std::size_t r = std::min(rows, cols);
  const Matrix u = randomOrthonormal(rows, r, seed);
  const Matrix v = randomOrthonormal(cols, r, seed + 1);
  return compose(u, geometric(r, 1.0 / cond), v);
}

Matrix lowRankPlusNoise(std::size_t rows, std::size_t cols, std::size_t rank, double noise,
                        std::uint64_t seed) {
  const std::size_t r = std::min({rank, rows, cols});
  const Matrix u = randomOrthonormal(rows, r, seed);
  const Matrix v = randomOrthonormal(cols, r, seed + 1);
  Matrix a = compose(u, geometric(r, 0.1), v);
  if (noise > 0) {
    const Matrix e = gaussian(rows, cols, seed + 2);
    const double scale =
        noise / (std::sqrt(static_cast<double>(rows)) + std::sqrt(static_cast<double>(cols)));
    for (std::size_t j = 0; j < cols; ++j)
      for (std::size_t i = 0; i < rows; ++i) a(i, j) += scale * e(i, j);
  }
  return a;
}

}  // namespace tunelab::workloads::factor
