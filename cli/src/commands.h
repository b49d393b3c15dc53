#pragma once

#include <CLI/CLI.hpp>

#include <string>

namespace tunelab::cli {

// What the subcommands share: the original command line, and the exit code a subcommand's
// callback leaves for main() to return.
struct Context {
  int argc = 0;
  char** argv = nullptr;
  int exitCode = 0;
};

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

// `tunelab info --measure`: runs the `machine` workload (bandwidth and peak FLOP rate, every
// thread count) into the database as a session labelled "machine", and prints the ceilings.
int measureMachine(const std::string& db, bool quiet, const Context& ctx);

}  // namespace tunelab::cli
