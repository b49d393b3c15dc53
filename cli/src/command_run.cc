// `tunelab run [options] -- COMMAND [ARGS…]`: a program tunelab did not build, swept over
// `{threads}` and `{NAME}` placeholders, one execution per repetition, stored as runs that
// report, scaling, compare, trend and export read like any workload's (profiler/command.h).
#include "command_run.h"

#include <fmt/core.h>
#include <unistd.h>

#include <atomic>
#include <csignal>
#include <cstring>
#include <map>
#include <thread>

#include "common.h"
#include "report_table.h"
#include "stop_signal.h"
#include "threads_list.h"
#include "tunelab/analysis/format.h"
#include "tunelab/analysis/statistics.h"
#include "tunelab/model/status.h"
#include "tunelab/profiler/clock.h"
#include "tunelab/profiler/command.h"
#include "tunelab/profiler/counters.h"
#include "tunelab/profiler/environment.h"

namespace tunelab::cli {
namespace {

using model::Error;
using model::ErrorKind;



model::Result<std::vector<profiler::CommandParam>> parseParams(const std::vector<std::string>& given) {
  std::vector<profiler::CommandParam> out;
  for (const auto& kv : given) {
    const auto eq = kv.find('=');
    if (eq == std::string::npos || eq == 0)
      return Error{ErrorKind::Usage, "--param '" + kv + "' is not NAME=VALUE (e.g. -p level=1,6,9 "
                                     "with {level} in the command)."};
    profiler::CommandParam p{kv.substr(0, eq), {}};
    std::string rest = kv.substr(eq + 1);
    std::size_t pos = 0;
    while (pos <= rest.size()) {
      auto comma = rest.find(',', pos);
      if (comma == std::string::npos) comma = rest.size();
      if (comma > pos) p.values.push_back(rest.substr(pos, comma - pos));
      pos = comma + 1;
    }
    out.push_back(std::move(p));
  }
  return out;
}

std::string joined(const std::vector<std::string>& words) {
  std::string out;
  for (const auto& w : words) out += (out.empty() ? "" : " ") + w;
  return out;
}

model::Status checkOptions(const CommandRunOptions& o) {
  if (o.repetitions < 1 || o.repetitions > 1000)
    return Error{ErrorKind::Usage, "--repetitions must be between 1 and 1000."};
  if (o.warmup < 0 || o.warmup > 1000) return Error{ErrorKind::Usage, "--warmup must be between 0 and 1000."};
  if (!(o.timeout >= 0) || !(o.memoryLimitMiB >= 0))
    return Error{ErrorKind::Usage, "--timeout and --memory-limit must not be negative."};
  return model::Ok{};
}

void printCase(std::size_t i, std::size_t total, const profiler::CommandRunResult& r) {
  const auto& run = r.run;
  if (run.status != model::RunStatus::Ok) {
    fmt::print(stderr, "[{}/{}] {}  {}: {}\n", i + 1, total, run.name,
               run.status == model::RunStatus::Failed ? std::string("FAILED") : std::string(model::toString(run.status)),
               run.reason);
    return;
  }
  std::vector<double> wall, cpu;
  for (const auto& s : run.samples) wall.push_back(s.wallSeconds), cpu.push_back(s.cpuSeconds);
  const auto w = analysis::summarize(wall);
  const auto c = analysis::summarize(cpu);
  fmt::print(stderr, "[{}/{}] {}  {} ±{:.1f}% ({} reps), CPU/wall {:.2f}{}\n", i + 1, total, run.name,
             analysis::formatDuration(w.median), w.cv * 100, w.count,
             w.median > 0 ? c.median / w.median : 0.0,
             r.allocUnavailable.empty() ? "" : "; allocation tracking unavailable (" + r.allocUnavailable + ")");
}

}  // namespace

int splitCommand(int argc, char** argv, Context& ctx) {
  // Only for `run`: the first word that is not an option names the subcommand.
  int sub = 1;
  while (sub < argc && argv[sub][0] == '-') ++sub;
  if (sub >= argc || std::strcmp(argv[sub], "run") != 0) return argc;
  for (int i = sub + 1; i < argc; ++i) {
    if (std::strcmp(argv[i], "--") != 0) continue;
    ctx.commandGiven = true;
    ctx.command.assign(argv + i + 1, argv + argc);
    return i;
  }
  return argc;
}

void addCommandOnlyOptions(CLI::App* cmd, CommandRunOptions& o) {
  const char* group = "Options for `-- COMMAND`";
  cmd->add_option("--name", o.name, "the case name a command's runs are stored under (default: the program's base name)")
      ->type_name("NAME")
      ->group(group);
  cmd->add_option("--warmup", o.warmup, "executions before the measured ones, not stored (default 0)")
      ->type_name("N")
      ->group(group);
  cmd->add_option("--prepare", o.prepare,
                  "a shell command (/bin/sh -c) before every execution, untimed, e.g. to drop a cache "
                  "or remove an output; placeholders are replaced")
      ->type_name("CMD")
      ->group(group);
  cmd->add_option("--setup", o.setup, "a shell command once per case, before its first execution")
      ->type_name("CMD")
      ->group(group);
  cmd->add_flag("--shell", o.shell,
                "run COMMAND through /bin/sh -c (pipes, redirections, globs); without it the program "
                "is executed directly, with no shell in between")
      ->group(group);
  cmd->add_option("--env", o.env, "an environment variable for the command, repeatable; placeholders are "
                                  "replaced (e.g. --env OMP_NUM_THREADS={threads})")
      ->type_name("NAME=VALUE")
      ->group(group);
  cmd->add_option("--gbench", o.gbench,
                  "a Google Benchmark binary instead of a command: run once with JSON output and -r as "
                  "--benchmark_repetitions (arguments after `--` go to it); each benchmark is a run, "
                  "/threads:N its thread count, its arguments parameters, user counters metrics")
      ->type_name("BINARY")
      ->group(group);
}

std::vector<std::string> commandOnlyOptionsGiven(CLI::App* cmd) {
  std::vector<std::string> given;
  for (const char* name : {"--name", "--warmup", "--prepare", "--setup", "--shell", "--env", "--gbench"})
    if (cmd->get_option(name)->count() > 0) given.emplace_back(name);
  return given;
}

int runUserCommand(const CommandRunOptions& o, const Context& ctx) {
  if (auto s = checkOptions(o); !s) return reportError(s.error());
  auto params = parseParams(o.params);
  if (!params) return reportError(params.error());
  profiler::CommandTemplate t;
  t.argv = o.command;
  t.environment = o.env;
  t.prepare = o.prepare;
  t.setup = o.setup;
  t.shell = o.shell;
  t.name = o.name;
  const int cores = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  std::vector<int> threads;
  if (!o.threads.empty()) {
    auto parsed = parseThreadList(o.threads, cores);
    if (!parsed) return reportError(parsed.error());
    threads = *parsed;
  } else {
    std::vector<std::string> texts = o.command;
    texts.insert(texts.end(), o.env.begin(), o.env.end());
    texts.push_back(o.prepare);
    texts.push_back(o.setup);
    // {threads} without -t: the default sweep, as for workloads; no {threads}: one count.
    if (profiler::usesPlaceholder(texts, "threads")) threads = defaultThreadList(cores);
  }
  std::vector<std::string> notes;
  auto cases = profiler::planCommandCases(t, *params, threads, &notes);
  if (!cases) return reportError(cases.error());

  // Refused before anything runs: a program that cannot start would fail every case.
  std::map<std::string, std::string> resolved;
  for (const auto& c : *cases) {
    if (resolved.count(c.argv.front())) continue;
    auto path = profiler::resolveProgram(c.argv.front());
    if (!path) return reportError(path.error());
    resolved[c.argv.front()] = *path;
  }
  const bool simulate = o.counters == "valgrind";
  std::vector<std::string> events;
  if (simulate) {
    if (auto vg = profiler::resolveProgram("valgrind"); !vg)
      return reportError({ErrorKind::Input, "--counters valgrind needs valgrind: " + vg.error().message +
                                                " (Debian: apt-get install valgrind)"});
  } else {
    auto e = profiler::resolveEventList(o.counters);
    if (!e) return reportError(e.error());
    events = *e;
  }
  profiler::CommandOptions options;
  options.repetitions = o.repetitions;
  options.warmup = o.warmup;
  options.events = events;
  options.simulate = simulate;
  options.trackAllocations = !o.noAlloc;
  options.preloadLibrary = profiler::findPreloadLibrary();
  options.timeoutSeconds = o.timeout > 0 ? o.timeout : 600;
  options.memoryLimitBytes = static_cast<std::int64_t>(o.memoryLimitMiB * 1024 * 1024);
  if (o.regionCounters) {
    if (simulate)
      return reportError({ErrorKind::Usage, "--region-counters counts the PMU or the kernel's events per region; "
                                            "under --counters valgrind there are none to count."});
    options.regionEvents = profiler::regionEventsFor(events);
  }

  auto store = openStore(o.db, store::OpenMode::ReadWrite);
  if (!store) return reportError(store.error());
  model::Session session;
  session.label = o.label;
  session.startedAt = profiler::isoTimestampNow();
  session.commandLine = joinCommandLine(ctx.argc, ctx.argv);
  session.environment = profiler::captureEnvironment();
  session.environment.extra.emplace_back("command", joined(o.command));
  if (!o.quiet) {
    for (const auto& w : profiler::noiseWarnings(session.environment))
      fmt::print(stderr, "***WARNING*** {}\n", w);
    for (const auto& n : notes) fmt::print(stderr, "note: {}\n", n);
    if (simulate)
      fmt::print(stderr, "counting under valgrind (callgrind): instructions are exact, times are "
                         "not — the program runs about 50× slower\n");
  }
  auto sessionId = store->beginSession(session);
  if (!sessionId) return reportError(sessionId.error());
  if (!o.quiet)
    fmt::print(stderr, "session {} → {}: {} case(s) × {} repetition(s){}\n", sessionId->value(), o.db,
               cases->size(), o.repetitions, o.warmup > 0 ? fmt::format(" after {} warm-up(s)", o.warmup) : "");

  std::optional<StopOnSignal> stopOnSignal(std::in_place);
  const bool tty = isatty(STDERR_FILENO) == 1;
  std::size_t ok = 0, failed = 0;
  std::optional<model::Error> storeError;
  for (std::size_t i = 0; i < cases->size() && !StopOnSignal::stop(); ++i) {
    const auto& c = (*cases)[i];
    if (!o.quiet && tty) {
      fmt::print(stderr, "\r\033[K[{}/{}] {}", i + 1, cases->size(), c.identity.name);
      std::fflush(stderr);
    }
    auto caseOptions = options;
    if (auto obstacle = profiler::preloadObstacle(resolved[c.argv.front()])) caseOptions.allocObstacle = *obstacle;
    auto result = profiler::runCommandCase(c, caseOptions);
    if (!o.quiet && tty) fmt::print(stderr, "\r\033[K");
    if (!o.quiet) printCase(i, cases->size(), result);
    auto id = store->addRun(*sessionId, result.run);
    if (!id) {
      storeError = id.error();
      break;
    }
    if (!result.allocUnavailable.empty()) {
      auto s = store->addSessionFact(*sessionId, "allocation_tracking." + result.run.name,
                                     "unavailable (" + result.allocUnavailable + ")");
      if (!s) {
        storeError = s.error();
        break;
      }
    }
    (result.run.status == model::RunStatus::Ok ? ok : failed)++;
  }
  stopOnSignal.reset();
  const bool interrupted = storeError.has_value() || ok + failed < cases->size();
  auto finished = store->finishSession(
      *sessionId, interrupted ? model::SessionStatus::Interrupted : model::SessionStatus::Complete,
      profiler::isoTimestampNow());
  if (storeError) {
    model::Error e = *storeError;
    e.message += fmt::format(". Every run finished before it is stored in session {}.", sessionId->value());
    return reportError(e);
  }
  if (!finished) return reportError(finished.error());
  return finishRun(*store, *sessionId, o.noReport, interrupted ? StopOnSignal::signal() : 0, ok + failed,
                   failed);
}

}  // namespace tunelab::cli
