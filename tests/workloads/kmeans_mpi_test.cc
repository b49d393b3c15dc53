// The mpi variant's answer against the textbook one. This binary runs under mpirun (ctest
// starts it with 2 and with 3 ranks, see CMakeLists.txt): every rank runs every test, so the
// collectives pair up; each rank holds its shard, and the labels are gathered to all ranks
// and compared with lloydNaive on the whole data set.
//
// Tolerances (as in kmeans_equivalence_test.cc): labels and iteration counts identical;
// centroids within 1e-6 relative (the ranks' sums are added in another order than naive's);
// inertia within 1e-5 relative (float32 estimates of the distances).
#include <gtest/gtest.h>
#include <mpi.h>

#include <cmath>

#include "tunelab/workloads/kmeans.h"

namespace tunelab::workloads::kmeans {
namespace {

std::vector<std::uint32_t> gatherLabels(const std::vector<std::uint32_t>& mine, std::size_t n,
                                        int ranks) {
  std::vector<int> counts(static_cast<std::size_t>(ranks)),
      offsets(static_cast<std::size_t>(ranks));
  for (int r = 0; r < ranks; ++r) {
    const auto [b, e] = shardRange(n, r, ranks);
    counts[static_cast<std::size_t>(r)] = static_cast<int>(e - b);
    offsets[static_cast<std::size_t>(r)] = static_cast<int>(b);
  }
  std::vector<std::uint32_t> all(n);
  MPI_Allgatherv(mine.data(), static_cast<int>(mine.size()), MPI_UINT32_T, all.data(),
                 counts.data(), offsets.data(), MPI_UINT32_T, MPI_COMM_WORLD);
  return all;
}

void checkShards(const std::string& name, const Points& points, std::size_t k,
                 const std::vector<float>& init, int iterations) {
  SCOPED_TRACE(name);
  const auto world = mpiWorld();
  const auto ref = lloydNaive(points, init, k, iterations);
  const auto [begin, end] = shardRange(points.n, world.rank, world.size);
  Points shard{
      end - begin, points.d,
      std::vector<float>(points.values.begin() + static_cast<std::ptrdiff_t>(begin * points.d),
                         points.values.begin() + static_cast<std::ptrdiff_t>(end * points.d))};
  const auto r = lloydDistributed(shard, init, k, iterations);
  ASSERT_EQ(r.labels.size(), shard.n);
  EXPECT_EQ(gatherLabels(r.labels, points.n, world.size), ref.labels);
  EXPECT_EQ(r.iterations, ref.iterations);
  ASSERT_EQ(r.centroids.size(), ref.centroids.size());
  for (std::size_t i = 0; i < r.centroids.size(); ++i)
    EXPECT_NEAR(r.centroids[i], ref.centroids[i], 1e-6 * std::max(1.0f, std::abs(ref.centroids[i])))
        << i;
  EXPECT_NEAR(r.inertia, ref.inertia, 1e-5 * std::max(1.0, ref.inertia));
  EXPECT_EQ(r.distanceEvaluations, ref.distanceEvaluations);
  // Every rank ends with the very same centroids: the ranks never drift apart.
  std::vector<float> rank0 = r.centroids;
  MPI_Bcast(rank0.data(), static_cast<int>(rank0.size()), MPI_FLOAT, 0, MPI_COMM_WORLD);
  EXPECT_EQ(rank0, r.centroids);
}

TEST(Mpi, RunsInTheWorldMpirunStarted) {
  const auto world = mpiWorld();
  EXPECT_GE(world.size, 1);
  EXPECT_LT(world.rank, world.size);
}

TEST(Mpi, ShardsGiveTheTextbookAnswer) {
  auto blobs = generateBlobs({5003, 5, 7, 2.0, 10.0, 7});
  checkShards("blobs", blobs, 7, initialCentroids(blobs, 7, Init::KmeansPlusPlus, 7), 30);
  auto wide = generateBlobs({4099, 16, 64, 3.0, 10.0, 3});
  checkShards("d16 k64", wide, 64, initialCentroids(wide, 64, Init::Random, 3), 10);
  auto one = generateBlobs({999, 1, 3, 2.0, 10.0, 5});
  checkShards("d=1", one, 3, initialCentroids(one, 3, Init::First, 0), 20);
}

TEST(Mpi, EmptyClustersAndDuplicatePoints) {
  auto p = generateBlobs({500, 2, 1, 0.2, 0.5, 3});
  checkShards("empty", p, 3, {0.2f, 0.2f, 100.0f, 100.0f, 0.8f, 0.8f}, 20);
  Points base = generateBlobs({200, 4, 5, 1.0, 10.0, 11}), dup{600, 4, {}};
  for (std::size_t i = 0; i < base.n; ++i)
    for (int copy = 0; copy < 3; ++copy)
      dup.values.insert(dup.values.end(), base.row(i), base.row(i) + 4);
  checkShards("duplicates", dup, 4, initialCentroids(dup, 4, Init::First, 0), 25);
}

TEST(Mpi, MoreRanksThanSomeShardsHavePoints) {
  // 5 points over 2 or 3 ranks: shards of 1 to 3 points, and k = 1.
  Points tiny{5, 1, {0, 1, 2, 10, 11}};
  checkShards("tiny", tiny, 2, {0.0f, 1.0f}, 10);
  checkShards("k=1", tiny, 1, {5.0f}, 10);
}

}  // namespace
}  // namespace tunelab::workloads::kmeans
