#pragma once

// A program tunelab did not build, measured as a workload: `tunelab run [options] -- COMMAND
// [ARGS…]`. One repetition is one execution of the process. Per execution: wall time; user
// and system CPU time, max RSS, page faults and context switches from wait4's rusage; the
// requested counters on the process and everything it starts (perf_event_open with inherit,
// enabled at exec, as `perf stat` counts); heap statistics through libtunelab_preload.so
// (LD_PRELOAD), or, under `--counters valgrind`, callgrind's exact counts.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "tunelab/model/result.h"
#include "tunelab/model/run.h"

namespace tunelab::profiler {

// ---- planning (command_plan.cc) -------------------------------------------------------

// What the command line says, before placeholders are replaced.
struct CommandTemplate {
  std::vector<std::string> argv;         // COMMAND ARGS…, `{threads}` and `{NAME}` inside
  std::vector<std::string> environment;  // --env NAME=VALUE, placeholders too
  std::string prepare;                   // --prepare: /bin/sh -c, before each repetition
  std::string setup;                     // --setup: /bin/sh -c, once per case
  bool shell = false;                    // --shell: argv joined and run by /bin/sh -c
  std::string name;                      // --name; empty: the program's base name
  std::string variant = "command";
};

// `-p NAME=v1,v2`: one swept placeholder.
struct CommandParam {
  std::string name;
  std::vector<std::string> values;
};

// One case: the run's identity (workload = name, variant, params, threads) and what to start.
struct CommandCase {
  model::Run identity;
  std::vector<std::string> argv;  // argv[0] as given (execvp searches PATH)
  std::vector<std::string> environment;
  std::string prepare;
  std::string setup;
};

// The cases of the cartesian product of `threads` (empty: {1}) and every parameter's values,
// parameters outermost, in the order given. A usage error when a parameter or -t is given
// that no argument, --env, --prepare or --setup uses (every case would run the same
// command), or when a name is not an identifier. `notes` receives one line per `{word}` left
// as written because no -p names it.
model::Result<std::vector<CommandCase>> planCommandCases(const CommandTemplate& t,
                                                         const std::vector<CommandParam>& params,
                                                         const std::vector<int>& threads,
                                                         std::vector<std::string>* notes = nullptr);

// Whether `text` contains the placeholder `{name}`.
bool usesPlaceholder(const std::vector<std::string>& texts, const std::string& name);

// `argv0` resolved as execvp would (a name with a slash as is, else the first executable file
// of that name on PATH); an input error ("… not found on PATH", "… is not executable") else.
model::Result<std::string> resolveProgram(const std::string& argv0);

// Why LD_PRELOAD cannot track the heap of the program at `path` — "statically linked (no
// PT_INTERP: …)" — or nothing when it can. A `#!` script is judged by its interpreter. A
// file that is not ELF (and no script) is judged unknown: nothing is said.
std::optional<std::string> preloadObstacle(const std::string& path);

// ---- running (command_runner.cc) -------------------------------------------------------

// `--region-counters` for a program built with the SDK: the value of $TUNELAB_REGION_EVENTS
// that tells its recorder (tunelab/probe/env_recorder.h) which events to open per thread —
// each encoded as CounterSet would open it — and the events that cannot be counted here, as
// unsupported values with the reason, for every region. Empty `env` when nothing can be.
struct RegionEvents {
  std::string env;
  std::vector<model::CounterValue> unsupported;
};
RegionEvents regionEventsFor(const std::vector<std::string>& events);

struct CommandOptions {
  int repetitions = 5;
  int warmup = 0;
  std::vector<std::string> events;  // perf_event counters (resolveEventList); empty: none
  bool simulate = false;            // under callgrind (--counters valgrind): exact counts
  bool trackAllocations = true;
  std::string preloadLibrary;       // libtunelab_preload.so; empty: tracking unavailable
  std::string allocObstacle;        // set: tracking unavailable, and why (preloadObstacle)
  double timeoutSeconds = 0;        // per execution; 0: none
  std::int64_t memoryLimitBytes = 0;  // RLIMIT_AS per execution; 0: none
  RegionEvents regionEvents;          // --region-counters: counters per region of an SDK program
};

struct CommandRunResult {
  model::Run run;
  // Set when the run's samples carry no heap statistics although they were asked for:
  // "allocation tracking unavailable (…)". Never zeros in their place.
  std::string allocUnavailable;
};

// Setup, the warm-up executions, then one execution per repetition (each after --prepare).
// The first execution that does not succeed ends the case: exit status ≠ 0 → failed, a
// signal → crashed, past the timeout → timeout (the whole process group killed), each with
// the last lines of its standard error as the reason.
CommandRunResult runCommandCase(const CommandCase& c, const CommandOptions& options);

// Where libtunelab_preload.so is: $TUNELAB_PRELOAD, else beside this executable, else
// ../lib/tunelab/ from it (an installed tunelab). Empty when none exists.
std::string findPreloadLibrary();

}  // namespace tunelab::profiler
