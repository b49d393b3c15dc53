#include <CLI/CLI.hpp>
#include <fmt/core.h>

#include "commands.h"
#include "common.h"
#include "tunelab/workloads/workload.h"

int main(int argc, char** argv) {
  using namespace tunelab::cli;
  tunelab::workloads::quietLibraries();  // before any case: no idle BLAS worker polls a core
  CLI::App app{
      "tunelab — run reference workloads under a profiling harness, store every repetition in "
      "SQLite, and turn the results into speedup, efficiency and reports.",
      "tunelab"};
  app.footer(R"(Examples:
  tunelab list                                   workloads, variants, parameters
  tunelab run kmeans -t 1,2 -r 5                 k-means, every variant, 1 and 2 threads
  tunelab run kmeans -v threads -p n=100000 -p k=16 --label big
  tunelab run -t 1,2 -r 5 -- xz -T{threads} -c big.txt
                                                 your own program: one execution per
                                                 repetition, speedup over {threads}
  tunelab report                                 the latest session as a table
  tunelab compare main pr --out comment.md       baseline against candidate: verdicts,
                                                 exit 1 on a regression
  tunelab export --view samples --out samples.csv
  tunelab info                                   this machine, as sessions record it
  tunelab generate blobs -o pts.f32 -n 1000000   a data set for `-p input=pts.f32`

Exit codes: 0 success, 1 a workload failed (compare: a regression), 2 usage, input
or database error, 130 interrupted (Ctrl-C), 143 terminated (SIGTERM). The database is
./tunelab.db unless --db or $TUNELAB_DB says otherwise.
`tunelab COMMAND --help` explains each command.)");
  app.require_subcommand(1);
  app.set_version_flag("--version", std::string("tunelab ") + TUNELAB_VERSION_STRING);

  Context ctx{argc, argv, 0};
  addRunCommand(app, ctx);
  addListCommand(app, ctx);
  addReportCommand(app, ctx);
  addExportCommand(app, ctx);
  addImportCommand(app, ctx);
  addCompareCommand(app, ctx);
  addTrendCommand(app, ctx);
  addSessionsCommand(app, ctx);
  addInfoCommand(app, ctx);
  addEventsCommand(app, ctx);
  addGenerateCommand(app, ctx);
  addPlotCommand(app, ctx);

  const int parsed = splitCommand(argc, argv, ctx);
  try {
    app.parse(parsed, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    fmt::print(stderr, "tunelab: {}\nRun `tunelab --help` (or `tunelab COMMAND --help`) for usage.\n",
               e.what());
    return kExitUsage;
  }
  return ctx.exitCode;
}
