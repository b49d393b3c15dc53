#include "tunelab/workloads/kmeans.h"

#include <gtest/gtest.h>

#include <atomic>
#include <set>

#include "tunelab/workloads/worker_pool.h"

namespace tunelab::workloads::kmeans {
namespace {

// Four points on a line, two obvious clusters: {0, 1} and {10, 11}. By hand, from centroids
// 0 and 1: pass 1 puts 1, 10, 11 with centroid 1 → centroids 0 and 22/3; pass 2 moves 1 to
// the first cluster → 0.5 and 10.5; pass 3 changes nothing. Inertia 4 × 0.5² = 1.
TEST(Lloyd, HandCheckedOneDimensionalExample) {
  Points p{4, 1, {0, 1, 10, 11}};
  auto r = lloyd(p, {0.0f, 1.0f}, 2, 100, nullptr);
  ASSERT_EQ(r.centroids.size(), 2u);
  EXPECT_FLOAT_EQ(r.centroids[0], 0.5f);
  EXPECT_FLOAT_EQ(r.centroids[1], 10.5f);
  EXPECT_DOUBLE_EQ(r.inertia, 1.0);
  EXPECT_EQ(r.iterations, 3);
  EXPECT_EQ(r.labels, (std::vector<std::uint32_t>{0, 0, 1, 1}));
}

TEST(Lloyd, StopsAtMaxIterations) {
  Points p{4, 1, {0, 1, 10, 11}};
  auto r = lloyd(p, {0.0f, 1.0f}, 2, 1, nullptr);
  EXPECT_EQ(r.iterations, 1);
  EXPECT_FLOAT_EQ(r.centroids[1], 22.0f / 3.0f);
}

TEST(Lloyd, EmptyClusterKeepsItsCentroid) {
  Points p{3, 1, {0, 1, 2}};
  auto r = lloyd(p, {1.0f, 100.0f}, 2, 10, nullptr);
  EXPECT_FLOAT_EQ(r.centroids[1], 100.0f);
  EXPECT_FLOAT_EQ(r.centroids[0], 1.0f);
}

TEST(Lloyd, BitIdenticalForEveryThreadCount) {
  auto pts = generateBlobs({5003, 5, 7, 2.0, 10.0, 11});
  auto init = kmeansPlusPlus(pts, 7, 11);
  auto serial = lloyd(pts, init, 7, 15, nullptr);
  for (int threads : {1, 2, 3, 8}) {
    WorkerPool pool(threads);
    auto par = lloyd(pts, init, 7, 15, &pool);
    EXPECT_EQ(par.centroids, serial.centroids) << threads << " threads";
    EXPECT_EQ(par.labels, serial.labels) << threads << " threads";
    EXPECT_EQ(par.inertia, serial.inertia) << threads << " threads";  // exact, not near
    EXPECT_EQ(par.iterations, serial.iterations);
  }
}

TEST(Lloyd, FindsWellSeparatedBlobs) {
  // Blobs with spread 0.1 in a box of ±10: each cluster should be one blob (round-robin
  // generation puts point i in blob i mod 4).
  auto pts = generateBlobs({400, 2, 4, 0.1, 10.0, 3});
  auto r = lloyd(pts, kmeansPlusPlus(pts, 4, 3), 4, 100, nullptr);
  std::set<std::uint32_t> labelsOfBlob0;
  for (std::size_t i = 0; i < pts.n; i += 4) labelsOfBlob0.insert(r.labels[i]);
  EXPECT_EQ(labelsOfBlob0.size(), 1u);
  EXPECT_LT(r.inertia / 400, 0.1);  // mean squared distance ≈ 2·0.1²
}

TEST(Blobs, SameSeedSameData) {
  auto a = generateBlobs({100, 3, 4, 1.0, 10.0, 5});
  auto b = generateBlobs({100, 3, 4, 1.0, 10.0, 5});
  auto c = generateBlobs({100, 3, 4, 1.0, 10.0, 6});
  EXPECT_EQ(a.values, b.values);
  EXPECT_NE(a.values, c.values);
  EXPECT_EQ(a.values.size(), 300u);
}

TEST(KmeansPlusPlus, DeterministicAndPicksDistinctPoints) {
  auto pts = generateBlobs({1000, 2, 5, 0.5, 10.0, 9});
  auto a = kmeansPlusPlus(pts, 5, 1);
  EXPECT_EQ(a, kmeansPlusPlus(pts, 5, 1));
  std::set<std::pair<float, float>> distinct;
  for (std::size_t c = 0; c < 5; ++c) distinct.insert({a[2 * c], a[2 * c + 1]});
  EXPECT_EQ(distinct.size(), 5u);
}

TEST(Init, FirstTakesTheFirstRows) {
  auto pts = generateBlobs({100, 3, 4, 1.0, 10.0, 1});
  auto c = initialCentroids(pts, 5, Init::First, 99);
  EXPECT_EQ(c, std::vector<float>(pts.values.begin(), pts.values.begin() + 15));
}

TEST(Init, RandomDrawsDistinctRowsDeterministically) {
  auto pts = generateBlobs({1000, 2, 4, 1.0, 10.0, 2});
  auto a = initialCentroids(pts, 50, Init::Random, 5);
  EXPECT_EQ(a, initialCentroids(pts, 50, Init::Random, 5));
  EXPECT_NE(a, initialCentroids(pts, 50, Init::Random, 6));
  std::set<std::pair<float, float>> rows;
  for (std::size_t i = 0; i < pts.n; ++i) rows.insert({pts.row(i)[0], pts.row(i)[1]});
  std::set<std::pair<float, float>> picked;
  for (std::size_t c = 0; c < 50; ++c) {
    std::pair<float, float> row{a[2 * c], a[2 * c + 1]};
    EXPECT_EQ(rows.count(row), 1u) << "centroid " << c << " is not a data point";
    picked.insert(row);
  }
  EXPECT_EQ(picked.size(), 50u);
  // k = n draws every point once.
  auto all = initialCentroids(pts, 1000, Init::Random, 5);
  std::multiset<float> xs(all.begin(), all.end()), want(pts.values.begin(), pts.values.end());
  EXPECT_EQ(xs, want);
}

TEST(Init, NamesRoundTrip) {
  for (Init i : {Init::KmeansPlusPlus, Init::First, Init::Random})
    EXPECT_EQ(parseInit(toString(i)), i);
  EXPECT_FALSE(parseInit("kmeans||").has_value());
  for (Simd s : {Simd::Auto, Simd::Avx512, Simd::Avx2, Simd::Sse2})
    EXPECT_EQ(parseSimd(toString(s)), s);
  EXPECT_TRUE(simdSupported(Simd::Sse2));
  EXPECT_TRUE(simdSupported(resolveSimd(Simd::Auto)));
  EXPECT_NE(resolveSimd(Simd::Auto), Simd::Auto);
}

TEST(WorkerPool, RunsEveryWorkerOncePerCall) {
  WorkerPool pool(4);
  for (int round = 0; round < 100; ++round) {
    std::atomic<int> mask{0};
    pool.run([&](int w) { mask.fetch_or(1 << w); });
    ASSERT_EQ(mask.load(), 0b1111);
  }
}

}  // namespace
}  // namespace tunelab::workloads::kmeans
