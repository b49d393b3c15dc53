// The ann workload's mpi variant with real ranks (ctest starts this binary under mpirun with 1,
// 2 and 3 ranks): the shards' merged top-k is the exact answer, on every rank, for a base size
// that does not divide evenly and for k larger than a shard.
#include <gtest/gtest.h>

#include "ann/ann.h"
#include "tunelab/workloads/kmeans.h"

namespace tunelab::workloads::ann {
namespace {

TEST(AnnMpi, MergedShardsGiveTheExactAnswerOnEveryRank) {
  const auto world = kmeans::mpiWorld();
  for (std::size_t n : {std::size_t{1001}, std::size_t{7}}) {
    const Dataset data = synthetic(n, 40, 16, 5);
    const std::size_t k = std::min<std::size_t>(5, n);
    const auto truth = groundTruth(data, k, nullptr);
    Knobs knobs;
    knobs.k = k;
    auto index = makeIndex("mpi", knobs);
    ASSERT_TRUE(index);
    index->build(data.base, nullptr);
    Neighbors out;
    out.resize(data.queries.n, k);
    index->search(data.queries, 0, data.queries.n, out);
    SCOPED_TRACE("n " + std::to_string(n) + ", rank " + std::to_string(world.rank) + " of " +
                 std::to_string(world.size));
    EXPECT_EQ(out.ids, truth.ids);  // broadcast: every rank holds the answer
    EXPECT_DOUBLE_EQ(recall(out, truth, k), 1.0);
    EXPECT_GE(index->stats().mergeSeconds, 0.0);
  }
}

}  // namespace
}  // namespace tunelab::workloads::ann
