#include <fmt/core.h>

#include <iostream>

#include "commands.h"
#include "common.h"
#include "sources.h"
#include "tunelab/analysis/comparison.h"
#include "tunelab/render/compare_format.h"
#include "tunelab/render/html.h"

namespace tunelab::cli {
namespace {

using model::Error;
using model::ErrorKind;

struct CompareOptions {
  std::string baseline, candidate;
  std::string threshold = "5%";
  std::string countThreshold = "0.5%";
  double alpha = 0.05;
  std::string measure = "auto";
  std::vector<std::string> ignoreParams;
  bool allowUndecided = false;
  std::string format = "table";
  std::vector<std::string> outs;
  DbOption db;
};

enum class Format { Table, Markdown, JUnit, Json, Html };

model::Result<Format> formatByName(const std::string& name) {
  if (name == "table") return Format::Table;
  if (name == "markdown" || name == "md") return Format::Markdown;
  if (name == "junit" || name == "xml") return Format::JUnit;
  if (name == "json") return Format::Json;
  if (name == "html") return Format::Html;
  return Error{ErrorKind::Usage, "--format: unknown format '" + name +
                                     "'. Valid formats: table, markdown, junit, json, html."};
}

model::Result<Format> formatByExtension(const std::string& path) {
  const auto dot = path.rfind('.');
  const std::string ext = dot == std::string::npos ? "" : path.substr(dot + 1);
  if (ext == "md" || ext == "markdown") return Format::Markdown;
  if (ext == "xml") return Format::JUnit;
  if (ext == "json") return Format::Json;
  if (ext == "html" || ext == "htm") return Format::Html;
  if (ext == "txt" || ext == "log") return Format::Table;
  return Error{
      ErrorKind::Usage,
      "--out " + path +
          ": the extension says which format to write: .md (Markdown), .xml (JUnit), .json, "
          ".html (one self-contained page) or .txt (the table)."};
}

std::string render(Format f, const analysis::Comparison& c, const render::Style& style) {
  switch (f) {
    case Format::Table:
      return render::compareTable(c, style);
    case Format::Markdown:
      return render::compareMarkdown(c);
    case Format::Html:
      return render::htmlPage("tunelab compare", render::compareMarkdown(c));
    case Format::JUnit:
      return render::compareJUnit(c);
    case Format::Json:
      return render::compareJson(c);
  }
  return {};
}

int compareCommand(const CompareOptions& o) {
  auto format = formatByName(o.format);
  if (!format) return reportError(format.error());
  std::vector<std::pair<std::string, Format>> outs;
  for (const auto& path : o.outs) {
    auto f = formatByExtension(path);
    if (!f) return reportError(f.error());
    outs.emplace_back(path, *f);
  }
  analysis::CompareOptions options;
  auto threshold = parseFraction("--threshold", o.threshold);
  if (!threshold) return reportError(threshold.error());
  auto countThreshold = parseFraction("--count-threshold", o.countThreshold);
  if (!countThreshold) return reportError(countThreshold.error());
  if (!(o.alpha > 0 && o.alpha < 1))
    return reportError({ErrorKind::Usage, "--alpha must be between 0 and 1 (e.g. 0.05)."});
  options.threshold = *threshold;
  options.countThreshold = *countThreshold;
  options.alpha = o.alpha;
  options.ignoreParams = o.ignoreParams;
  options.allowUndecided = o.allowUndecided;
  if (o.measure == "auto")
    options.primary = analysis::PrimaryMeasure::Auto;
  else if (o.measure == "time")
    options.primary = analysis::PrimaryMeasure::WallTime;
  else if (o.measure == "cpu")
    options.primary = analysis::PrimaryMeasure::CpuTime;
  else if (o.measure == "instructions")
    options.primary = analysis::PrimaryMeasure::Instructions;
  else
    return reportError({ErrorKind::Usage, "--measure: unknown measure '" + o.measure +
                                              "'. Valid measures: auto, time, cpu, instructions."});

  auto baseline = loadSide(o.baseline, o.db.path);
  if (!baseline) return reportError(baseline.error());
  auto candidate = loadSide(o.candidate, o.db.path);
  if (!candidate) return reportError(candidate.error());
  const auto comparison = analysis::compare(*baseline, *candidate, options);
  if (comparison.summary.compared + comparison.summary.failedInCandidate == 0)
    return reportError(
        {ErrorKind::Input,
         "no benchmark of " + o.baseline + " is in " + o.candidate +
             " (names differ in every run). Compare sessions of the same workloads "
             "and parameters, or leave a differing parameter out with --ignore-param."});

  for (const auto& [path, f] : outs)
    if (auto st = writeFileAtomically(
            path, [&](std::ostream& out) { out << render(f, comparison, render::Style{}); });
        !st)
      return reportError(st.error());
  std::cout << render(*format, comparison, render::styleFor(stdout));
  std::cout.flush();
  if (comparison.hasRegression()) return kExitFailure;
  if (comparison.hasUndecided() && !o.allowUndecided) {
    std::cerr << "tunelab compare: cannot tell: " << comparison.summary.undecidedReason
              << " (exit " << kExitUndecided << "; --allow-undecided accepts it).\n";
    return kExitUndecided;
  }
  return kExitOk;
}

}  // namespace

void addCompareCommand(CLI::App& app, Context& ctx) {
  auto* cmd =
      app.add_subcommand("compare",
                         "Baseline against candidate: per benchmark a ratio with its interval, a "
                         "p-value and a verdict; exit 1 on a regression");
  auto o = std::make_shared<CompareOptions>();
  cmd->add_option("BASELINE", o->baseline,
                  "a session of --db (ID, LABEL or latest), FILE.db:REF, FILE.db (its latest "
                  "session), or a Google Benchmark JSON file; a LABEL with * ? [ ] pools the "
                  "repetitions of every session it matches ('main-*')")
      ->required();
  cmd->add_option("CANDIDATE", o->candidate, "the same forms as BASELINE")->required();
  cmd->add_option(
         "--threshold", o->threshold,
         "the change in time that matters: slower means candidate > baseline × (1 + threshold)")
      ->type_name("PCT")
      ->capture_default_str();
  cmd->add_option(
         "--count-threshold", o->countThreshold,
         "the same for deterministic counts (simulated instructions, allocations per iteration)")
      ->type_name("PCT")
      ->capture_default_str();
  cmd->add_option("--alpha", o->alpha, "significance level of the Mann–Whitney U test")
      ->capture_default_str();
  cmd->add_option("--measure", o->measure,
                  "what decides the verdict: auto (simulated instructions where both sides have "
                  "them, else time), "
                  "time, cpu, instructions")
      ->type_name("M")
      ->capture_default_str();
  cmd->add_option("--ignore-param", o->ignoreParams,
                  "match runs with this parameter left out of their names, e.g. to compare extra=0 "
                  "against extra=10 "
                  "(repeatable)")
      ->type_name("KEY");
  cmd->add_flag("--allow-undecided", o->allowUndecided,
               "exit 0 when a benchmark had too few repetitions for the test to decide (it is "
               "still reported as undecided, and skipped in JUnit)");
  cmd->add_option("-f,--format", o->format, "standard output: table, markdown, junit, json or html")
      ->type_name("FORMAT")
      ->capture_default_str();
  cmd->add_option("-o,--out", o->outs,
                  "also write FILE, in the format its extension names: .md, .xml (JUnit), .json, "
                  ".txt (repeatable)")
      ->type_name("FILE");
  o->db.add(*cmd);
  cmd->footer(R"(Runs are matched by name (workload/variant/parameters/threads). For each, every
measure both sides have is compared: the ratio of medians (candidate / baseline) with
a bootstrap 95 % interval, the two-sided Mann–Whitney U p-value, and a verdict:
  slower / faster  significant (p < alpha) and beyond the threshold
  unchanged        a significant change within the threshold, or an interval inside it
  noisy            the repetitions cannot tell: repeat more (-r) or use --counters valgrind
  undecided        too few repetitions for the test to reach p < alpha at all (3 a side can
                   never go below p = 0.1): use -r 5 or more. Timings are never judged
                   exact, not even one repetition; only deterministic counts are
Simulated instruction counts (tunelab run --counters valgrind) decide where both sides
have them: they do not depend on the machine's load, so a 1 % change is seen every time.
A regression is explained by the counters and allocations that moved most.

On a shared machine, run each side as several processes, alternately, and pool them with a
label pattern: the repetitions then carry the machine's drift between processes, which
one process cannot show, and the drift falls on both sides alike (docs/CI.md):
  for i in 1 2 3 4 5; do
    ./base/tunelab run W -r 2 --label "main-$i"; ./pr/tunelab run W -r 2 --label "pr-$i"
  done
  tunelab compare 'main-*' 'pr-*'

Exit codes: 0 no regression, 1 a regression (slower, or the candidate's run failed),
2 usage or input error, 3 undecided (no regression found, but too few repetitions to
decide; --allow-undecided makes that 0).

Examples:
  tunelab compare main pr                          two labels in ./tunelab.db
  tunelab compare base.db:latest pr.db:latest --out comment.md --out junit.xml
  tunelab compare main.json pr.json --threshold 3%  Google Benchmark JSON files
  tunelab compare 4 5 --format json)");
  cmd->callback([o, &ctx] { ctx.exitCode = compareCommand(*o); });
}

}  // namespace tunelab::cli
