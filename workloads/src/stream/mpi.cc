// `mpi`: the pipeline across ranks. Rank r makes events i ≡ r mod R and owns keys k ≡ r mod R.
// Per round each rank takes a micro-batch, and one MPI_Alltoallv shuffles every event to its
// key's owner (after an MPI_Alltoall of the byte counts); an MPI_Allreduce of the ranks'
// progress (the next index each will make) is the watermark every rank closes windows
// behind — and says when all are done. At the end the windows' rows are gathered and merged
// on rank 0, and the latency histograms summed there. Latency crosses processes on the
// steady clock, which ranks of one machine share (on several machines it would need a
// clock offset, which this variant does not estimate).
#include <mpi.h>

#include <cstring>

#include "engine.h"
#include "tunelab/probe/region.h"
#include "tunelab/workloads/kmeans.h"

namespace tunelab::workloads::stream {

StreamResult runMpi(const StreamConfig& config, const Tables& tables) {
  const auto world = kmeans::mpiWorld();
  const auto R = static_cast<std::uint32_t>(world.size);
  const auto me = static_cast<std::uint32_t>(world.rank);
  StreamResult result;
  Operator op(config, tables);
  MPI_Barrier(MPI_COMM_WORLD);
  std::uint64_t start = nowNs();
  MPI_Bcast(&start, 1, MPI_UINT64_T, 0, MPI_COMM_WORLD);  // one schedule for every rank
  Pacer pacer(config, start, me, R);
  const std::uint64_t n = config.events;
  std::vector<Event> made, sendBuf, recvBuf;
  std::vector<std::vector<Event>> out(R);
  std::vector<int> sendCounts(R), recvCounts(R), sendDispl(R), recvDispl(R);
  const char* work = config.query == Query::Score ? "score" : "window";
  std::uint64_t exchangeNs = 0;
  for (;;) {
    {
      TUNELAB_REGION("ingest");
      made.clear();
      if (!pacer.done()) {
        while (pacer.take(nowNs(), made, tables) == 0 && !pacer.done()) waitUntil(pacer.waitHintNs());
      }
      for (auto& o : out) o.clear();
      for (const Event& e : made) out[partitionOf(e, R)].push_back(e);
      sendBuf.clear();
      for (std::uint32_t d = 0; d < R; ++d) {
        sendDispl[d] = static_cast<int>(sendBuf.size() * sizeof(Event));
        sendCounts[d] = static_cast<int>(out[d].size() * sizeof(Event));
        sendBuf.insert(sendBuf.end(), out[d].begin(), out[d].end());
      }
    }
    std::uint64_t watermark;
    {
      TUNELAB_REGION("exchange");
      const std::uint64_t t = nowNs();
      MPI_Alltoall(sendCounts.data(), 1, MPI_INT, recvCounts.data(), 1, MPI_INT, MPI_COMM_WORLD);
      int total = 0;
      for (std::uint32_t s = 0; s < R; ++s) {
        recvDispl[s] = total;
        total += recvCounts[s];
      }
      recvBuf.resize(static_cast<std::size_t>(total) / sizeof(Event));
      MPI_Alltoallv(sendBuf.data(), sendCounts.data(), sendDispl.data(), MPI_BYTE, recvBuf.data(),
                    recvCounts.data(), recvDispl.data(), MPI_BYTE, MPI_COMM_WORLD);
      std::uint64_t progress = std::min(pacer.next(), n);
      MPI_Allreduce(&progress, &watermark, 1, MPI_UINT64_T, MPI_MIN, MPI_COMM_WORLD);
      exchangeNs += nowNs() - t;
    }
    {
      TUNELAB_REGION(work);
      op.process(recvBuf.data(), recvBuf.size());
    }
    {
      TUNELAB_REGION("emit");
      op.advance(watermark);
    }
    if (watermark >= n) break;
  }
  op.finish();
  const double seconds = static_cast<double>(nowNs() - start) * 1e-9;

  // Rows to rank 0 (window-count's only with keepRows; its hash and windows are reduced).
  Partial mine = op.takePartial();
  const std::vector<WindowRow>& rows = mine.rows;
  int myBytes = static_cast<int>(rows.size() * sizeof(WindowRow));
  std::vector<int> bytes(R), displ(R);
  MPI_Gather(&myBytes, 1, MPI_INT, bytes.data(), 1, MPI_INT, 0, MPI_COMM_WORLD);
  int total = 0;
  for (std::uint32_t s = 0; s < R; ++s) {
    displ[s] = total;
    total += bytes[s];
  }
  Partial all;
  all.rows.resize(me == 0 ? static_cast<std::size_t>(total) / sizeof(WindowRow) : 0);
  MPI_Gatherv(rows.data(), myBytes, MPI_BYTE, all.rows.data(), bytes.data(), displ.data(), MPI_BYTE,
              0, MPI_COMM_WORLD);
  std::uint64_t windowCount = 0, myWindows = mine.windows.size();
  MPI_Allreduce(&myWindows, &windowCount, 1, MPI_UINT64_T, MPI_MAX, MPI_COMM_WORLD);
  mine.windows.resize(windowCount, 0);
  all.windows.resize(windowCount, 0);
  MPI_Reduce(mine.windows.data(), all.windows.data(), static_cast<int>(windowCount), MPI_UINT8_T,
             MPI_BOR, 0, MPI_COMM_WORLD);
  // Latency, counts and the passthrough sum to rank 0.
  LatencyHistogram& latency = op.latency();
  std::vector<std::uint64_t> counts(latency.counts().size());
  MPI_Reduce(latency.counts().data(), counts.data(), static_cast<int>(counts.size()), MPI_UINT64_T,
             MPI_SUM, 0, MPI_COMM_WORLD);
  std::uint64_t local[5] = {latency.total(), mine.passSum, pacer.produced(), op.batches(), mine.rowHash};
  std::uint64_t sums[5] = {};
  MPI_Reduce(local, sums, 5, MPI_UINT64_T, MPI_SUM, 0, MPI_COMM_WORLD);
  std::uint64_t maxLatency = 0, myMax = latency.max();
  MPI_Reduce(&myMax, &maxLatency, 1, MPI_UINT64_T, MPI_MAX, 0, MPI_COMM_WORLD);
  double longest = 0;
  MPI_Reduce(&seconds, &longest, 1, MPI_DOUBLE, MPI_MAX, 0, MPI_COMM_WORLD);
  result.exchangeSeconds = static_cast<double>(exchangeNs) * 1e-9;
  if (me == 0) {
    result.latency.counts() = std::move(counts);
    result.latency.setTotals(sums[0], maxLatency);
    result.events = sums[2];
    result.batches = sums[3];
    result.seconds = longest;
    all.passSum = sums[1];
    all.rowHash = sums[4];
    finishResult(config, std::move(all), result);
  } else {
    result.latency = latency;
    result.events = pacer.produced();
    result.batches = op.batches();
    result.seconds = seconds;
    finishResult(config, std::move(mine), result);  // this rank's share
  }
  return result;
}

}  // namespace tunelab::workloads::stream
