// `tunelab run --gbench ./my_bench [-- ARGS…]`: a Google Benchmark binary, run once with JSON
// output and -r as its repetitions, stored through the same mapping as `tunelab import`
// (store/gbench_import.h): each benchmark a run (variant "gbench"), each repetition a sample,
// user counters as metrics, `/threads:N` as the thread count, arguments as parameters.
#include <fmt/core.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <set>
#include <unistd.h>

#include "command_run.h"
#include "common.h"
#include "report_table.h"
#include "tunelab/profiler/clock.h"
#include "tunelab/profiler/command.h"
#include "tunelab/profiler/counters.h"
#include "tunelab/profiler/environment.h"
#include "tunelab/profiler/events.h"
#include "tunelab/store/gbench_import.h"
#include "tunelab/profiler/scratch_dir.h"

namespace tunelab::cli {
namespace {

namespace fs = std::filesystem;
using model::Error;
using model::ErrorKind;

// Google Benchmark counts at most a few PMU events itself (--benchmark_perf_counters, through
// libpfm4): the hardware events of --counters, where this machine has a PMU. Empty otherwise:
// software events are not its business, and without a PMU it would only warn.
model::Result<std::string> perfCountersFlag(const std::string& counters) {
  if (counters == "none" || counters == "valgrind") return std::string();
  auto events = profiler::resolveEventList(counters);
  if (!events) return events.error();
  if (!profiler::probeEvent("cycles").opens) return std::string();
  static const std::set<std::string> kHardware = {"cycles", "instructions", "branch-misses", "cache-misses",
                                                  "branches", "cache-references"};
  std::string list;
  int n = 0;
  for (const auto& e : *events)
    if (kHardware.count(e) && n < 3) list += (n++ ? "," : "") + e;
  return list;
}


}  // namespace

int runGoogleBenchmark(const CommandRunOptions& o, const Context& ctx) {
  if (o.repetitions < 1 || o.repetitions > 1000)
    return reportError({ErrorKind::Usage, "--repetitions must be between 1 and 1000."});
  for (const auto* given : {&o.prepare, &o.setup})
    if (!given->empty())
      return reportError({ErrorKind::Usage, "--prepare and --setup apply to `-- COMMAND`; a Google Benchmark "
                                            "binary sets up inside its benchmarks."});
  if (!o.params.empty() || !o.threads.empty() || o.warmup > 0 || o.shell || !o.name.empty())
    return reportError({ErrorKind::Usage, "-p, -t, --warmup, --shell and --name apply to `-- COMMAND`: a Google "
                                          "Benchmark binary's own Args and ThreadRange make its cases (pass "
                                          "--benchmark_filter=… after `--`)."});
  auto program = profiler::resolveProgram(o.gbench);
  if (!program) return reportError(program.error());
  auto perf = perfCountersFlag(o.counters);
  if (!perf) return reportError(perf.error());

  profiler::ScratchDir dir("gbench");
  if (dir.path().empty()) return reportError({ErrorKind::Io, "cannot create a temporary folder"});
  const fs::path json = dir.path() / "gbench.json";
  profiler::CommandCase c;
  c.argv = {o.gbench, "--benchmark_out=" + json.string(), "--benchmark_out_format=json",
            "--benchmark_repetitions=" + std::to_string(o.repetitions)};
  if (!perf->empty()) c.argv.push_back("--benchmark_perf_counters=" + *perf);
  c.argv.insert(c.argv.end(), o.command.begin(), o.command.end());
  c.environment = o.env;
  c.identity.workload = fs::path(o.gbench).filename().string();
  c.identity.variant = "gbench";
  profiler::CommandOptions options;
  options.repetitions = 1;
  // The allocation hooks preloaded: a binary that includes tunelab/probe/gbench_memory.h
  // finds them and reports each benchmark's heap through Google Benchmark's MemoryManager
  // (the process's own totals are not stored: they mix every benchmark).
  options.trackAllocations = true;
  options.preloadLibrary = profiler::findPreloadLibrary();
  if (auto obstacle = profiler::preloadObstacle(*program)) options.allocObstacle = *obstacle;
  options.timeoutSeconds = o.timeout > 0 ? o.timeout : 3600;
  options.memoryLimitBytes = static_cast<std::int64_t>(o.memoryLimitMiB * 1024 * 1024);
  if (!o.quiet)
    fmt::print(stderr, "running {} ({} repetitions per benchmark{})\n", o.gbench, o.repetitions,
               perf->empty() ? "" : ", perf counters " + *perf);
  const std::string startedAt = profiler::isoTimestampNow();
  auto result = profiler::runCommandCase(c, options);
  if (result.run.status != model::RunStatus::Ok)
    return reportError({ErrorKind::Workload, "the Google Benchmark binary did not finish: " + result.run.reason +
                                                 ". Nothing is stored."});
  std::ifstream in(json, std::ios::binary);
  const std::string text{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  if (text.empty())
    return reportError({ErrorKind::Input, o.gbench + " wrote no JSON to --benchmark_out: is it a Google Benchmark "
                                                     "binary (benchmark_main or BENCHMARK_MAIN())?"});
  auto imported = store::parseGoogleBenchmarkJson(text, o.gbench);
  if (!imported) return reportError(imported.error());

  model::Session session;
  session.label = o.label;
  session.startedAt = startedAt;
  session.commandLine = joinCommandLine(ctx.argc, ctx.argv);
  session.environment = profiler::captureEnvironment();
  // What Google Benchmark said about its run (library build type, its caches and load) stays
  // beside tunelab's own view of the machine.
  for (const auto& [key, value] : imported->session.environment.extra)
    if (key != "imported_from") session.environment.extra.emplace_back("gbench." + key, value);
  session.environment.extra.emplace_back("gbench.binary", o.gbench);
  auto store = openStore(o.db, store::OpenMode::ReadWrite);
  if (!store) return reportError(store.error());
  auto id = store->beginSession(session);
  if (!id) return reportError(id.error());
  std::size_t failed = 0;
  for (const auto& run : imported->runs) {
    if (auto r = store->addRun(*id, run); !r) {
      (void)store->finishSession(*id, model::SessionStatus::Interrupted, profiler::isoTimestampNow());
      return reportError(r.error());
    }
    failed += run.status != model::RunStatus::Ok;
    if (!o.quiet)
      fmt::print(stderr, "  {}  {}\n", run.name,
                 run.status == model::RunStatus::Ok ? std::to_string(run.samples.size()) + " repetition(s)"
                                                    : "FAILED: " + run.reason);
  }
  if (auto s = store->finishSession(*id, model::SessionStatus::Complete, profiler::isoTimestampNow()); !s)
    return reportError(s.error());
  if (!o.quiet) {
    for (const auto& note : imported->notes) fmt::print(stderr, "note: {}\n", note);
    fmt::print(stderr, "session {} → {}: {} benchmark(s)\n", id->value(), o.db, imported->runs.size());
  }
  return finishRun(*store, *id, o.noReport, 0, imported->runs.size(), failed);
}

}  // namespace tunelab::cli
