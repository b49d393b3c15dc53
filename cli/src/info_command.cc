#include <fmt/core.h>

#include "commands.h"
#include "common.h"
#include "tunelab/profiler/environment.h"

namespace tunelab::cli {

void addInfoCommand(CLI::App& app, Context& /*ctx*/) {
  auto* cmd = app.add_subcommand("info", "Describe this machine and build, as sessions record them");
  cmd->footer(
      "Shows CPU, cores, caches, kernel, compiler, build type, git revision, perf_event_paranoid\n"
      "and whether a hardware PMU (cycles, instructions …) can be opened here. `tunelab run`\n"
      "stores the same facts with every session and warns when they make timings noisy.\n"
      "Example:\n  tunelab info");
  cmd->callback([] {
    auto env = profiler::captureEnvironment();
    auto line = [](std::string_view key, const std::string& value) {
      fmt::print("{:<20} {}\n", key, value);
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
    for (const auto& w : profiler::noiseWarnings(env)) fmt::print("warning: {}\n", w);
  });
}

}  // namespace tunelab::cli
