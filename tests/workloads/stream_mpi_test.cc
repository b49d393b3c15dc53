// The stream workload's mpi variant with real ranks (ctest starts this binary under mpirun
// with 1, 2 and 3 ranks): every query's answer on rank 0 equals the serial reference's.
#include <gtest/gtest.h>

#include "tunelab/workloads/kmeans.h"
#include "tunelab/workloads/stream.h"

namespace tunelab::workloads::stream {
namespace {

TEST(StreamMpi, EveryQueryGivesTheReferenceAnswer) {
  const auto world = kmeans::mpiWorld();
  for (Query q : {Query::Passthrough, Query::WindowCount, Query::WindowTopK, Query::Score}) {
    for (std::size_t batch : {std::size_t{1}, std::size_t{50}}) {
      for (double rate : {0.0, 3e6}) {
        StreamConfig c;
        c.query = q;
        c.variant = Variant::Mpi;
        c.events = 20000;
        c.windowMs = 1.5;
        c.keys = 60;
        c.hidden = 16;
        c.batch = batch;
        c.rate = rate;
        c.keepRows = batch == 1;  // window-count: rows gathered, or only hash and windows
        SCOPED_TRACE(std::string(toString(q)) + " batch " + std::to_string(batch) + " rate " +
                     std::to_string(rate) + ", " + std::to_string(world.size) + " rank(s)");
        const auto r = runStream(c);
        if (world.rank == 0) {
          const auto ref = referenceAnswer(c);
          if (c.keepRows || q != Query::WindowCount) {
            EXPECT_EQ(r.rows, ref.rows);
          }
          EXPECT_EQ(r.windows, ref.windows);
          EXPECT_EQ(r.checksum, ref.checksum);
          EXPECT_EQ(r.events, c.events);
          EXPECT_EQ(r.latency.total() > 0, true);
        }
      }
    }
  }
}

}  // namespace
}  // namespace tunelab::workloads::stream
