// Every exact variant against the textbook one (lloydNaive), from the same initial centroids:
// the tuned kernel at every SIMD width this CPU runs, the threaded one at several thread
// counts, Hamerly at several thread counts.
//
// What "the same" means, and the tolerances:
// - labels and the iteration count: identical (the tuned kernel decides near ties with the
//   textbook's own distance; Hamerly only skips distances its bounds prove larger);
// - centroids: within 1e-6 relative of naive's. Both sum in double and round to float, but
//   naive sums point by point while the others sum per block and fold the blocks, so the
//   double sums can differ in their last bits; after rounding to float that is at most an
//   ulp, and rarely that. Among themselves (serial, threads at any p, Hamerly) the centroids
//   are bit-identical: same blocks, same order;
// - inertia: within 1e-5 relative (the tuned kernels add float32 estimates of the distances).
// The empty-cluster rule: a centroid that gets no points keeps its previous position (and
// may win points again later).
#include <gtest/gtest.h>

#include <cmath>
#include <functional>
#include <string>

#include "tunelab/workloads/kmeans.h"
#include "tunelab/workloads/worker_pool.h"

namespace tunelab::workloads::kmeans {
namespace {

struct Shape {
  std::string name;
  Points points;
  std::size_t k;
  std::vector<float> init;
  int iterations;
};

void expectCentroidsNear(const std::vector<float>& got, const std::vector<float>& want,
                         const std::string& what) {
  ASSERT_EQ(got.size(), want.size()) << what;
  for (std::size_t i = 0; i < want.size(); ++i)
    EXPECT_NEAR(got[i], want[i], 1e-6 * std::max(1.0f, std::abs(want[i])))
        << what << " value " << i;
}

void checkAgainstNaive(const Shape& s) {
  SCOPED_TRACE(s.name);
  const auto ref = lloydNaive(s.points, s.init, s.k, s.iterations);
  ASSERT_EQ(ref.labels.size(), s.points.n);

  auto compare = [&](const LloydResult& r, const std::string& what) {
    EXPECT_EQ(r.labels, ref.labels) << what;
    EXPECT_EQ(r.iterations, ref.iterations) << what;
    expectCentroidsNear(r.centroids, ref.centroids, what);
    EXPECT_NEAR(r.inertia, ref.inertia, 1e-5 * std::max(1.0, ref.inertia)) << what;
    ASSERT_EQ(r.inertiaPerIteration.size(), ref.inertiaPerIteration.size()) << what;
  };

  const auto serial = lloyd(s.points, s.init, s.k, s.iterations, nullptr, Simd::Auto);
  compare(serial, "serial");
  for (Simd simd : {Simd::Avx512, Simd::Avx2, Simd::Sse2}) {
    if (!simdSupported(simd)) continue;
    const auto r = lloyd(s.points, s.init, s.k, s.iterations, nullptr, simd);
    compare(r, "serial simd=" + std::string(toString(simd)));
    EXPECT_EQ(r.centroids, serial.centroids) << toString(simd);  // labels equal → sums equal
  }
  for (int p : {1, 2, 3, 8}) {
    WorkerPool pool(p);
    const auto r = lloyd(s.points, s.init, s.k, s.iterations, &pool);
    compare(r, "threads p=" + std::to_string(p));
    EXPECT_EQ(r.centroids, serial.centroids) << p;
    EXPECT_EQ(r.inertia, serial.inertia) << p;  // exact: same blocks, same fold
  }
  const auto hamerlyOne = hamerly(s.points, s.init, s.k, s.iterations, nullptr);
  compare(hamerlyOne, "hamerly");
  EXPECT_EQ(hamerlyOne.centroids, serial.centroids);
  for (Simd simd : {Simd::Avx512, Simd::Avx2, Simd::Sse2}) {
    if (!simdSupported(simd)) continue;
    const auto r = hamerly(s.points, s.init, s.k, s.iterations, nullptr, simd);
    compare(r, "hamerly simd=" + std::string(toString(simd)));
    EXPECT_EQ(r.centroids, serial.centroids) << toString(simd);
  }
  for (int p : {2, 3}) {
    WorkerPool pool(p);
    const auto r = hamerly(s.points, s.init, s.k, s.iterations, &pool);
    compare(r, "hamerly p=" + std::to_string(p));
    EXPECT_EQ(r.centroids, hamerlyOne.centroids) << p;
    EXPECT_EQ(r.inertia, hamerlyOne.inertia) << p;
  }
}

Shape blobs(std::string name, std::size_t n, std::size_t d, std::size_t k, double spread, Init init,
            int iterations, std::uint64_t seed = 7) {
  Shape s{std::move(name), generateBlobs({n, d, k, spread, 10.0, seed}), k, {}, iterations};
  s.init = initialCentroids(s.points, k, init, seed);
  return s;
}

TEST(Equivalence, GeneralBlobs) {
  checkAgainstNaive(blobs("blobs", 5003, 5, 7, 2.0, Init::KmeansPlusPlus, 30));
}

TEST(Equivalence, WideVectorShapes) {
  // d = 16 and 32 take the in-register transpose of the AVX-512/AVX2 kernels; n leaves a
  // partial last tile; k = 64 is eight full centroid groups, k = 13 a padded one.
  checkAgainstNaive(blobs("d16 k64", 4099, 16, 64, 3.0, Init::Random, 12));
  checkAgainstNaive(blobs("d32 k13", 777, 32, 13, 2.0, Init::KmeansPlusPlus, 12));
}

TEST(Equivalence, OneCluster) {
  auto s = blobs("k=1", 1000, 3, 1, 1.0, Init::First, 10);
  checkAgainstNaive(s);
  const auto r = lloyd(s.points, s.init, 1, 10, nullptr);
  EXPECT_EQ(r.iterations, 2);  // every point in cluster 0, then nothing changes
  double mean = 0;
  for (std::size_t i = 0; i < s.points.n; ++i) mean += s.points.row(i)[0];
  EXPECT_NEAR(r.centroids[0], mean / static_cast<double>(s.points.n), 1e-4);
}

TEST(Equivalence, OneDimension) {
  checkAgainstNaive(blobs("d=1", 2000, 1, 5, 3.0, Init::KmeansPlusPlus, 40));
}

TEST(Equivalence, EmptyClusterKeepsItsCentroid) {
  // Points in [0, 1]; the centroid at 100 is never nearest to any of them.
  Shape s{"empty",
          generateBlobs({500, 2, 1, 0.2, 0.5, 3}),
          3,
          {0.2f, 0.2f, 100.0f, 100.0f, 0.8f, 0.8f},
          20};
  checkAgainstNaive(s);
  for (const auto& r :
       {lloydNaive(s.points, s.init, 3, 20), lloyd(s.points, s.init, 3, 20, nullptr),
        hamerly(s.points, s.init, 3, 20, nullptr)}) {
    EXPECT_EQ(r.centroids[2], 100.0f);
    EXPECT_EQ(r.centroids[3], 100.0f);
    for (auto l : r.labels) EXPECT_NE(l, 1u);
  }
}

TEST(Equivalence, DuplicatePointsAndIdenticalCentroids) {
  // Every point three times in a row; init = first k = the same point three times and one
  // other: centroids 0, 1 and 2 coincide, so each of their points is an exact three-way tie
  // that goes to the lowest index, and clusters 1 and 2 stay empty.
  Points base = generateBlobs({200, 4, 5, 1.0, 10.0, 11});
  Points p{600, 4, {}};
  for (std::size_t i = 0; i < base.n; ++i)
    for (int copy = 0; copy < 3; ++copy)
      p.values.insert(p.values.end(), base.row(i), base.row(i) + 4);
  Shape s{"duplicates", p, 4, {}, 25};
  s.init = initialCentroids(s.points, 4, Init::First, 0);
  checkAgainstNaive(s);
  // After the first pass only clusters 0 and 3 have points; later, centroid 0 moves away and
  // the empty 1 and 2, still on the old spot, may win points back.
  const auto r = lloyd(s.points, s.init, 4, 1, nullptr);
  for (auto l : r.labels) EXPECT_TRUE(l == 0 || l == 3) << l;
  EXPECT_GT(r.exactFallbacks, 0u);  // the ties went through the reference distance
}

TEST(Equivalence, ExactTiesOnAGridGoToTheLowestIndex) {
  // Integer points; centroids at 0 and 2 on each axis: every point at 1 is equidistant.
  Points p{0, 2, {}};
  for (int a = 0; a < 9; ++a)
    for (int b = 0; b < 9; ++b)
      p.values.insert(p.values.end(), {static_cast<float>(a), static_cast<float>(b)});
  p.n = p.values.size() / 2;
  Shape s{"grid ties", p, 4, {0, 0, 2, 0, 0, 2, 2, 2}, 1};
  checkAgainstNaive(s);
  const auto r = lloyd(s.points, s.init, 4, 1, nullptr);
  EXPECT_EQ(r.labels[1 * 9 + 0], 0u);  // (1, 0): tie between centroids 0 and 1
  EXPECT_EQ(r.labels[1 * 9 + 1], 0u);  // (1, 1): four-way tie
  EXPECT_GT(r.exactFallbacks, 0u);
  s.iterations = 15;
  checkAgainstNaive(s);
}

TEST(Equivalence, FarFromTheOrigin) {
  // ‖x‖² ≫ the distances: the float32 expansion loses most of its digits, so many points go
  // to the exact fallback, and the answer must still be the textbook's.
  Shape s = blobs("offset", 3000, 6, 9, 0.05, Init::KmeansPlusPlus, 20);
  for (auto& v : s.points.values) v += 3000.0f;
  s.init = initialCentroids(s.points, 9, Init::KmeansPlusPlus, 7);
  checkAgainstNaive(s);
  EXPECT_GT(lloyd(s.points, s.init, 9, 20, nullptr).exactFallbacks, 0u);
}

TEST(Hamerly, SkipsMostDistanceComputations) {
  // Overlapping blobs from a random start: many passes, and after the first few most points
  // sit deep inside their cluster.
  auto s = blobs("overlapping", 20000, 4, 8, 3.0, Init::Random, 30);
  const auto r = hamerly(s.points, s.init, 8, 30, nullptr);
  ASSERT_GT(r.iterations, 5);
  const double full = 20000.0 * 8 * r.iterations;
  EXPECT_LT(static_cast<double>(r.distanceEvaluations), 0.5 * full);
  EXPECT_EQ(lloyd(s.points, s.init, 8, 30, nullptr).distanceEvaluations,
            static_cast<std::uint64_t>(full));
}

}  // namespace
}  // namespace tunelab::workloads::kmeans
