#include <fmt/core.h>

#include <algorithm>
#include <iostream>
#include <map>

#include "commands.h"
#include "common.h"
#include "sources.h"
#include "tunelab/analysis/comparison.h"
#include "tunelab/analysis/trend.h"
#include "tunelab/render/trend_format.h"
#include "tunelab/store/store.h"

namespace tunelab::cli {
namespace {

using model::Error;
using model::ErrorKind;

struct TrendOptions {
  std::string benchmark;
  std::string by = "session";
  std::string label;
  std::string threshold = "5%";
  std::string measure = "auto";
  std::string format = "table";
  std::vector<std::string> ignoreParams;
  DbOption db;
};

bool labelMatches(const std::string& pattern, const std::string& label) {
  if (pattern.empty()) return true;
  if (!pattern.empty() && pattern.back() == '*')
    return label.rfind(pattern.substr(0, pattern.size() - 1), 0) == 0;
  return label == pattern;
}

int trendCommand(const TrendOptions& o) {
  if (o.by != "session" && o.by != "revision" && o.by != "label")
    return reportError({ErrorKind::Usage,
                        "--by: unknown grouping '" + o.by + "'. Valid: session, revision, label."});
  if (o.format != "table" && o.format != "markdown" && o.format != "json")
    return reportError({ErrorKind::Usage, "--format: unknown format '" + o.format +
                                              "'. Valid: table, markdown, json."});
  analysis::TrendOptions options;
  auto threshold = parseFraction("--threshold", o.threshold);
  if (!threshold) return reportError(threshold.error());
  options.threshold = *threshold;
  if (o.measure == "auto")
    options.measure = analysis::PrimaryMeasure::Auto;
  else if (o.measure == "time")
    options.measure = analysis::PrimaryMeasure::WallTime;
  else if (o.measure == "cpu")
    options.measure = analysis::PrimaryMeasure::CpuTime;
  else if (o.measure == "instructions")
    options.measure = analysis::PrimaryMeasure::Instructions;
  else
    return reportError({ErrorKind::Usage, "--measure: unknown measure '" + o.measure +
                                              "'. Valid: auto, time, cpu, instructions."});

  auto store = openStore(o.db.path, store::OpenMode::ReadOnly);
  if (!store) return reportError(store.error());
  auto sessions = store->sessions();
  if (!sessions) return reportError(sessions.error());
  std::reverse(sessions->begin(), sessions->end());  // oldest first

  // Every session's runs, keyed by name; the benchmark is the exact name, else the one name
  // that contains the text.
  struct Found {
    model::Session session;
    model::Run run;
  };
  std::vector<std::pair<model::Session, std::map<std::string, model::Run>>> all;
  std::vector<std::string> names;
  for (const auto& s : *sessions) {
    if (!labelMatches(o.label, s.label)) continue;
    auto runs = store->runs(s.id);
    if (!runs) return reportError(runs.error());
    std::map<std::string, model::Run> byName;
    for (auto& r : *runs) {
      const auto key = analysis::matchKey(r, o.ignoreParams);
      if (std::find(names.begin(), names.end(), key) == names.end()) names.push_back(key);
      byName.emplace(key, std::move(r));
    }
    all.emplace_back(s, std::move(byName));
  }
  std::string name = o.benchmark;
  if (std::find(names.begin(), names.end(), name) == names.end()) {
    std::vector<std::string> matches;
    for (const auto& n : names)
      if (n.find(o.benchmark) != std::string::npos) matches.push_back(n);
    if (matches.size() != 1) {
      std::string list;
      for (std::size_t i = 0; i < matches.size() && i < 10; ++i) list += "\n  " + matches[i];
      if (matches.size() > 10) list += "\n  … and " + std::to_string(matches.size() - 10) + " more";
      return reportError(
          {ErrorKind::Usage,
           matches.empty()
               ? "no benchmark named or containing '" + o.benchmark + "' in " + o.db.path +
                     (o.label.empty() ? "" : " (sessions labelled " + o.label + ")") +
                     ". `tunelab report` lists a session's benchmark names."
               : "'" + o.benchmark + "' matches " + std::to_string(matches.size()) +
                     " benchmarks; name one:" + list});
    }
    name = matches.front();
  }

  // One point per session, or per revision / label with their samples pooled.
  std::vector<analysis::TrendInput> inputs;
  std::map<std::string, std::size_t> group;
  for (const auto& [session, runs] : all) {
    auto it = runs.find(name);
    if (it == runs.end()) continue;
    const auto& env = session.environment;
    std::string key = o.by == "revision" ? env.gitRevision : o.by == "label" ? session.label : "";
    if (o.by != "session" && key.empty()) key = "(none)";
    if (o.by != "session" && group.count(key)) {
      auto& into = inputs[group[key]].run;
      if (it->second.status == model::RunStatus::Ok && into.status == model::RunStatus::Ok)
        into.samples.insert(into.samples.end(), it->second.samples.begin(),
                            it->second.samples.end());
      continue;
    }
    analysis::TrendInput in;
    in.name = o.by == "session"
                  ? (session.label.empty()
                         ? "session " + std::to_string(session.id.value())
                         : session.label + " (" + std::to_string(session.id.value()) + ")")
                  : key;
    in.revision = env.gitRevision;
    in.startedAt = session.startedAt;
    in.run = it->second;
    if (o.by != "session") group[key] = inputs.size();
    inputs.push_back(std::move(in));
  }
  const auto trend = analysis::analyzeTrend(name, inputs, options);
  if (o.format == "json")
    std::cout << render::trendJson(trend);
  else if (o.format == "markdown")
    std::cout << render::trendMarkdown(trend);
  else
    std::cout << render::trendTable(trend, render::styleFor(stdout));
  return kExitOk;
}

}  // namespace

void addTrendCommand(CLI::App& app, Context& ctx) {
  auto* cmd =
      app.add_subcommand("trend",
                         "One benchmark across sessions: where a step change begins, and whether a "
                         "jump is a shift or noise");
  auto o = std::make_shared<TrendOptions>();
  cmd->add_option("BENCHMARK", o->benchmark, "the run name, or a text that only one name contains")
      ->required();
  cmd->add_option("--by", o->by,
                  "one point per session (default), per git revision or per label (their "
                  "repetitions pooled)")
      ->type_name("session|revision|label")
      ->capture_default_str();
  cmd->add_option("--label", o->label,
                  "only sessions with this label (a trailing * matches a prefix: nightly-*)")
      ->type_name("TEXT");
  cmd->add_option("--threshold", o->threshold, "the smallest step reported")
      ->type_name("PCT")
      ->capture_default_str();
  cmd->add_option("--measure", o->measure,
                  "auto (simulated instructions where every point has them, else time), time, cpu, "
                  "instructions")
      ->type_name("M")
      ->capture_default_str();
  cmd->add_option("--ignore-param", o->ignoreParams,
                  "match runs with this parameter left out of their names")
      ->type_name("KEY");
  cmd->add_option("-f,--format", o->format, "table, markdown or json")
      ->type_name("FORMAT")
      ->capture_default_str();
  o->db.add(*cmd);
  cmd->footer(R"(The sessions are taken oldest first. A step is a change between two levels of at
least the threshold and 3.5 standard errors, where each point weighs by its own
uncertainty (the spread of its repetitions) plus the scatter between sessions;
a single odd session between two equal levels is an excursion, not a shift.
Sessions whose repetitions vary by more than 10 % (CV) are flagged noisy.
docs/ANALYSIS.md explains the test.

Examples:
  tunelab trend kmeans/threads/n:200000 --db nightly.db
  tunelab trend calibrate --by revision --label 'ci-*'
  tunelab trend BM_Parse/1024 --format markdown)");
  cmd->callback([o, &ctx] { ctx.exitCode = trendCommand(*o); });
}

}  // namespace tunelab::cli
