#include <fmt/core.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <csignal>
#include <set>
#include <thread>

#include "command_run.h"
#include "commands.h"
#include "common.h"
#include "report_table.h"
#include "stop_signal.h"
#include "threads_list.h"
#include "tunelab/analysis/ceilings.h"
#include "tunelab/analysis/format.h"
#include "tunelab/analysis/scaling.h"
#include "tunelab/analysis/statistics.h"
#include "tunelab/model/params.h"
#include "tunelab/profiler/calibration.h"
#include "tunelab/profiler/clock.h"
#include "tunelab/profiler/counters.h"
#include "tunelab/profiler/environment.h"
#include "tunelab/profiler/harness.h"
#include "tunelab/profiler/launch.h"
#include "tunelab/profiler/simulated.h"
#include "tunelab/workloads/workload.h"

namespace tunelab::cli {
namespace {

using model::Error;
using model::ErrorKind;

struct RunOptions {
  std::string workload;
  std::vector<std::string> variants;
  std::vector<std::string> params;
  std::string threads;
  std::string ranks;
  std::string op;
  // 7: the fewest at which every interval the report prints exists (the median's needs 6,
  // the speedup's 7) and at which `compare` of two such sessions caught a 10 % slowdown in 39
  // of 40 trials with no false alarm in 40 (5: 30 of 40; docs/performance/detector.md).
  int repetitions = 7;
  double minTime = 0.2;
  bool minTimeGiven = false;  // --min-time on the command line beats a workload's preference
  std::string label;
  DbOption db;
  bool quiet = false;
  bool noReport = false;
  std::string counters = "default";
  bool noAlloc = false;
  bool noRegions = false;
  bool perThread = false;
  bool regionCounters = false;
  bool isolate = false;
  bool noInterleave = false;
  double timeout = 0;
  double memoryLimitMiB = 0;
};



// `--counters valgrind`: instruction counts and simulated cache/branch misses from callgrind
// instead of the PMU.
bool simulated(const RunOptions& o) { return o.counters == "valgrind"; }

model::Result<std::vector<std::string>> eventsFor(const RunOptions& o) {
  if (simulated(o)) return std::vector<std::string>{};
  return profiler::resolveEventList(o.counters);
}

// `tunelab __case …`: the command that runs exactly this case in a fresh process, with the
// same measuring options (see profiler::Case::command).
std::vector<std::string> caseCommand(const RunOptions& o, const model::Run& id, double caseMinTime) {
  std::vector<std::string> c = {profiler::selfExecutable(), "__case", id.workload, "-v", id.variant,
                                "-t", std::to_string(id.threads), "--ranks", std::to_string(id.ranks)};
  for (const auto& p : id.params) c.insert(c.end(), {"-p", p.key + "=" + p.value});
  // Ranks must run the same number of iterations to stay in step (their collective calls
  // pair up), and a simulated count needs no more than one: one per repetition, whatever
  // --min-time says.
  const double minTime = id.ranks > 1 || simulated(o) ? 0.0 : caseMinTime;
  c.insert(c.end(), {"-r", std::to_string(o.repetitions), "--min-time", fmt::format("{}", minTime),
                     "--counters", o.counters});
  if (o.noAlloc) c.push_back("--no-alloc");
  if (o.noRegions) c.push_back("--no-regions");
  if (o.perThread) c.push_back("--per-thread");
  if (o.regionCounters) c.push_back("--region-counters");
  return c;
}

// Turns the command line into cases, or explains what is wrong before anything runs.
model::Result<std::vector<profiler::Case>> planCases(const RunOptions& o) {
  std::vector<const workloads::Workload*> selected;
  if (o.workload == "all") {
    selected.assign(workloads::registry().begin(), workloads::registry().end());
  } else if (const auto* w = workloads::findWorkload(o.workload)) {
    selected.push_back(w);
  } else {
    return Error{ErrorKind::Usage, "unknown workload '" + o.workload + "'. Valid workloads: " +
                                       workloads::workloadNames() + " (or all)."};
  }
  if (selected.size() > 1 && (!o.params.empty() || !o.variants.empty()))
    return Error{ErrorKind::Usage,
                 "--param and --variant need one workload, not 'all': name the workload."};

  std::vector<model::Param> given;
  for (const auto& kv : o.params) {
    auto eq = kv.find('=');
    if (eq == std::string::npos || eq == 0)
      return Error{ErrorKind::Usage, "--param '" + kv + "' is not KEY=VALUE (e.g. -p n=100000)."};
    given.push_back({kv.substr(0, eq), kv.substr(eq + 1)});
  }
  // --op X is the factorization workload's -p op=X, spelled as the issue tracker and users
  // write it; a workload without an `op` parameter refuses it like any unknown parameter.
  if (!o.op.empty()) given.push_back({"op", o.op});
  const int cores = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  std::vector<int> threads = defaultThreadList(cores);
  if (!o.threads.empty()) {
    auto t = parseThreadList(o.threads, cores);
    if (!t) return t.error();
    threads = *t;
  }

  std::vector<int> ranks = defaultThreadList(cores);
  if (!o.ranks.empty()) {
    auto r = parseThreadList(o.ranks, cores);
    if (!r) return model::Error{ErrorKind::Usage, "--ranks: " + r.error().message};
    ranks = *r;
  }

  std::vector<profiler::Case> cases;
  for (const auto* w : selected) {
    auto variants = workloads::resolveVariants(*w, o.variants);
    if (!variants) return variants.error();
    // `-p n=256,512` (or a list-valued default) sweeps: parameter sets outermost.
    auto paramSets = workloads::expandParams(*w, given);
    if (!paramSets) return paramSets.error();
    const std::optional<double> caseMinTime = o.minTimeGiven ? std::nullopt : w->preferredMinTimeSeconds();
    for (const auto& params : *paramSets) {
      for (const auto* v : *variants) {
        // A serial variant has one thread count: 1, whatever the sweep; a distributed one
        // runs single-threaded ranks.
        std::vector<int> threadCounts = v->threaded ? threads : std::vector<int>{1};
        std::vector<int> rankCounts = v->distributed ? ranks : std::vector<int>{1};
        for (int r : rankCounts)
          for (int t : threadCounts) {
            model::Run id;
            id.workload = std::string(w->name());
            id.variant = v->name;
            id.params = params;
            id.threads = t;
            id.ranks = r;
            id.name = model::benchmarkName(id);
            workloads::CaseConfig config{v->name, params, t, r};
            profiler::Case c;
            c.identity = id;
            c.prepare = [w, config]() -> model::Result<profiler::CaseBody> {
                               auto inst = w->prepare(config);
                               if (!inst) return inst.error();
                               std::shared_ptr<workloads::Instance> shared = std::move(*inst);
                               return profiler::CaseBody{[shared] { shared->run(); },
                                                         [shared] { return shared->metrics(); },
                                                         [shared] { return shared->series(); },
                                                         [shared] { shared->resume(); }};
                             };
            c.minTimeSeconds = caseMinTime;
            c.command = caseCommand(o, id, caseMinTime.value_or(o.minTime));
            // Every rank count, 1 included, runs under mpirun: the variant calls MPI, and a
            // process that initializes MPI once must not fork or run another case after.
            if (v->distributed) c.launcher = profiler::mpiLauncher(r, cores);
            // Simulated counts: the case (every rank of it) runs under callgrind.
            if (simulated(o)) {
              auto vg = profiler::valgrindLauncher();
              c.launcher.insert(c.launcher.end(), vg.begin(), vg.end());
            }
            cases.push_back(std::move(c));
          }
      }
    }
  }
  return cases;
}

// "[3/6] kmeans/threads/…/threads:2" while running (on a terminal), then one result line
// per case on standard error.
class Progress final : public profiler::HarnessObserver {
 public:
  explicit Progress(bool quiet) : m_quiet(quiet), m_tty(isatty(STDERR_FILENO) == 1) {}

  void caseStarting(std::size_t i, std::size_t total, const model::Run& id) override {
    if (m_quiet || !m_tty) return;
    const double elapsed = seconds();
    std::string eta = i == 0 ? "" : fmt::format(", ETA {:.0f}s", elapsed / static_cast<double>(i) *
                                                                      static_cast<double>(total - i));
    fmt::print(stderr, "\r\033[K[{}/{}] {} (elapsed {:.0f}s{})", i + 1, total, id.name, elapsed, eta);
    std::fflush(stderr);
  }

  void caseFinished(std::size_t i, std::size_t total, const model::Run& run) override {
    if (m_quiet) return;
    if (m_tty) fmt::print(stderr, "\r\033[K");
    if (run.status != model::RunStatus::Ok) {
      fmt::print(stderr, "[{}/{}] {}  FAILED: {}\n", i + 1, total, run.name, run.reason);
      return;
    }
    std::vector<double> wall;
    for (const auto& s : run.samples) wall.push_back(s.wallSeconds);
    auto sum = analysis::summarize(wall);
    fmt::print(stderr, "[{}/{}] {}  {} ±{:.1f}% ({} reps)\n", i + 1, total, run.name,
               analysis::formatDuration(sum.median), sum.cv * 100, sum.count);
  }

 private:
  double seconds() const {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - m_start).count();
  }
  bool m_quiet;
  bool m_tty;
  std::chrono::steady_clock::time_point m_start = std::chrono::steady_clock::now();
};

model::Status checkOptions(const RunOptions& o) {
  if (o.repetitions < 1 || o.repetitions > 1000)
    return model::Error{ErrorKind::Usage, "--repetitions must be between 1 and 1000."};
  if (!(o.timeout >= 0) || !(o.memoryLimitMiB >= 0))
    return model::Error{ErrorKind::Usage, "--timeout and --memory-limit must not be negative."};
  if (!(o.minTime >= 0 && o.minTime <= 3600))
    return model::Error{ErrorKind::Usage, "--min-time must be between 0 and 3600 seconds."};
  return model::Ok{};
}

// What the measuring flags ask of the harness (the caller adds the stop flag).
profiler::HarnessOptions harnessOptions(const RunOptions& o, std::vector<std::string> events) {
  profiler::HarnessOptions options;
  options.repetitions = o.repetitions;
  options.minTimeSeconds = o.minTime;
  options.events = std::move(events);
  options.trackAllocations = !o.noAlloc;
  options.recordRegions = !o.noRegions;
  options.perThread = o.perThread;
  options.regionCounters = o.regionCounters;
  options.interleave = !o.noInterleave;
  // A limit needs a child process to enforce it: --timeout or --memory-limit isolate.
  options.isolate = o.isolate || o.timeout > 0 || o.memoryLimitMiB > 0;
  // Isolated and launched (mpirun) cases get a default limit: a hung rank must not hang the
  // session. In-process cases cannot be stopped from outside, so none applies to them.
  options.timeoutSeconds = o.timeout > 0 ? o.timeout : 600;
  options.memoryLimitBytes = static_cast<std::int64_t>(o.memoryLimitMiB * 1024 * 1024);
  return options;
}

// `tunelab __case`: the far end of Case::command. Runs the one case its arguments name, in
// this process, and writes the run where $TUNELAB_CASE_OUT says (every MPI rank its own
// file, which the parent merges). Exit 0 once the run (ok or failed) is written; 2 when the
// arguments do not name exactly one case.
int caseCommandMain(const RunOptions& o) {
  if (auto s = checkOptions(o); !s) return reportError(s.error());
  auto cases = planCases(o);
  if (!cases) return reportError(cases.error());
  if (cases->size() != 1)
    return reportError({ErrorKind::Usage, "__case runs exactly one case; these arguments name " +
                                              std::to_string(cases->size()) + "."});
  auto events = eventsFor(o);
  if (!events) return reportError(events.error());
  auto& c = cases->front();
  c.launcher.clear();  // we are the launched process
  auto options = harnessOptions(o, *events);
  options.isolate = false;
  options.simulate = simulated(o);
  model::Run got;
  auto summary = profiler::runCases(*cases, options, [&](const model::Run& run) -> model::Status {
    got = run;
    return model::Ok{};
  }, nullptr);
  if (!summary) return reportError(summary.error());
  if (auto s = profiler::writeCaseResult(got); !s) return reportError(s.error());
  return kExitOk;
}

int runCommand(const RunOptions& o, const Context& ctx) {
  if (auto s = checkOptions(o); !s) return reportError(s.error());
  auto cases = planCases(o);
  if (!cases) return reportError(cases.error());
  auto events = eventsFor(o);
  if (!events) return reportError(events.error());
  if (simulated(o) && !o.quiet)
    fmt::print(stderr, "counting under valgrind (callgrind): instructions are exact, times are "
                       "not — cases run about 50× slower\n");

  auto store = openStore(o.db.path, store::OpenMode::ReadWrite);
  if (!store) return reportError(store.error());

  model::Session session;
  session.label = o.label;
  session.startedAt = profiler::isoTimestampNow();
  session.commandLine = joinCommandLine(ctx.argc, ctx.argv);
  session.environment = profiler::captureEnvironment();
  // What measuring costs here, stored with the session (reports show it; the analysis can
  // subtract the recorded-region cost from very short regions).
  for (auto& fact : profiler::calibrationFacts(profiler::calibrate(*events)))
    session.environment.extra.push_back(std::move(fact));
  {
    const auto options = harnessOptions(o, {});
    session.environment.extra.emplace_back(
        "interleave", options.interleave && !options.isolate
                          ? "scaling series, seeded order per round (seed " +
                                std::to_string(options.interleaveSeed) + ")"
                          : "off");
  }
  // What each workload declares about its work, its variants and its pacing, which the
  // analysis cannot see in the runs (weak scaling, the best serial variant of one operation,
  // runs whose wall time is a schedule's).
  std::set<std::string> workloadsRun;
  for (const auto& c : *cases) workloadsRun.insert(c.identity.workload);
  for (const auto& name : workloadsRun)
    if (const auto* w = workloads::findWorkload(name)) {
      analysis::WorkloadTraits traits;
      traits.variantsAreOneOperation = w->variantsAreOneOperation();
      for (const auto& [param, exponent] : w->workExponents()) traits.workExponents[param] = exponent;
      if (const auto pacing = w->pacingParam()) {
        traits.pacingParam = pacing->name;
        traits.unpacedValue = pacing->unpaced;
      }
      for (auto& fact : analysis::workloadTraitFacts(name, traits))
        session.environment.extra.push_back(std::move(fact));
    }
  if (!o.quiet)
    for (const auto& w : profiler::noiseWarnings(session.environment))
      fmt::print(stderr, "***WARNING*** {}\n", w);
  auto sessionId = store->beginSession(session);
  if (!sessionId) return reportError(sessionId.error());
  if (!o.quiet)
    fmt::print(stderr, "session {} → {}: {} case(s) × {} repetition(s)\n", sessionId->value(),
               o.db.path, cases->size(), o.repetitions);

  std::optional<StopOnSignal> stopOnSignal(std::in_place);
  Progress progress(o.quiet);
  auto options = harnessOptions(o, *events);
  options.stopRequested = &StopOnSignal::flag();
  auto sink = [&](const model::Run& run) -> model::Status {
    auto id = store->addRun(*sessionId, run);
    if (!id) return id.error();
    return model::Ok{};
  };
  auto summary = profiler::runCases(*cases, options, sink, &progress);
  stopOnSignal.reset();

  const bool interrupted = !summary || summary->interrupted;
  auto status = interrupted ? model::SessionStatus::Interrupted : model::SessionStatus::Complete;
  auto finished = store->finishSession(*sessionId, status, profiler::isoTimestampNow());
  if (!summary) {
    // The store refused a run (disk full, file gone read-only …): say what is kept.
    model::Error e = summary.error();
    e.message += fmt::format(
        ". The case in flight is lost; every run finished before it is stored in session {} ({}).",
        sessionId->value(),
        finished ? "marked interrupted" : "left marked running: " + finished.error().message);
    return reportError(e);
  }
  if (!finished) return reportError(finished.error());

  return finishRun(*store, *sessionId, o.noReport, interrupted ? StopOnSignal::signal() : 0,
                   summary->ok + summary->failed, summary->failed);
}

}  // namespace

int measureMachine(const std::string& db, bool quiet, const Context& ctx) {
  RunOptions o;
  o.workload = "machine";
  o.db.path = db;
  o.label = "machine";
  o.repetitions = 3;  // the best median over thread counts is the ceiling: 3 suffice
  o.counters = "none";
  o.quiet = quiet;
  o.noReport = true;
  const int code = runCommand(o, ctx);
  if (code != kExitOk) return code;
  auto store = openStore(db, store::OpenMode::ReadOnly);
  if (!store) return reportError(store.error());
  auto id = store->resolveSession("latest");
  if (!id) return reportError(id.error());
  auto runs = store->runs(*id);
  if (!runs) return reportError(runs.error());
  const auto c = analysis::machineCeilings(*runs);
  auto line = [](std::string_view what, const std::optional<analysis::Ceiling>& v, std::string_view unit) {
    if (v) fmt::print("{:<22} {:>9.1f} {:<8} ({} thread{})\n", what, v->value, unit, v->threads,
                      v->threads == 1 ? "" : "s");
    else fmt::print("{:<22} {:>9} {}\n", what, "–", "(not measured)");
  };
  fmt::print("\nceilings of this machine (session {} in {}):\n", id->value(), db);
  line("memory bandwidth", c.bandwidth, "GB/s");
  line("peak fp32 (FMA)", c.peakF32, "GFLOP/s");
  line("peak fp64 (FMA)", c.peakF64, "GFLOP/s");
  if (auto r = c.ridgePoint(true)) fmt::print("{:<22} {:>9.2f} FLOP/B (fp64: below it a kernel is memory-bound)\n", "ridge point", *r);
  return kExitOk;
}

namespace {

// The options `run` and `__case` share: what to run and how to measure it.
void addCaseOptions(CLI::App* cmd, RunOptions& o, bool workloadRequired = true) {
  auto* workload = cmd->add_option("WORKLOAD", o.workload, "workload name (see `tunelab list`), or all; or, "
                                                           "instead, `-- COMMAND [ARGS…]`: your own program");
  if (workloadRequired) workload->required();
  cmd->add_option("-v,--variant", o.variants, "variants to run, comma-separated (default: all)")
      ->delimiter(',')
      ->type_name("V,…");
  cmd->add_option("-p,--param", o.params,
                  "a workload parameter, repeatable; VALUE may be a comma-separated list to sweep "
                  "(default: the workload's defaults). With -- COMMAND: a placeholder {KEY} of the "
                  "command, swept over the list")
      ->type_name("KEY=VALUE");
  cmd->add_option("--op", o.op,
                  "the operation of workloads that have one, e.g. factor: cholesky, lu, qr, svd, "
                  "rsvd (or a comma list); the same as -p op=…")
      ->type_name("OP");
  cmd->add_option("-t,--threads", o.threads,
                  "thread counts for threaded variants (with -- COMMAND: the values of {threads}): "
                  "1,2,4 or 1-4 or max (default: 1, 2, 4 … up to the core count)")
      ->type_name("LIST");
  cmd->add_option("--ranks", o.ranks,
                  "MPI rank counts for distributed variants (started with mpirun), same forms as "
                  "--threads (default: 1, 2, 4 … up to the core count)")
      ->type_name("LIST");
  cmd->add_option("-r,--repetitions", o.repetitions, "repetitions per case; each is stored as a sample")
      ->capture_default_str();
  cmd->add_option("--min-time", o.minTime,
                  "minimum seconds per repetition; short cases are iterated until they reach it (0: one "
                  "iteration; default 0.2, or the workload's own choice: `tunelab list WORKLOAD` says)")
      ->capture_default_str()
      ->type_name("S");
  cmd->add_option("--counters", o.counters,
                  "events to count: default (cycles, instructions, branch-misses, cache-misses, "
                  "task-clock, page-faults, context-switches), cache, branch, none, a "
                  "comma-separated list of libpfm4/perf names (see `tunelab events`), or valgrind: "
                  "exact instruction counts and simulated cache/branch misses from callgrind, "
                  "the same on every run — the signal for CI machines without a PMU")
      ->capture_default_str()
      ->type_name("SPEC");
  cmd->add_flag("--no-alloc", o.noAlloc, "do not track heap allocations");
  cmd->add_flag("--no-regions", o.noRegions, "do not record time per region");
  cmd->add_flag("--region-counters", o.regionCounters,
                "also count the --counters events per region (TUNELAB_REGION), for the threads "
                "inside it; costs a read per event at each region entry and exit. With `-- COMMAND`: "
                "in a program built with the SDK (docs/SDK.md)");
  cmd->add_flag("--per-thread", o.perThread,
                "also record CPU time and the counters per thread, for load imbalance "
                "(busiest thread against the mean)");
}

// `-- COMMAND` or --gbench with the options shared with workloads; workload-only ones refused.
int runCommandMode(const RunOptions& o, CommandRunOptions co, CLI::App* cmd, const Context& ctx) {
  if (!o.workload.empty())
    return reportError({ErrorKind::Usage, "give a WORKLOAD or `-- COMMAND`, not both ('" + o.workload +
                                              "' before the `--`)."});
  for (const char* name : {"--variant", "--ranks", "--op", "--min-time", "--no-regions",
                           "--per-thread", "--no-interleave", "--isolate"})
    if (cmd->get_option(name)->count() > 0)
      return reportError({ErrorKind::Usage, std::string(name) + " applies to workloads, not to `-- COMMAND` "
                                                                "(every execution is its own process already)."});
  co.command = ctx.command;
  co.params = o.params;
  co.threads = o.threads;
  co.repetitions = o.repetitions;
  co.counters = o.counters;
  co.regionCounters = o.regionCounters;
  co.noAlloc = o.noAlloc;
  co.timeout = o.timeout;
  co.memoryLimitMiB = o.memoryLimitMiB;
  co.label = o.label;
  co.db = o.db.path;
  co.quiet = o.quiet;
  co.noReport = o.noReport;
  return co.gbench.empty() ? runUserCommand(co, ctx) : runGoogleBenchmark(co, ctx);
}

}  // namespace

void addRunCommand(CLI::App& app, Context& ctx) {
  auto* cmd = app.add_subcommand(
      "run", "Run a workload's variants × parameters × threads, or your own program (`-- COMMAND`), "
             "into the database");
  auto o = std::make_shared<RunOptions>();
  auto co = std::make_shared<CommandRunOptions>();
  addCaseOptions(cmd, *o, false);
  cmd->add_option("--label", o->label, "a name for the session, usable wherever a session id is")
      ->type_name("TEXT");
  cmd->add_flag("--no-interleave", o->noInterleave,
                "run every repetition of a case before the next case; by default the cases of "
                "one scaling series (the same variant and parameters at several thread counts) "
                "take turns, repetition by repetition in a seeded order, so that a slow spell of "
                "the machine falls on every thread count alike");
  cmd->add_flag("--isolate", o->isolate,
                "run each case in a child process: a crash, hang or out-of-memory is recorded "
                "as crashed / timeout / failed and the session goes on");
  cmd->add_option("--timeout", o->timeout,
                  "seconds per isolated or mpirun-launched case before it is killed (default 600; "
                  "implies --isolate); with -- COMMAND: per execution")
      ->type_name("S");
  cmd->add_option("--memory-limit", o->memoryLimitMiB,
                  "address-space limit (RLIMIT_AS) per isolated case (implies --isolate), or per "
                  "execution of a command")
      ->type_name("MIB");
  o->db.add(*cmd);
  cmd->add_flag("-q,--quiet", o->quiet, "no progress or warnings on standard error");
  cmd->add_flag("--no-report", o->noReport, "do not print the report table at the end");
  addCommandOnlyOptions(cmd, *co);
  cmd->footer(R"FOOTER(Each case (variant × parameters × threads or ranks) runs under Google Benchmark's
runner; every repetition is written to the database as soon as its case finishes,
one transaction per case, with its counters, heap statistics and time per region.
An event this machine cannot count is stored as unsupported with the kernel's
reason, never as 0. Distributed variants run as MPI ranks under mpirun, one
iteration per repetition so the ranks stay in step. Ctrl-C stops after the current
case and marks the session interrupted (exit 130; SIGTERM: 143); the finished runs
stay stored. Killed outright (SIGKILL, a second Ctrl-C), every run committed before
stays stored and `tunelab sessions` shows the session as abandoned.

Examples:
  tunelab run kmeans                              all variants, default sizes, 1..cores threads
  tunelab run kmeans -v threads -t 1-4 -p n=200000 -p k=32
  tunelab run factor -p op=cholesky,lu -p n=512,1024   4 parameter sets × every variant
  tunelab run alloc -v object-pool,glibc -p pattern=fixed-churn -t 1
  tunelab run all -r 3 --db results/tunelab.db --label nightly

Your own program: tunelab run [options] -- COMMAND [ARGS…]. One repetition is one
execution; {threads} (from -t) and {KEY} (from -p KEY=v1,v2) are replaced in the
arguments, --env, --prepare and --setup; each combination is a case stored with that
thread count and those parameters. Measured per execution: wall, user and system CPU,
max RSS, page faults, context switches, --counters on the whole process tree, and the
heap through an LD_PRELOAD library ("allocation tracking unavailable (why)" where that
cannot work). A non-zero exit, a signal or --timeout (default 600 s) ends the case as
failed / crashed / timeout with the end of its stderr; a missing program is refused
before anything runs (exit 2). Details: docs/USER-CODE.md.
  tunelab run -t 1,2 -r 5 -- xz -T{threads} -6 --block-size=1MiB -c big.txt
  tunelab run -p level=1,6,9 --name xz-levels -- xz -{level} -c big.txt
  tunelab run -t 1-4 --env OMP_NUM_THREADS={threads} -- ./my_solver input.dat
  tunelab run --shell --prepare 'rm -f out.zst' -- 'zstd -T{threads} big.txt -o out.zst'
  tunelab run --counters valgrind -r 1 -- ./my_solver small.dat   exact instruction counts
  tunelab run --gbench ./my_bench -r 5 -- --benchmark_filter=BM_Sort   a Google Benchmark binary)FOOTER");
  cmd->callback([o, co, cmd, &ctx] {
    if (ctx.commandGiven || !co->gbench.empty()) {
      ctx.exitCode = runCommandMode(*o, *co, cmd, ctx);
      return;
    }
    if (auto given = commandOnlyOptionsGiven(cmd); !given.empty()) {
      ctx.exitCode = reportError({ErrorKind::Usage, given.front() + " applies to `-- COMMAND` only, not to a workload."});
      return;
    }
    if (o->workload.empty()) {
      ctx.exitCode = reportError({ErrorKind::Usage, "name a WORKLOAD (see `tunelab list`) or give your own "
                                                    "program after `--`: tunelab run [options] -- COMMAND [ARGS…]"});
      return;
    }
    o->minTimeGiven = cmd->get_option("--min-time")->count() > 0;
    ctx.exitCode = runCommand(*o, ctx);
  });

  // Hidden: how `tunelab run` starts one case under mpirun or valgrind (Case::command).
  auto* inner = app.add_subcommand("__case", "");
  inner->group("");
  auto io = std::make_shared<RunOptions>();
  addCaseOptions(inner, *io);
  io->quiet = true;
  inner->callback([io, inner, &ctx] {
    io->minTimeGiven = inner->get_option("--min-time")->count() > 0;
    ctx.exitCode = caseCommandMain(*io);
  });
}

}  // namespace tunelab::cli
