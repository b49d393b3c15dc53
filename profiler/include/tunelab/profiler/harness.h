#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "tunelab/model/result.h"
#include "tunelab/model/run.h"

namespace tunelab::profiler {

// What one prepared case does when timed. `iterate` is one execution; `metrics` describes
// the result of the last one.
struct CaseBody {
  std::function<void()> iterate;
  std::function<std::vector<model::Metric>()> metrics;
  std::function<std::vector<model::Series>()> series = nullptr;  // optional: curves of the last one
  // Optional, untimed, before each batch of repetitions (right after prepare(), and before
  // every round of an interleaved series): restores process-wide state that other cases may
  // have changed meanwhile (library thread pools).
  std::function<void()> resume = nullptr;
};

// A case to measure: its identity (name, workload, variant, params, threads) and how to
// prepare it. prepare() runs once, untimed, right before the case's first repetition, and
// what it built is released when the case is done — so a sweep never holds every input
// at once.
struct Case {
  model::Run identity;
  std::function<model::Result<CaseBody>()> prepare;
  // A command that runs this case alone in a fresh process: it rebuilds the case, runs it
  // under the harness and writes the encoded run (run_codec.h) beside the file named by the
  // environment variable TUNELAB_CASE_OUT, one file per MPI rank (launch.h), which the
  // harness merges into one run (rank_merge.h). The CLI fills it with `tunelab __case …`;
  // empty where the case cannot be re-created elsewhere.
  std::vector<std::string> command = {};
  // The program to start `command` under, e.g. {"mpirun", "-n", "2"}. Empty: the case runs
  // in this process (or in a fork with HarnessOptions::isolate).
  std::vector<std::string> launcher = {};
  // Overrides HarnessOptions::minTimeSeconds for this case (a workload's preference when the
  // user gave none): 0 runs exactly one execution per repetition.
  std::optional<double> minTimeSeconds = std::nullopt;
};

struct HarnessOptions {
  int repetitions = 7;          // samples per case; each is stored (the CLI's default: why 7)
  double minTimeSeconds = 0.2;  // Google Benchmark's min_time per repetition; 0: one iteration
  // Checked before each case: when set, the cases not yet started are skipped (Ctrl-C).
  const std::atomic<bool>* stopRequested = nullptr;
  // Events to count (resolveEventList's output); empty: no counters.
  std::vector<std::string> events;
  // Simulated counts per sample (instructions, cache and branch misses) from callgrind: set
  // in the process that valgrindLauncher() started (simulated.h); elsewhere each simulated
  // event is reported unsupported with the reason.
  bool simulate = false;
  // The per-thread mode: CPU time and the requested events of every thread of the process,
  // per sample (model::ThreadStat), for load imbalance.
  bool perThread = false;
  // Heap statistics per sample (needs tunelab::alloc_hooks linked into the program).
  bool trackAllocations = true;
  // Time per TUNELAB_REGION per sample.
  bool recordRegions = true;
  // And `events` per region, counted by the threads inside it (a read per event at every
  // entry and exit: worth it for regions entered rarely).
  bool regionCounters = false;
  // Run each case in a child process: a crash, hang or out-of-memory becomes a run with
  // status crashed / timeout / failed and its reason, and the session goes on.
  bool isolate = false;
  // Interleave the repetitions of the cases that form one scaling series (same workload,
  // variant and parameters; several thread counts) in this process: round r runs repetition
  // r of each, in a seeded random order, so that drift of the machine lands on every thread
  // count alike instead of on whichever case ran during it. Every sample records its place in
  // the execution order (Sample::position).
  bool interleave = true;
  std::uint64_t interleaveSeed = 42;
  double timeoutSeconds = 0;         // isolated cases only; 0: no limit
  std::int64_t memoryLimitBytes = 0;  // isolated cases only (address space); 0: no limit
};

// Told about progress: called before case `index` (0-based) of `total` starts, and after
// it has finished with the run as stored.
class HarnessObserver {
 public:
  virtual ~HarnessObserver() = default;
  virtual void caseStarting(std::size_t index, std::size_t total, const model::Run& identity) = 0;
  virtual void caseFinished(std::size_t index, std::size_t total, const model::Run& run) = 0;
};

// Receives each finished run (all repetitions, or the failure) as soon as it is complete;
// the CLI writes it to the store in one transaction. An error from the sink stops the
// session: results already delivered stay where the sink put them.
using RunSink = std::function<model::Status(const model::Run& run)>;

struct HarnessSummary {
  std::size_t ok = 0;
  std::size_t failed = 0;
  bool interrupted = false;  // stopRequested was set before every case had run
};

// Runs the cases in order through Google Benchmark's runner (the cases of one scaling series
// interleaved, see HarnessOptions::interleave; their runs are delivered when the last round
// is done). Per case, the counters are
// opened before prepare() (so worker threads it creates are counted); per repetition,
// counters, allocation tracking and the region recorder run around the timed loop, and
// their totals travel to our reporter inside Google Benchmark's own per-repetition user
// counters (under reserved "tl." names), so each sample gets exactly its own values. A case whose prepare() fails,
// or whose body throws, becomes a failed run with the reason; the next case still runs.
model::Result<HarnessSummary> runCases(const std::vector<Case>& cases, const HarnessOptions& options,
                                       const RunSink& sink, HarnessObserver* observer);

}  // namespace tunelab::profiler
