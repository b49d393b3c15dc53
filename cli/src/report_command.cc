#include <fmt/core.h>

#include <iostream>

#include "commands.h"
#include "common.h"
#include "tunelab/analysis/session_report.h"
#include "tunelab/render/report_format.h"

namespace tunelab::cli {

void addReportCommand(CLI::App& app, Context& ctx) {
  auto* cmd = app.add_subcommand("report",
                                 "A session's results: times, speedup, efficiency, Karp–Flatt, "
                                 "Amdahl fit, complexity, heap, counters");
  struct Options {
    DbOption db;
    std::string session = "latest";
    std::string format = "table";
    std::string view = "summary";
    std::string out;
  };
  auto o = std::make_shared<Options>();
  cmd->add_option("-s,--session", o->session, "session id, label, or latest (default)")
      ->type_name("REF");
  cmd->add_option(
         "-f,--format", o->format,
         "table (the terminal, colour on a TTY), markdown, json, or csv (one view, see --view)")
      ->type_name("FORMAT")
      ->capture_default_str();
  std::string views;
  for (auto v : render::reportViewNames()) views += (views.empty() ? "" : "|") + std::string(v);
  cmd->add_option("--view", o->view, "with --format csv: which table (columns in docs/SCHEMA.md)")
      ->type_name(views)
      ->capture_default_str();
  cmd->add_option("-o,--out", o->out, "write to FILE instead of standard output (atomically)")
      ->type_name("FILE");
  o->db.add(*cmd);
  cmd->footer(R"(Sections appear where the session has data for them: scaling (speedup, efficiency,
Karp–Flatt serial fraction per point, the Amdahl fit with its interval, R² and
predicted ceiling, speedup against the best variant at one worker), weak scaling
(Gustafson), complexity (a size sweep: tunelab run W -p n=1000,10000,100000),
derived counters (IPC, misses per kilo-instruction: only where the events were
counted), heap utilization R = Σa/P and fragmentation over time, and cost per
operation net of the loop: each variant's time per operation less its workload's
floor (alloc's null allocator, run beside the others), with a 95 % interval.

Examples:
  tunelab report
  tunelab report --session 3 --db results/tunelab.db
  tunelab report --format markdown > report.md
  tunelab report --format csv --view scaling --out scaling.csv)");
  cmd->callback([o, &ctx] {
    render::ReportView view{};
    if (o->format != "table" && o->format != "markdown" && o->format != "json" &&
        o->format != "csv")
      return void(ctx.exitCode =
                      reportError({model::ErrorKind::Usage,
                                   "--format: unknown format '" + o->format +
                                       "'. Valid formats: table, markdown, json, csv."}));
    if (!render::reportViewFromString(o->view, view)) {
      std::string valid;
      for (auto v : render::reportViewNames())
        valid += (valid.empty() ? "" : ", ") + std::string(v);
      return void(ctx.exitCode =
                      reportError({model::ErrorKind::Usage, "--view: unknown view '" + o->view +
                                                                "'. Valid views: " + valid + "."}));
    }
    auto store = openStore(o->db.path, store::OpenMode::ReadOnly);
    if (!store) return void(ctx.exitCode = reportError(store.error()));
    auto id = store->resolveSession(o->session);
    if (!id) return void(ctx.exitCode = reportError(id.error()));
    auto s = store->session(*id);
    if (!s) return void(ctx.exitCode = reportError(s.error()));
    auto runs = store->runs(*id);
    if (!runs) return void(ctx.exitCode = reportError(runs.error()));
    const auto report = analysis::analyzeSession(*s, *runs);
    if (o->format == "table" && o->out.empty())
      return render::printReportTable(stdout, report, render::styleFor(stdout));
    auto write = [&](std::ostream& out) {
      if (o->format == "csv")
        render::writeReportCsv(out, view, report);
      else if (o->format == "markdown")
        out << render::reportMarkdown(report);
      else if (o->format == "json")
        out << render::reportJson(report);
      else
        out << render::reportTable(report, render::Style{});  // a file gets no colour
    };
    if (o->out.empty() || o->out == "-") return write(std::cout);
    if (auto st = writeFileAtomically(o->out, write); !st) ctx.exitCode = reportError(st.error());
  });
}

}  // namespace tunelab::cli
