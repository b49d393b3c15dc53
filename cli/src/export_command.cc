#include <fmt/core.h>

#include <iostream>

#include "commands.h"
#include "common.h"
#include "tunelab/analysis/session_report.h"
#include "tunelab/render/gbench_json.h"
#include "tunelab/render/report_format.h"
#include "tunelab/store/export.h"

namespace tunelab::cli {

void addExportCommand(CLI::App& app, Context& ctx) {
  auto* cmd = app.add_subcommand(
      "export", "Write a session's results as CSV (raw or report views) or Google Benchmark JSON");
  struct Options {
    DbOption db;
    std::string session = "latest";
    std::string view = "samples";
    std::string format = "csv";
    std::string out;
  };
  auto o = std::make_shared<Options>();
  cmd->add_option("-s,--session", o->session, "session id, label, or latest (default)")
      ->type_name("REF");
  std::string views;
  for (auto v : store::csvViewNames()) views += (views.empty() ? "" : "|") + std::string(v);
  for (auto v : render::reportViewNames()) views += "|" + std::string(v);
  cmd->add_option("--view", o->view,
                  "raw data: samples (one row per repetition, default), metrics, counters, "
                  "regions, alloc, series, "
                  "threads, region-counters, setup-regions (once per run: what preparing it "
                  "entered, e.g. ann's train and encode); report views: summary, scaling, weak-scaling, complexity, allocation, "
                  "utilization, "
                  "derived, net-cost, stream, ann")
      ->type_name(views);
  cmd->add_option(
         "-f,--format", o->format,
         "csv (default), or gbench-json: the whole session as Google Benchmark JSON, which Google "
         "Benchmark's compare.py reads")
      ->type_name("csv|gbench-json");
  cmd->add_option("-o,--out", o->out, "output file (default: standard output); written atomically")
      ->type_name("FILE");
  o->db.add(*cmd);
  cmd->footer(
      "The columns of each view are stable and documented in docs/SCHEMA.md (columns are only ever "
      "appended).\n"
      "Examples:\n  tunelab export --out samples.csv\n  tunelab export --session big --view "
      "metrics\n"
      "  tunelab export --view scaling --out scaling.csv\n"
      "  tunelab export --format gbench-json --out run.json   (then: compare.py benchmarks "
      "old.json run.json)");
  cmd->callback([o, &ctx] {
    store::CsvView raw{};
    render::ReportView derived{};
    const bool isRaw = store::csvViewFromString(o->view, raw);
    const bool isDerived = !isRaw && render::reportViewFromString(o->view, derived);
    if (o->format != "csv" && o->format != "gbench-json")
      return void(ctx.exitCode = reportError(
                      {model::ErrorKind::Usage, "--format: unknown format '" + o->format +
                                                    "'. Valid formats: csv, gbench-json."}));
    if (o->format == "csv" && !isRaw && !isDerived) {
      std::string valid;
      for (auto v : store::csvViewNames()) valid += (valid.empty() ? "" : ", ") + std::string(v);
      for (auto v : render::reportViewNames()) valid += ", " + std::string(v);
      ctx.exitCode = reportError({model::ErrorKind::Usage, "--view: unknown view '" + o->view +
                                                               "'. Valid views: " + valid + "."});
      return;
    }
    auto store = openStore(o->db.path, store::OpenMode::ReadOnly);
    if (!store) return void(ctx.exitCode = reportError(store.error()));
    auto id = store->resolveSession(o->session);
    if (!id) return void(ctx.exitCode = reportError(id.error()));
    auto s = store->session(*id);
    if (!s) return void(ctx.exitCode = reportError(s.error()));
    auto runs = store->runs(*id);
    if (!runs) return void(ctx.exitCode = reportError(runs.error()));
    auto write = [&](std::ostream& out) {
      if (o->format == "gbench-json")
        out << render::googleBenchmarkJson(*s, *runs);
      else if (isRaw)
        store::writeCsv(out, raw, *s, *runs);
      else
        render::writeReportCsv(out, derived, analysis::analyzeSession(*s, *runs));
    };
    if (o->out.empty() || o->out == "-") {
      write(std::cout);
      return;
    }
    if (auto st = writeFileAtomically(o->out, write); !st) ctx.exitCode = reportError(st.error());
  });
}

}  // namespace tunelab::cli
