#include <fmt/core.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <csignal>
#include <thread>

#include "commands.h"
#include "common.h"
#include "report_table.h"
#include "threads_list.h"
#include "tunelab/analysis/format.h"
#include "tunelab/analysis/statistics.h"
#include "tunelab/model/params.h"
#include "tunelab/profiler/clock.h"
#include "tunelab/profiler/counters.h"
#include "tunelab/profiler/environment.h"
#include "tunelab/profiler/harness.h"
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
  int repetitions = 5;
  double minTime = 0.2;
  std::string label;
  DbOption db;
  bool quiet = false;
  bool noReport = false;
  std::string counters = "default";
  bool noAlloc = false;
  bool noRegions = false;
  bool isolate = false;
  double timeout = 0;
  double memoryLimitMiB = 0;
};

std::atomic<bool> g_stop{false};

extern "C" void onInterrupt(int) {
  g_stop.store(true);
  // A second Ctrl-C ends the process at once; the runs already committed stay in the store.
  std::signal(SIGINT, SIG_DFL);
  std::signal(SIGTERM, SIG_DFL);
  constexpr char kMsg[] = "\ntunelab: stopping after the current case (Ctrl-C again to abort)\n";
  (void)!write(STDERR_FILENO, kMsg, sizeof kMsg - 1);
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
  const int cores = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  std::vector<int> threads = defaultThreadList(cores);
  if (!o.threads.empty()) {
    auto t = parseThreadList(o.threads, cores);
    if (!t) return t.error();
    threads = *t;
  }

  std::vector<profiler::Case> cases;
  for (const auto* w : selected) {
    auto variants = workloads::resolveVariants(*w, o.variants);
    if (!variants) return variants.error();
    auto params = workloads::resolveParams(*w, given);
    if (!params) return params.error();
    for (const auto* v : *variants) {
      // A serial variant has one thread count: 1, whatever the sweep.
      std::vector<int> counts = v->threaded ? threads : std::vector<int>{1};
      for (int t : counts) {
        model::Run id;
        id.workload = std::string(w->name());
        id.variant = v->name;
        id.params = *params;
        id.threads = t;
        id.name = model::benchmarkName(id);
        workloads::CaseConfig config{v->name, *params, t};
        cases.push_back({id, [w, config]() -> model::Result<profiler::CaseBody> {
                           auto inst = w->prepare(config);
                           if (!inst) return inst.error();
                           std::shared_ptr<workloads::Instance> shared = std::move(*inst);
                           return profiler::CaseBody{[shared] { shared->run(); },
                                                     [shared] { return shared->metrics(); },
                                                     [shared] { return shared->series(); }};
                         }});
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

int runCommand(const RunOptions& o, const Context& ctx) {
  if (o.repetitions < 1 || o.repetitions > 1000)
    return reportError({ErrorKind::Usage, "--repetitions must be between 1 and 1000."});
  if (!(o.timeout >= 0) || !(o.memoryLimitMiB >= 0))
    return reportError({ErrorKind::Usage, "--timeout and --memory-limit must not be negative."});
  if (!(o.minTime >= 0 && o.minTime <= 3600))
    return reportError({ErrorKind::Usage, "--min-time must be between 0 and 3600 seconds."});
  auto cases = planCases(o);
  if (!cases) return reportError(cases.error());
  auto events = profiler::resolveEventList(o.counters);
  if (!events) return reportError(events.error());

  auto store = openStore(o.db.path, store::OpenMode::ReadWrite);
  if (!store) return reportError(store.error());

  model::Session session;
  session.label = o.label;
  session.startedAt = profiler::isoTimestampNow();
  session.commandLine = joinCommandLine(ctx.argc, ctx.argv);
  session.environment = profiler::captureEnvironment();
  if (!o.quiet)
    for (const auto& w : profiler::noiseWarnings(session.environment))
      fmt::print(stderr, "***WARNING*** {}\n", w);
  auto sessionId = store->beginSession(session);
  if (!sessionId) return reportError(sessionId.error());
  if (!o.quiet)
    fmt::print(stderr, "session {} → {}: {} case(s) × {} repetition(s)\n", sessionId->value(),
               o.db.path, cases->size(), o.repetitions);

  g_stop = false;
  std::signal(SIGINT, onInterrupt);
  std::signal(SIGTERM, onInterrupt);
  Progress progress(o.quiet);
  profiler::HarnessOptions options;
  options.repetitions = o.repetitions;
  options.minTimeSeconds = o.minTime;
  options.stopRequested = &g_stop;
  options.events = *events;
  options.trackAllocations = !o.noAlloc;
  options.recordRegions = !o.noRegions;
  // A limit needs a child process to enforce it: --timeout or --memory-limit isolate.
  options.isolate = o.isolate || o.timeout > 0 || o.memoryLimitMiB > 0;
  options.timeoutSeconds = o.timeout > 0 ? o.timeout : (options.isolate ? 600 : 0);
  options.memoryLimitBytes = static_cast<std::int64_t>(o.memoryLimitMiB * 1024 * 1024);
  auto sink = [&](const model::Run& run) -> model::Status {
    auto id = store->addRun(*sessionId, run);
    if (!id) return id.error();
    return model::Ok{};
  };
  auto summary = profiler::runCases(*cases, options, sink, &progress);
  std::signal(SIGINT, SIG_DFL);
  std::signal(SIGTERM, SIG_DFL);

  const bool interrupted = !summary || summary->interrupted;
  auto status = interrupted ? model::SessionStatus::Interrupted : model::SessionStatus::Complete;
  if (auto s = store->finishSession(*sessionId, status, profiler::isoTimestampNow()); !s)
    return reportError(s.error());
  if (!summary) return reportError(summary.error());

  if (!o.noReport) {
    auto stored = store->session(*sessionId);
    auto runs = store->runs(*sessionId);
    if (!stored) return reportError(stored.error());
    if (!runs) return reportError(runs.error());
    fmt::print("\n");
    printReport(stdout, *stored, *runs);
  }
  if (interrupted) {
    fmt::print(stderr, "tunelab: interrupted; the {} finished run(s) are stored in session {}.\n",
               summary->ok + summary->failed, sessionId->value());
    return kExitInterrupted;
  }
  return summary->failed > 0 ? kExitFailure : kExitOk;
}

}  // namespace

void addRunCommand(CLI::App& app, Context& ctx) {
  auto* cmd = app.add_subcommand("run", "Run a workload's variants × parameters × threads into the database");
  auto o = std::make_shared<RunOptions>();
  cmd->add_option("WORKLOAD", o->workload, "workload name (see `tunelab list`), or all")->required();
  cmd->add_option("-v,--variant", o->variants, "variants to run, comma-separated (default: all)")
      ->delimiter(',')
      ->type_name("V,…");
  cmd->add_option("-p,--param", o->params, "a workload parameter, repeatable (default: the workload's defaults)")
      ->type_name("KEY=VALUE");
  cmd->add_option("-t,--threads", o->threads,
                  "thread counts for threaded variants: 1,2,4 or 1-4 or max "
                  "(default: 1, 2, 4 … up to the core count)")
      ->type_name("LIST");
  cmd->add_option("-r,--repetitions", o->repetitions, "repetitions per case; each is stored as a sample")
      ->capture_default_str();
  cmd->add_option("--min-time", o->minTime,
                  "minimum seconds per repetition; short cases are iterated until they reach it (0: one iteration)")
      ->capture_default_str()
      ->type_name("S");
  cmd->add_option("--label", o->label, "a name for the session, usable wherever a session id is")
      ->type_name("TEXT");
  cmd->add_option("--counters", o->counters,
                  "events to count: default (cycles, instructions, branch-misses, cache-misses, "
                  "task-clock, page-faults, context-switches), cache, branch, none, or a "
                  "comma-separated list of libpfm4/perf names (see `tunelab events`)")
      ->capture_default_str()
      ->type_name("SPEC");
  cmd->add_flag("--no-alloc", o->noAlloc, "do not track heap allocations");
  cmd->add_flag("--no-regions", o->noRegions, "do not record time per region");
  cmd->add_flag("--isolate", o->isolate,
                "run each case in a child process: a crash, hang or out-of-memory is recorded "
                "as crashed / timeout / failed and the session goes on");
  cmd->add_option("--timeout", o->timeout, "seconds per isolated case before it is killed (default 600; implies --isolate)")
      ->type_name("S");
  cmd->add_option("--memory-limit", o->memoryLimitMiB, "address-space limit per isolated case (implies --isolate)")
      ->type_name("MIB");
  o->db.add(*cmd);
  cmd->add_flag("-q,--quiet", o->quiet, "no progress or warnings on standard error");
  cmd->add_flag("--no-report", o->noReport, "do not print the report table at the end");
  cmd->footer(R"(Each case (variant × parameters × threads) runs under Google Benchmark's runner;
every repetition is written to the database as soon as its case finishes, one
transaction per case, with its counters, heap statistics and time per region. An
event this machine cannot count is stored as unsupported with the kernel's reason,
never as 0. Ctrl-C stops after the current case and marks the session
interrupted (exit 130); the finished runs stay stored.

Examples:
  tunelab run kmeans                              all variants, default sizes, 1..cores threads
  tunelab run kmeans -v threads -t 1-4 -p n=200000 -p k=32
  tunelab run all -r 3 --db results/tunelab.db --label nightly)");
  cmd->callback([o, &ctx] { ctx.exitCode = runCommand(*o, ctx); });
}

}  // namespace tunelab::cli
