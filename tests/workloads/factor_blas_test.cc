#include <gtest/gtest.h>

#include <limits>
#include <tuple>

#include "factor_test_util.h"
#include "tunelab/workloads/factor/blas.h"
#include "tunelab/workloads/worker_pool.h"

namespace tunelab::workloads::factor {
namespace {

using testing::kEps;
using testing::maxDiff;
using testing::randomMatrix;

// Runs the body once per kernel this CPU has, and restores the default afterwards.
template <class F>
void forEachIsa(F&& body) {
  const Isa original = activeIsa();
  for (Isa isa : {Isa::Generic, Isa::Avx2Fma}) {
    if (!setIsa(isa)) continue;
    SCOPED_TRACE(isaName(isa));
    body();
  }
  setIsa(original);
}

Matrix operand(Op op, std::size_t rows, std::size_t cols, std::uint64_t seed) {
  return op == Op::N ? randomMatrix(rows, cols, seed) : randomMatrix(cols, rows, seed);
}

TEST(FactorGemm, MatchesTheTripleLoopForEveryShapeAndTransposition) {
  // Edges of the micro-tile (8 × 6), of the blocks (mc = 192, kc = 256) and degenerate sizes.
  const std::size_t sizes[] = {1, 5, 8, 13, 193, 300};
  forEachIsa([&] {
    for (Op ta : {Op::N, Op::T})
      for (Op tb : {Op::N, Op::T})
        for (std::size_t m : sizes)
          for (std::size_t n : {std::size_t{1}, std::size_t{7}, std::size_t{61}})
            for (std::size_t k : {std::size_t{1}, std::size_t{9}, std::size_t{300}}) {
              SCOPED_TRACE(::testing::Message() << "m=" << m << " n=" << n << " k=" << k
                                                << " ta=" << int(ta) << " tb=" << int(tb));
              const Matrix a = operand(ta, m, k, 1), b = operand(tb, k, n, 2);
              Matrix c = randomMatrix(m, n, 3), ref = c;
              gemm(ta, tb, -0.5, a.view(), b.view(), 2.0, c.view());
              gemmNaive(ta, tb, -0.5, a.view(), b.view(), 2.0, ref.view());
              ASSERT_LE(maxDiff(c.view(), ref.view()), 4 * static_cast<double>(k) * kEps);
            }
  });
}

TEST(FactorGemm, BetaZeroIgnoresNaNsInC) {
  const Matrix a = randomMatrix(20, 10, 1), b = randomMatrix(10, 30, 2);
  Matrix c(20, 30), ref(20, 30);
  for (std::size_t j = 0; j < 30; ++j)
    for (std::size_t i = 0; i < 20; ++i) c(i, j) = std::numeric_limits<double>::quiet_NaN();
  gemm(Op::N, Op::N, 1.0, a.view(), b.view(), 0.0, c.view());
  gemmNaive(Op::N, Op::N, 1.0, a.view(), b.view(), 0.0, ref.view());
  EXPECT_LE(maxDiff(c.view(), ref.view()), 1e-14);
}

TEST(FactorGemm, LowerTouchesOnlyTheLowerTriangle) {
  forEachIsa([&] {
    for (std::size_t n : {std::size_t{1}, std::size_t{9}, std::size_t{50}, std::size_t{250}}) {
      const Matrix a = randomMatrix(n, 37, 4);
      Matrix c = randomMatrix(n, n, 5), full = c;
      gemmLower(Op::N, Op::T, -1.0, a.view(), a.view(), 1.0, c.view());
      gemm(Op::N, Op::T, -1.0, a.view(), a.view(), 1.0, full.view());
      const Matrix before = randomMatrix(n, n, 5);
      for (std::size_t j = 0; j < n; ++j)
        for (std::size_t i = 0; i < n; ++i) {
          if (i >= j) {
            ASSERT_NEAR(c(i, j), full(i, j), 1e-13) << i << "," << j;
          } else {
            ASSERT_EQ(c(i, j), before(i, j)) << "upper entry " << i << "," << j << " changed";
          }
        }
    }
  });
}

TEST(FactorGemm, ParallelSplitsGiveTheSameBits) {
  const Matrix a = randomMatrix(301, 123, 6), b = randomMatrix(123, 77, 7);
  Matrix serial(301, 77);
  gemm(Op::N, Op::N, 1.0, a.view(), b.view(), 0.0, serial.view());
  for (int p : {2, 3}) {
    WorkerPool pool(p);
    Matrix c(301, 77), wide(77, 301);
    gemmParallel(&pool, Op::N, Op::N, 1.0, a.view(), b.view(), 0.0, c.view());
    EXPECT_TRUE(testing::identical(c.view(), serial.view())) << "p=" << p;
    // A wide C is split by columns instead.
    Matrix wideSerial(77, 301);
    gemm(Op::T, Op::T, 1.0, b.view(), a.view(), 0.0, wideSerial.view());
    gemmParallel(&pool, Op::T, Op::T, 1.0, b.view(), a.view(), 0.0, wide.view());
    EXPECT_TRUE(testing::identical(wide.view(), wideSerial.view())) << "p=" << p;
  }
}

TEST(FactorTrsm, SolvesBothTriangularSystems) {
  for (std::size_t n :
       {std::size_t{1}, std::size_t{7}, std::size_t{16}, std::size_t{17}, std::size_t{100}}) {
    SCOPED_TRACE(n);
    // Well-conditioned triangles: a dominant diagonal.
    Matrix l = randomMatrix(n, n, 8);
    for (std::size_t j = 0; j < n; ++j) {
      for (std::size_t i = 0; i < j; ++i) l(i, j) = 0;
      l(j, j) = 2.0 + std::abs(l(j, j));
    }
    for (std::size_t j = 0; j < n; ++j)
      for (std::size_t i = j + 1; i < n; ++i) l(i, j) /= static_cast<double>(n);
    // Left, unit diagonal: L·X = B.
    const Matrix b = randomMatrix(n, 33, 9);
    Matrix x = b;
    trsmLowerUnitLeft(l.view(), x.view());
    Matrix unit = l;
    for (std::size_t j = 0; j < n; ++j) unit(j, j) = 1.0;
    Matrix back(n, 33);
    gemmNaive(Op::N, Op::N, 1.0, unit.view(), x.view(), 0.0, back.view());
    EXPECT_LE(maxDiff(back.view(), b.view()), 1e-13);
    // Right, transposed: X·Lᵀ = B2.
    const Matrix b2 = randomMatrix(41, n, 10);
    Matrix x2 = b2;
    trsmLowerTransRight(l.view(), x2.view());
    Matrix back2(41, n);
    gemmNaive(Op::N, Op::T, 1.0, x2.view(), l.view(), 0.0, back2.view());
    EXPECT_LE(maxDiff(back2.view(), b2.view()), 1e-13);
  }
}

}  // namespace
}  // namespace tunelab::workloads::factor
