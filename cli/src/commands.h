#pragma once

#include <CLI/CLI.hpp>

#include <string>
#include <vector>

namespace tunelab::cli {

// What the subcommands share: the original command line, and the exit code a subcommand's
// callback leaves for main() to return.
struct Context {
  int argc = 0;
  char** argv = nullptr;
  int exitCode = 0;
  // `tunelab run [options] -- COMMAND [ARGS…]`: what follows the `--` (splitCommand()), kept
  // away from CLI11, which would read the program's own options as tunelab's.
  std::vector<std::string> command = {};
  bool commandGiven = false;
};

// Takes `-- COMMAND…` off the command line of `tunelab run`: fills ctx.command and returns
// how many arguments CLI11 should parse (argc when there is no command).
int splitCommand(int argc, char** argv, Context& ctx);

void addRunCommand(CLI::App& app, Context& ctx);
void addListCommand(CLI::App& app, Context& ctx);
void addInfoCommand(CLI::App& app, Context& ctx);
void addEventsCommand(CLI::App& app, Context& ctx);
void addSessionsCommand(CLI::App& app, Context& ctx);
void addReportCommand(CLI::App& app, Context& ctx);
void addExportCommand(CLI::App& app, Context& ctx);
void addImportCommand(CLI::App& app, Context& ctx);
void addGenerateCommand(CLI::App& app, Context& ctx);
void addCompareCommand(CLI::App& app, Context& ctx);
void addTrendCommand(CLI::App& app, Context& ctx);
void addPlotCommand(CLI::App& app, Context& ctx);

// A chart of `tunelab plot` as SVG text, drawn by tunelab-plot in a child process (the GUI's
// chart code, offscreen): `args` are tunelab-plot's (--view, --db, --session, --workload …)
// without --out. An empty result with `why` set where it could not be drawn.
std::string plotSvg(const std::vector<std::string>& args, std::string& why);

// `tunelab info --measure`: runs the `machine` workload (bandwidth and peak FLOP rate, every
// thread count) into the database as a session labelled "machine", and prints the ceilings.
int measureMachine(const std::string& db, bool quiet, const Context& ctx);

}  // namespace tunelab::cli
