// The mpi variant's answer against the serial one. This binary runs under mpirun (ctest
// starts it with 1, 2 and 3 ranks, see CMakeLists.txt): every rank runs every test, so the
// collectives pair up; each rank holds its shard, and the labels are gathered to all ranks.
//
// No tolerances: the ranks split the serial variant's block layout and fold the blocks'
// partial sums in the same order (a chain from rank 0 to the last rank), so centroids,
// labels, inertia and every count equal the serial variant's bit for bit, whatever the rank
// count. The labels also equal the textbook's (lloydNaive), as every variant's do.
#include <gtest/gtest.h>
#include <mpi.h>

#include "tunelab/workloads/kmeans.h"

namespace tunelab::workloads::kmeans {
namespace {

std::pair<std::size_t, std::size_t> rowsOf(const Points& points, std::size_t k, int rank,
                                           int ranks) {
  return shardRange(points.n, k, points.d, rank, ranks);
}

std::vector<std::uint32_t> gatherLabels(const std::vector<std::uint32_t>& mine,
                                        const Points& points, std::size_t k, int ranks) {
  std::vector<int> counts(static_cast<std::size_t>(ranks)),
      offsets(static_cast<std::size_t>(ranks));
  for (int r = 0; r < ranks; ++r) {
    const auto [b, e] = rowsOf(points, k, r, ranks);
    counts[static_cast<std::size_t>(r)] = static_cast<int>(e - b);
    offsets[static_cast<std::size_t>(r)] = static_cast<int>(b);
  }
  std::vector<std::uint32_t> all(points.n);
  MPI_Allgatherv(mine.data(), static_cast<int>(mine.size()), MPI_UINT32_T, all.data(),
                 counts.data(), offsets.data(), MPI_UINT32_T, MPI_COMM_WORLD);
  return all;
}

void checkShards(const std::string& name, const Points& points, std::size_t k,
                 const std::vector<float>& init, int iterations) {
  SCOPED_TRACE(name + ", " + std::to_string(mpiWorld().size) + " rank(s)");
  const auto world = mpiWorld();
  const auto serial = lloyd(points, init, k, iterations, nullptr);
  const auto [begin, end] = rowsOf(points, k, world.rank, world.size);
  Points shard{
      end - begin, points.d,
      std::vector<float>(points.values.begin() + static_cast<std::ptrdiff_t>(begin * points.d),
                         points.values.begin() + static_cast<std::ptrdiff_t>(end * points.d))};
  const auto r = lloydDistributed(shard, points.n, init, k, iterations);
  ASSERT_EQ(r.labels.size(), shard.n);
  EXPECT_EQ(gatherLabels(r.labels, points, k, world.size), serial.labels);
  EXPECT_EQ(serial.labels, lloydNaive(points, init, k, iterations).labels);
  EXPECT_EQ(r.iterations, serial.iterations);
  EXPECT_EQ(r.centroids, serial.centroids);  // exact, not near
  EXPECT_EQ(r.inertia, serial.inertia);
  EXPECT_EQ(r.inertiaPerIteration, serial.inertiaPerIteration);
  EXPECT_EQ(r.distanceEvaluations, serial.distanceEvaluations);
  EXPECT_EQ(r.exactFallbacks, serial.exactFallbacks);
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

TEST(Mpi, BitIdenticalToSerialForEveryRankCount) {
  auto blobs = generateBlobs({5003, 5, 7, 2.0, 10.0, 7});
  checkShards("blobs", blobs, 7, initialCentroids(blobs, 7, Init::KmeansPlusPlus, 7), 30);
  auto wide = generateBlobs({4099, 16, 64, 3.0, 10.0, 3});
  checkShards("d16 k64", wide, 64, initialCentroids(wide, 64, Init::Random, 3), 10);
  auto one = generateBlobs({999, 1, 3, 2.0, 10.0, 5});
  checkShards("d=1", one, 3, initialCentroids(one, 3, Init::First, 0), 20);
  // 256 blocks of 768 points: every rank count splits whole blocks unevenly.
  auto many = generateBlobs({196'000, 3, 5, 4.0, 10.0, 9});
  checkShards("256 blocks", many, 5, initialCentroids(many, 5, Init::KmeansPlusPlus, 9), 8);
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

TEST(Mpi, RanksWithoutPoints) {
  // 5 points are one block: over 2 or 3 ranks, all but one rank hold none, and k = 1.
  Points tiny{5, 1, {0, 1, 2, 10, 11}};
  checkShards("tiny", tiny, 2, {0.0f, 1.0f}, 10);
  checkShards("k=1", tiny, 1, {5.0f}, 10);
}

}  // namespace
}  // namespace tunelab::workloads::kmeans
