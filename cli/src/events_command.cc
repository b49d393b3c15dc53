#include <fmt/core.h>

#include <memory>
#include <string>
#include <vector>

#include "commands.h"
#include "common.h"
#include "tunelab/profiler/events.h"

namespace tunelab::cli {
namespace {

std::size_t widest(const std::vector<std::string>& names, std::size_t atLeast) {
  for (const auto& n : names) atLeast = std::max(atLeast, n.size());
  return atLeast;
}

void printStatus(const profiler::EventProbe& p, std::size_t width) {
  if (p.opens)
    fmt::print("  {:<{}} ok\n", p.name, width);
  else
    fmt::print("  {:<{}} unsupported: {}\n", p.name, width, p.reason);
}

void printPmus() {
  auto pmus = profiler::listPmus();
  if (pmus.empty()) {
    fmt::print("libpfm4 found no PMU: {}\n", profiler::libpfmError());
    return;
  }
  // libpfm4 recognises the CPU model; whether the kernel counts is a separate question,
  // answered below per event.
  fmt::print("PMUs libpfm4 knows for this CPU (the kernel may still refuse their events):\n");
  std::vector<std::string> names;
  for (const auto& p : pmus) names.push_back(p.name);
  const auto width = widest(names, 8);
  for (const auto& p : pmus)
    fmt::print("  {:<{}} {:>4} events  {:<10}  {}\n", p.name, width, p.events, p.kind,
               p.description);
}

void printOverview() {
  printPmus();
  fmt::print("\ncounting: {}\n", profiler::countingScope());
  fmt::print("\nthe default preset (tunelab run --counters default), opened here:\n");
  const auto events = *profiler::presetEvents("default");
  const auto width = widest(events, 8);
  for (const auto& e : events) printStatus(profiler::probeEvent(e), width);
  std::string presets;
  for (const auto& p : profiler::presetNames()) presets += (presets.empty() ? "" : ", ") + p;
  fmt::print(
      "\npresets: {}.\n`tunelab events NAME …` tests names or presets; `tunelab events --all` "
      "lists\n"
      "every event of every PMU above.\n",
      presets);
}

void printAll() {
  auto pmus = profiler::listPmus();
  if (pmus.empty()) fmt::print("libpfm4 found no PMU: {}\n", profiler::libpfmError());
  for (const auto& p : pmus) {
    fmt::print("{} ({}, {} events):\n", p.name, p.description, p.events);
    for (const auto& e : profiler::listEvents(p.name)) fmt::print("  {}\n", e);
  }
}

// Returns whether every name was known.
bool printProbes(const std::vector<std::string>& args) {
  std::vector<std::string> names;
  for (const auto& a : args) {
    if (auto preset = profiler::presetEvents(a))
      names.insert(names.end(), preset->begin(), preset->end());
    else
      names.push_back(a);
  }
  fmt::print("counting: {}\n\n", profiler::countingScope());
  bool allKnown = true;
  const auto width = widest(names, 8);
  for (const auto& name : names) {
    auto p = profiler::probeEvent(name);
    if (!p.known) {
      allKnown = false;
      fmt::print("{:<{}}  unknown: {}\n", name, width, p.reason);
      continue;
    }
    fmt::print("{:<{}}  known ({}): {}\n", name, width, p.via, p.encoding);
    fmt::print("{:<{}}  {}\n", "", width, p.attr);
    if (p.opens)
      fmt::print("{:<{}}  opens here\n", "", width);
    else
      fmt::print("{:<{}}  does not open here: {}\n", "", width, p.reason);
  }
  return allKnown;
}

}  // namespace

void addEventsCommand(CLI::App& app, Context& ctx) {
  auto* cmd = app.add_subcommand(
      "events", "Hardware and software events (libpfm4): which this machine counts, and why not");
  auto names = std::make_shared<std::vector<std::string>>();
  auto all = std::make_shared<bool>(false);
  cmd->add_option("NAME", *names,
                  "event names (libpfm4 or perf spelling, e.g. cycles, L1-dcache-load-misses, "
                  "amd64_fam19h_zen4::RETIRED_INSTRUCTIONS) or presets (default, cache, branch)");
  cmd->add_flag("--all", *all, "list every event of every PMU libpfm4 knows for this CPU");
  cmd->footer(
      "Without a name: the PMUs libpfm4 knows for this CPU, and whether each event of the\n"
      "default preset opens here (and why not). With names: how libpfm4 encodes each one and\n"
      "whether perf_event_open accepts it here. An event that does not open is recorded as\n"
      "unsupported by `tunelab run`, never as 0; an unknown name makes `tunelab run` fail.\n"
      "Exit code 2 when a name is unknown.\n"
      "Examples:\n"
      "  tunelab events                          PMUs, and the default preset here\n"
      "  tunelab events cycles task-clock        how each encodes, and whether it opens\n"
      "  tunelab events cache                    the events of the cache preset\n"
      "  tunelab events --all | grep -i l2       find an event by name");
  cmd->callback([names, all, &ctx] {
    if (*all) {
      printAll();
      return;
    }
    if (names->empty()) {
      printOverview();
      return;
    }
    if (!printProbes(*names)) ctx.exitCode = kExitUsage;
  });
}

}  // namespace tunelab::cli
