#pragma once

#include <CLI/CLI.hpp>

#include <string>
#include <vector>

#include "commands.h"

namespace tunelab::cli {

// `tunelab run [options] -- COMMAND [ARGS…]`: the options only a command has, and the
// ones it shares with workloads (filled by run_command.cc from its own).
struct CommandRunOptions {
  std::vector<std::string> command;
  // Shared with workloads.
  std::vector<std::string> params;  // -p NAME=v1,v2
  std::string threads;              // -t LIST
  int repetitions = 7;
  std::string counters = "default";
  bool regionCounters = false;  // the --counters events per region, in a program with the SDK
  bool noAlloc = false;
  double timeout = 0;  // 0: the default limit
  double memoryLimitMiB = 0;
  std::string label;
  std::string db;
  bool quiet = false;
  bool noReport = false;
  // Commands only.
  std::string name;
  int warmup = 0;
  std::string prepare;
  std::string setup;
  bool shell = false;
  std::vector<std::string> env;
  std::string gbench;  // --gbench BINARY: a Google Benchmark binary; `command` is its arguments
};

// Adds --name, --warmup, --prepare, --setup, --shell, --env and --gbench to `tunelab run`.
void addCommandOnlyOptions(CLI::App* cmd, CommandRunOptions& o);

// The options above that were given (for "… applies to `-- COMMAND` only").
std::vector<std::string> commandOnlyOptionsGiven(CLI::App* cmd);

// Runs the cases of the command into the database, as `tunelab run WORKLOAD` runs a
// workload's; the exit code.
int runUserCommand(const CommandRunOptions& o, const Context& ctx);

// `tunelab run --gbench BINARY [-- ARGS…]` (gbench_run.cc): the binary once, with JSON output
// and -r repetitions, stored as `tunelab import` stores its JSON.
int runGoogleBenchmark(const CommandRunOptions& o, const Context& ctx);

}  // namespace tunelab::cli
