#include <fmt/core.h>

#include "commands.h"
#include "common.h"
#include "tunelab/profiler/calibration.h"
#include "tunelab/profiler/environment.h"

namespace tunelab::cli {

void addInfoCommand(CLI::App& app, Context& ctx) {
  auto* cmd = app.add_subcommand("info", "Describe this machine and build, as sessions record them");
  auto measure = std::make_shared<bool>(false);
  auto quiet = std::make_shared<bool>(false);
  auto db = std::make_shared<DbOption>();
  cmd->add_flag("--measure", *measure,
                "also measure the machine's ceilings — memory bandwidth (STREAM triad) and peak "
                "fp32/fp64 FMA rate, 1..cores threads — and store them in the database (session "
                "label \"machine\") for rooflines and percent-of-peak figures");
  db->add(*cmd);
  cmd->add_flag("-q,--quiet", *quiet, "with --measure: no progress on standard error");
  cmd->footer(
      "Shows CPU, cores, caches, kernel, compiler, build type, git revision, perf_event_paranoid\n"
      "and whether a hardware PMU (cycles, instructions …) can be opened here. `tunelab run`\n"
      "stores the same facts with every session and warns when they make timings noisy.\n"
      "Measure on a quiet machine: a ceiling measured under load is too low.\n"
      "Examples:\n  tunelab info\n  tunelab info --measure --db results/tunelab.db");
  cmd->callback([measure, quiet, db, &ctx] {
    auto env = profiler::captureEnvironment();
    auto line = [](std::string_view key, const std::string& value) {
      fmt::print("{:<31} {}\n", key, value);
    };
    line("host", env.host);
    line("cpu", env.cpuModel);
    line("cores", fmt::format("{} logical, {} physical", env.logicalCores, env.physicalCores));
    line("kernel", env.kernel);
    line("compiler", env.compiler);
    line("compiler flags", env.compilerFlags.empty() ? "(none)" : env.compilerFlags);
    line("build type", env.buildType);
    line("git revision", env.gitRevision);
    line("tunelab", env.tunelabVersion);
    for (const auto& [key, value] : env.extra) line(key, value);
    for (const auto& [key, value] : profiler::calibrationFacts(profiler::calibrate({"task-clock"})))
      line(key, value);
    for (const auto& w : profiler::noiseWarnings(env)) fmt::print("warning: {}\n", w);
    if (*measure) {
      std::fflush(stdout);
      ctx.exitCode = measureMachine(db->path, *quiet, ctx);
    }
  });
}

}  // namespace tunelab::cli
