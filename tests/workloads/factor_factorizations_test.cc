#include <gtest/gtest.h>

#include <memory>

#include "factor_test_util.h"
#include "tunelab/workloads/factor/checks.h"
#include "tunelab/workloads/factor/factorizations.h"
#include "tunelab/workloads/factor/generators.h"
#include "tunelab/workloads/worker_pool.h"

// Each factorization against its definition (residual, orthogonality) and against LAPACK
// (the `lapack` variant, OpenBLAS) as oracle, over shapes that exercise partial blocks and
// conditionings from benign to 1e8–1e10. Small blocks (24) so that blocking, partial panels
// and the 3-thread split all happen at test sizes.
namespace tunelab::workloads::factor {
namespace {

using testing::kEps;
using testing::maxDiff;

constexpr Variant kOwn[] = {Variant::Naive, Variant::Blocked, Variant::Parallel};
constexpr Variant kAll[] = {Variant::Naive, Variant::Blocked, Variant::Parallel, Variant::Lapack};

class Factor : public ::testing::Test {
 protected:
  Options options(Variant v) {
    Options o;
    o.variant = v;
    o.block = 24;
    o.pool = v == Variant::Parallel ? &m_pool : nullptr;
    o.regions = false;
    return o;
  }
  WorkerPool m_pool{3};
};

double dn(std::size_t n) { return static_cast<double>(n); }

TEST_F(Factor, CholeskyMatchesItsDefinitionAndLapack) {
  for (std::size_t n : {1, 5, 64, 97, 200})
    for (double cond : {10.0, 1e8}) {
      const Matrix a = randomSpd(n, cond, n);
      Matrix ref = a;
      ASSERT_FALSE(cholesky(ref.view(), options(Variant::Lapack)));
      for (Variant v : kAll) {
        SCOPED_TRACE(::testing::Message() << variantName(v) << " n=" << n << " cond=" << cond);
        Matrix l = a;
        ASSERT_FALSE(cholesky(l.view(), options(v)));
        EXPECT_LE(choleskyResidual(a.view(), l.view()), 1e-12 * dn(n));
        // L is determined by A; its perturbation grows with κ(A).
        double diff = 0;
        for (std::size_t j = 0; j < n; ++j)
          for (std::size_t i = j; i < n; ++i) diff = std::max(diff, std::abs(l(i, j) - ref(i, j)));
        EXPECT_LE(diff, 10 * dn(n) * kEps * cond);
      }
    }
}

TEST_F(Factor, CholeskyNamesTheFailingPivotInEveryVariant) {
  Matrix a = randomSpd(30, 10, 3);
  a(13, 13) = -1.0;  // the leading minors of order <= 13 stay positive definite
  for (Variant v : kAll) {
    SCOPED_TRACE(variantName(v));
    Matrix w = a;
    auto b = cholesky(w.view(), options(v));
    ASSERT_TRUE(b.has_value());
    EXPECT_EQ(b->column, 13u);
    if (v != Variant::Lapack) {
      ASSERT_TRUE(b->pivot.has_value());
      EXPECT_LT(*b->pivot, 0.0);
    }
  }
}

TEST_F(Factor, LuMatchesItsDefinitionAndLapackPivotForPivot) {
  for (std::size_t n : {1, 5, 64, 97, 200})
    for (double cond : {0.0, 1e10}) {
      // cond 0: Gaussian entries; otherwise singular values from 1 to 1/cond.
      const Matrix a = cond == 0 ? gaussian(n, n, n) : randomGraded(n, n, cond, n);
      Matrix ref = a;
      std::vector<std::size_t> refPiv;
      ASSERT_FALSE(lu(ref.view(), refPiv, options(Variant::Lapack)));
      for (Variant v : kAll) {
        SCOPED_TRACE(::testing::Message() << variantName(v) << " n=" << n << " cond=" << cond);
        Matrix f = a;
        std::vector<std::size_t> piv;
        ASSERT_FALSE(lu(f.view(), piv, options(v)));
        EXPECT_LE(luResidual(a.view(), f.view(), piv), 1e-12 * dn(n));
        EXPECT_EQ(piv, refPiv);
        const double scale = cond == 0 ? 1.0 : cond;
        EXPECT_LE(maxDiff(f.view(), ref.view()),
                  100 * dn(n) * kEps * scale * (1 + maxAbs(a.view())));
      }
    }
}

TEST_F(Factor, LuReportsTheFirstZeroPivotAndProducesNoNaN) {
  Matrix a = gaussian(40, 40, 7);
  for (std::size_t i = 0; i < 40; ++i) a(i, 29) = 0.0;  // column 29 is zero: pivot 29 is 0
  for (Variant v : kAll) {
    SCOPED_TRACE(variantName(v));
    Matrix f = a;
    std::vector<std::size_t> piv;
    auto b = lu(f.view(), piv, options(v));
    ASSERT_TRUE(b.has_value());
    EXPECT_EQ(b->column, 29u);
    EXPECT_TRUE(allFinite(f.view()));
  }
}

TEST_F(Factor, QrMatchesItsDefinitionAndLapackOnTallSquareAndWide) {
  const std::pair<std::size_t, std::size_t> shapes[] = {{1, 1},    {5, 3},    {3, 5},    {64, 64},
                                                        {200, 97}, {97, 200}, {150, 150}};
  for (auto [m, n] : shapes)
    for (double cond : {10.0, 1e8}) {
      const Matrix a = randomGraded(m, n, cond, m + n);
      Matrix ref = a;
      std::vector<double> refTau;
      qr(ref.view(), refTau, options(Variant::Lapack));
      const std::size_t k = std::min(m, n);
      for (Variant v : kAll) {
        SCOPED_TRACE(::testing::Message()
                     << variantName(v) << " " << m << "x" << n << " cond=" << cond);
        Matrix f = a;
        std::vector<double> tau;
        qr(f.view(), tau, options(v));
        Matrix q(m, k);
        formQ(f.view(), tau, q.view(), options(v));
        const double tol = 1e-12 * dn(std::max(m, n));
        EXPECT_LE(qrResidual(a.view(), q.view(), f.view()), tol);
        EXPECT_LE(orthogonality(q.view()), tol);
        // Householder with LAPACK's sign convention gives the same R; rounding grows with κ.
        double diff = 0;
        for (std::size_t j = 0; j < n; ++j)
          for (std::size_t i = 0; i <= std::min(j, k - 1); ++i)
            diff = std::max(diff, std::abs(f(i, j) - ref(i, j)));
        EXPECT_LE(diff, 100 * dn(m + n) * kEps * cond);
      }
    }
}

TEST_F(Factor, SvdMatchesItsDefinitionAndLapacksSingularValues) {
  const std::pair<std::size_t, std::size_t> shapes[] = {{1, 1},   {6, 4},    {4, 6},
                                                        {80, 80}, {150, 60}, {60, 150}};
  for (auto [m, n] : shapes)
    for (double cond : {10.0, 1e8}) {
      const Matrix a = randomGraded(m, n, cond, 3 * m + n);
      const SvdResult ref = svd(a.view(), options(Variant::Lapack));
      for (Variant v : kAll) {
        SCOPED_TRACE(::testing::Message()
                     << variantName(v) << " " << m << "x" << n << " cond=" << cond);
        const SvdResult r = svd(a.view(), options(v));
        ASSERT_TRUE(r.converged);
        ASSERT_EQ(r.s.size(), std::min(m, n));
        ASSERT_EQ(r.u.rows(), m);
        ASSERT_EQ(r.v.rows(), n);
        const double tol = 1e-12 * dn(std::max(m, n));
        EXPECT_LE(svdResidual(a.view(), r), tol);
        EXPECT_LE(orthogonality(r.u.view()), tol);
        EXPECT_LE(orthogonality(r.v.view()), tol);
        for (std::size_t i = 0; i < r.s.size(); ++i) {
          EXPECT_NEAR(r.s[i], ref.s[i], 10 * dn(m + n) * kEps * ref.s[0]) << "σ" << i;
          if (i > 0) {
            EXPECT_GE(r.s[i - 1], r.s[i]);
          }
        }
      }
    }
}

TEST_F(Factor, SvdOfARankDeficientMatrixStaysOrthonormalWithoutNaN) {
  // Exactly rank 3 (no noise) and a zero column: most singular values are (nearly) zero.
  Matrix a = lowRankPlusNoise(40, 30, 3, 0.0, 5);
  for (std::size_t i = 0; i < 40; ++i) a(i, 7) = 0.0;
  for (Variant v : kAll) {
    SCOPED_TRACE(variantName(v));
    const SvdResult r = svd(a.view(), options(v));
    EXPECT_TRUE(allFinite(r.u.view()));
    EXPECT_TRUE(allFinite(r.v.view()));
    EXPECT_LE(svdResidual(a.view(), r), 1e-12 * 40);
    EXPECT_LE(orthogonality(r.u.view()), 1e-10);
    EXPECT_LE(orthogonality(r.v.view()), 1e-10);
    EXPECT_LE(r.s[3], 1e-14);
  }
}

TEST_F(Factor, SvdScalesSoHugeTinyAndZeroMatricesWork) {
  const Matrix a = randomGraded(30, 20, 100, 8);
  const SvdResult plain = svd(a.view(), options(Variant::Blocked));
  for (double scale : {1e-200, 1e200, 0.0}) {
    Matrix b = a;
    for (std::size_t j = 0; j < 20; ++j)
      for (std::size_t i = 0; i < 30; ++i) b(i, j) *= scale;
    for (Variant v : kOwn) {
      SCOPED_TRACE(::testing::Message() << variantName(v) << " scale=" << scale);
      const SvdResult r = svd(b.view(), options(v));
      EXPECT_TRUE(allFinite(r.u.view()) && allFinite(r.v.view()));
      EXPECT_LE(orthogonality(r.u.view()), 1e-12 * 30);
      EXPECT_LE(orthogonality(r.v.view()), 1e-12 * 30);
      for (std::size_t i = 0; i < 20; ++i) EXPECT_NEAR(r.s[i], plain.s[i] * scale, 1e-13 * scale);
    }
  }
}

TEST_F(Factor, RandomizedSvdIsWithinFivePercentOfTheOptimalRankKError) {
  const Matrix a = lowRankPlusNoise(300, 200, 20, 0.05, 11);
  const SvdResult full = svd(a.view(), options(Variant::Lapack));
  for (std::size_t k : {10, 20}) {
    const double optimal = optimalTruncationError(full.s, k);
    for (Variant v : kAll) {
      SCOPED_TRACE(::testing::Message() << variantName(v) << " k=" << k);
      const SvdResult r = randomizedSvd(a.view(), RsvdParams{k, 10, 2, 99}, options(v));
      ASSERT_EQ(r.s.size(), k);
      EXPECT_LE(truncationError(a.view(), r, k), 1.05 * optimal);
      EXPECT_LE(orthogonality(r.u.view()), 1e-12 * 300);
      EXPECT_LE(orthogonality(r.v.view()), 1e-12 * 300);
      for (std::size_t i = 0; i < k; ++i) EXPECT_NEAR(r.s[i], full.s[i], 0.02 * full.s[i]);
    }
  }
  // Without power iterations the error is larger: the iterations are doing something.
  const SvdResult plain =
      randomizedSvd(a.view(), RsvdParams{10, 2, 0, 99}, options(Variant::Blocked));
  const SvdResult powered =
      randomizedSvd(a.view(), RsvdParams{10, 2, 2, 99}, options(Variant::Blocked));
  EXPECT_LT(truncationError(a.view(), powered, 10), truncationError(a.view(), plain, 10));
}

TEST_F(Factor, BlockSizesThatAreNotMultiplesOfTheMicroTileWork) {
  // Chunk and panel boundaries then fall inside packed slivers and micro-tiles.
  const Matrix spd = randomSpd(131, 10, 3), g = gaussian(131, 131, 4);
  for (std::size_t block : {1, 7, 37, 200}) {
    for (Variant v : {Variant::Blocked, Variant::Parallel}) {
      SCOPED_TRACE(::testing::Message() << variantName(v) << " block=" << block);
      Options o = options(v);
      o.block = block;
      Matrix c = spd, l = g, q = g;
      ASSERT_FALSE(cholesky(c.view(), o));
      EXPECT_LE(choleskyResidual(spd.view(), c.view()), 1e-12 * 131);
      std::vector<std::size_t> piv;
      ASSERT_FALSE(lu(l.view(), piv, o));
      EXPECT_LE(luResidual(g.view(), l.view(), piv), 1e-12 * 131);
      std::vector<double> tau;
      qr(q.view(), tau, o);
      Matrix qq(131, 131);
      formQ(q.view(), tau, qq.view(), o);
      EXPECT_LE(qrResidual(g.view(), qq.view(), q.view()), 1e-12 * 131);
    }
  }
}

TEST_F(Factor, ParallelComputesTheSameBitsAsBlocked) {
  const Matrix spd = randomSpd(150, 100, 1), g = gaussian(150, 150, 2);
  Matrix c1 = spd, c2 = spd, l1 = g, l2 = g, q1 = g, q2 = g;
  ASSERT_FALSE(cholesky(c1.view(), options(Variant::Blocked)));
  ASSERT_FALSE(cholesky(c2.view(), options(Variant::Parallel)));
  std::vector<std::size_t> p1, p2;
  ASSERT_FALSE(lu(l1.view(), p1, options(Variant::Blocked)));
  ASSERT_FALSE(lu(l2.view(), p2, options(Variant::Parallel)));
  std::vector<double> t1, t2;
  qr(q1.view(), t1, options(Variant::Blocked));
  qr(q2.view(), t2, options(Variant::Parallel));
  const SvdResult s1 = svd(g.view(), options(Variant::Blocked));
  const SvdResult s2 = svd(g.view(), options(Variant::Parallel));
  for (std::size_t j = 0; j < 150; ++j)
    for (std::size_t i = j; i < 150; ++i) ASSERT_EQ(c1(i, j), c2(i, j));
  EXPECT_TRUE(testing::identical(l1.view(), l2.view()));
  EXPECT_EQ(p1, p2);
  EXPECT_TRUE(testing::identical(q1.view(), q2.view()));
  EXPECT_EQ(s1.s, s2.s);
  EXPECT_TRUE(testing::identical(s1.u.view(), s2.u.view()));
}

TEST(FactorGenerators, HaveTheConditionNumberAndSpectrumAskedFor) {
  Options lapackOptions;
  lapackOptions.variant = Variant::Lapack;
  const SvdResult spd = svd(randomSpd(60, 1e6, 1).view(), lapackOptions);
  EXPECT_NEAR(spd.s.front() / spd.s.back(), 1e6, 1e6 * 1e-6);
  const SvdResult graded = svd(randomGraded(70, 50, 1e3, 2).view(), lapackOptions);
  EXPECT_NEAR(graded.s.front() / graded.s.back(), 1e3, 1e-6 * 1e3);
  const SvdResult low = svd(lowRankPlusNoise(200, 150, 8, 0.001, 3).view(), lapackOptions);
  EXPECT_NEAR(low.s[0], 1.0, 0.01);
  EXPECT_NEAR(low.s[7], 0.1, 0.01);
  EXPECT_LT(low.s[8], 0.0015);  // the noise's edge: ‖E‖₂ ≈ 0.001
  EXPECT_GT(low.s[8], 0.0005);
  // Seeded: the same arguments give the same bits.
  EXPECT_TRUE(testing::identical(gaussian(9, 7, 4).view(), gaussian(9, 7, 4).view()));
  EXPECT_FALSE(testing::identical(gaussian(9, 7, 4).view(), gaussian(9, 7, 5).view()));
}

}  // namespace
}  // namespace tunelab::workloads::factor
