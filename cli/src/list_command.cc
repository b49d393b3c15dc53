#include <algorithm>
#include <fmt/core.h>

#include <nlohmann/json.hpp>

#include "commands.h"
#include "common.h"
#include "tunelab/workloads/workload.h"

namespace tunelab::cli {
namespace {

std::string_view typeName(workloads::ParamType t) {
  switch (t) {
    case workloads::ParamType::Int: return "int";
    case workloads::ParamType::Real: return "real";
    case workloads::ParamType::Text: return "text";
  }
  return "";
}

void printWorkload(const workloads::Workload& w, bool detailed) {
  fmt::print("{:<10} {}\n", w.name(), w.summary());
  if (!detailed) {
    std::string variants;
    for (const auto& v : w.variants()) variants += (variants.empty() ? "" : ", ") + v.name;
    fmt::print("{:<10} variants: {}\n", "", variants);
    return;
  }
  fmt::print("\nvariants:\n");
  std::size_t nameWidth = 12;  // ann's faiss-ivfpqfs is 13
  for (const auto& v : w.variants()) nameWidth = std::max(nameWidth, v.name.size());
  for (const auto& v : w.variants())
    fmt::print("  {:<{}} {}{}{}\n", v.name, nameWidth, v.summary,
               v.threaded      ? " [threaded: swept over -t]"
               : v.distributed ? " [MPI ranks: swept over --ranks]"
                               : "",
               v.floor ? " [floor: runs with any -v list; reports subtract it]" : "");
  fmt::print("\nparameters (-p KEY=VALUE):\n");
  std::size_t width = 8;
  for (const auto& p : w.params()) width = std::max(width, p.name.size());
  for (const auto& p : w.params())
    fmt::print("  {:<{}} {:<5} default {:<8} {}{}\n", p.name, width, typeName(p.type), p.defaultValue,
               p.help,
               !p.choices.empty() ? " (one of " + p.choices + ", or all; a list sweeps)"
               : p.list           ? " (a list sweeps)"
                                  : "");
  if (auto minTime = w.preferredMinTimeSeconds())
    fmt::print("\nrepetitions: {} (unless --min-time is given)\n",
               *minTime == 0 ? "one execution each" : fmt::format("at least {} s each", *minTime));
  // The last threaded variant, swept over threads (or the last variant, over ranks if it is
  // distributed).
  const workloads::VariantSpec* example = &w.variants().back();
  for (const auto& v : w.variants())
    if (v.threaded) example = &v;
  fmt::print("\nexample:\n  tunelab run {} -v {}{}", w.name(), example->name,
             example->distributed ? " --ranks 1,2" : example->threaded ? " -t 1,2" : "");
  for (const auto& p : w.params()) {
    fmt::print(" -p {}={}", p.name, p.defaultValue);
    break;
  }
  fmt::print("\n");
}

// The catalogue for programs (the GUI's Run dialog): every workload with its variants and
// parameters, as `tunelab list WORKLOAD` prints them for people.
nlohmann::json catalogue() {
  auto out = nlohmann::json::array();
  for (const auto* w : workloads::registry()) {
    nlohmann::json entry{{"name", w->name()}, {"summary", w->summary()}};
    auto variants = nlohmann::json::array();
    for (const auto& v : w->variants())
      variants.push_back(
          {{"name", v.name}, {"summary", v.summary}, {"threaded", v.threaded}, {"floor", v.floor}});
    auto params = nlohmann::json::array();
    for (const auto& p : w->params())
      params.push_back({{"name", p.name},
                        {"type", typeName(p.type)},
                        {"default", p.defaultValue},
                        {"help", p.help},
                        {"min", p.min},
                        {"max", p.max}});
    entry["variants"] = std::move(variants);
    entry["params"] = std::move(params);
    out.push_back(std::move(entry));
  }
  return out;
}

}  // namespace

void addListCommand(CLI::App& app, Context& ctx) {
  auto* cmd = app.add_subcommand("list", "List workloads; with a name, its variants and parameters");
  auto name = std::make_shared<std::string>();
  cmd->add_option("WORKLOAD", *name, "show this workload's variants and parameters with defaults");
  auto json = std::make_shared<bool>(false);
  cmd->add_flag("--json", *json,
                "every workload with its variants and parameters as JSON (for programs such as "
                "tunelab-gui)");
  cmd->footer("Examples:\n  tunelab list\n  tunelab list kmeans\n  tunelab list --json");
  cmd->callback([name, json, &ctx] {
    if (*json) {
      fmt::print("{}\n", catalogue().dump(2));
      return;
    }
    if (name->empty()) {
      for (const auto* w : workloads::registry()) printWorkload(*w, false);
      fmt::print("\n`tunelab list WORKLOAD` shows parameters and defaults.\n");
      return;
    }
    const auto* w = workloads::findWorkload(*name);
    if (!w) {
      ctx.exitCode = reportError({model::ErrorKind::Usage, "unknown workload '" + *name +
                                                               "'. Valid workloads: " +
                                                               workloads::workloadNames() + "."});
      return;
    }
    printWorkload(*w, true);
  });
}

}  // namespace tunelab::cli
