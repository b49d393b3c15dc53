#include <fmt/core.h>

#include <algorithm>
#include <iostream>

#include "commands.h"
#include "common.h"
#include "report_table.h"
#include "tunelab/analysis/session_report.h"
#include "tunelab/render/html.h"
#include "tunelab/render/report_format.h"

namespace tunelab::cli {

namespace {

// The HTML report: the Markdown report's sections, with each workload's charts where its
// section begins, drawn by tunelab-plot (the GUI's chart code) in that workload's default
// scope: one operation or pattern at a time, as the GUI's scope bar opens it; and the
// throughput–p99 curves of stream runs under their Stream heading, one chart per query; the
// recall–queries/s chart of ann runs under their ANN heading, one per data set and p.
std::string reportHtml(const analysis::SessionReport& report, const render::ReportOptions& options,
                       const std::string& db, model::SessionId id) {
  std::vector<render::HtmlChart> charts;
  std::vector<std::string> notes;
  const bool charted = !options.view || *options.view == render::ReportView::Scaling;
  const bool streamCharted = !options.view || *options.view == render::ReportView::Stream;
  const bool annCharted = !options.view || *options.view == render::ReportView::Ann;
  for (const auto& workload : analysis::workloadsOf(report)) {
    const auto w = analysis::scopeToWorkload(report, workload);
    // Under the Stream heading: the throughput–p99 curves, a chart per query (the scope bar's
    // pinned parameter: every query at once is more curves than a legend holds).
    std::vector<std::string> queries;
    for (const auto& c : w.streamCurves)
      if (std::find(queries.begin(), queries.end(), c.query) == queries.end()) queries.push_back(c.query);
    for (const auto& query : streamCharted ? queries : std::vector<std::string>{}) {
      std::vector<std::string> args = {"--view",     "stream",  "--db",   db,
                                       "--session",  std::to_string(id.value()),
                                       "--workload", workload, "--size", "820x560"};
      if (queries.size() > 1) args.insert(args.end(), {"--where", "query=" + query});
      std::string why;
      auto svg = plotSvg(args, why);
      if (svg.empty())
        notes.push_back("No stream chart of " + workload + (query.empty() ? "" : " query " + query) +
                        ": " + why + ".");
      else
        charts.push_back({workload, std::move(svg), "Stream"});
    }
    // Under the ANN heading: recall against queries/s, a chart per data set and worker count
    // (each has its own Pareto front).
    std::vector<std::pair<std::string, int>> annCharts;  // (data, workers)
    for (const auto& c : w.annCases)
      if (std::find(annCharts.begin(), annCharts.end(), std::pair(c.data, c.workers())) ==
          annCharts.end())
        annCharts.emplace_back(c.data, c.workers());
    if (!annCharted) annCharts.clear();
    for (const auto& [data, workers] : annCharts) {
      std::vector<std::string> args = {"--view",     "ann",    "--db",   db,
                                       "--session",  std::to_string(id.value()),
                                       "--workload", workload, "--size", "820x560",
                                       "--where",    "threads=" + std::to_string(workers)};
      const auto& c = *std::find_if(w.annCases.begin(), w.annCases.end(),
                                    [&](const auto& x) { return x.data == data; });
      for (const auto& p : c.paramValues)
        if (analysis::isAnnDataParam(p.key))
          args.insert(args.end(), {"--where", p.key + "=" + p.value});
      std::string why;
      auto svg = plotSvg(args, why);
      if (svg.empty())
        notes.push_back("No recall chart of " + workload + " " + data + " p=" +
                        std::to_string(workers) + ": " + why + ".");
      else
        charts.push_back({workload, std::move(svg), "ANN"});
    }
    if (!charted) continue;
    const bool scales = std::any_of(w.scaling.begin(), w.scaling.end(),
                                    [](const auto& s) { return s.points.size() > 1; });
    if (!scales) continue;
    std::string why;
    auto svg = plotSvg({"--view", "scaling", "--db", db, "--session", std::to_string(id.value()),
                        "--workload", workload, "--size", "820x560"},
                       why);
    if (svg.empty())
      notes.push_back("No chart of " + workload + ": " + why + ".");
    else
      charts.push_back({workload, std::move(svg)});
  }
  const auto& s = report.session;
  return render::htmlPage("tunelab session " + std::to_string(s.id.value()) +
                              (s.label.empty() ? "" : " " + s.label),
                          render::reportMarkdown(report, options), charts, notes);
}

}  // namespace

void addReportCommand(CLI::App& app, Context& ctx) {
  auto* cmd = app.add_subcommand("report",
                                 "A session's results: times, speedup, efficiency, Karp–Flatt, "
                                 "Amdahl fit, complexity, heap, counters");
  struct Options {
    DbOption db;
    std::string session = "latest";
    std::string format = "table";
    std::string view;  // every section; with -f csv: summary
    std::string out;
    bool wide = false;
  };
  auto o = std::make_shared<Options>();
  cmd->add_option("-s,--session", o->session, "session id, label, or latest (default)")
      ->type_name("REF");
  cmd->add_option("-f,--format", o->format,
                  "table (the terminal, colour on a TTY), markdown, html (one self-contained "
                  "page with charts), json, or csv (one view, see --view; summary by default)")
      ->type_name("FORMAT")
      ->capture_default_str();
  std::string views;
  for (auto v : render::reportViewNames()) views += (views.empty() ? "" : "|") + std::string(v);
  cmd->add_option("--view", o->view,
                  "only this view: its sections of the table and Markdown, its key of the JSON, "
                  "its table of the CSV (columns in docs/SCHEMA.md)")
      ->type_name(views);
  cmd->add_flag("--wide", o->wide,
                "the terminal table on one line per case, however wide (default: tables split "
                "to the terminal's width: COLUMNS, the tty's, or 120)");
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

The terminal report has one section per workload, with only the columns that have a
value there and the parameters every run of it shares stated once in its header; a
table wider than the terminal is split into stacked tables that repeat the case column.

Examples:
  tunelab report
  tunelab report --view scaling                  only the scaling tables and caveats
  tunelab report --wide | less -S                one line per case
  tunelab report --session 3 --db results/tunelab.db
  tunelab report --format markdown > report.md
  tunelab report --format html -o report.html     one file: tables and charts, no network
  tunelab report --format csv --view scaling --out scaling.csv)");
  cmd->callback([o, &ctx] {
    render::ReportOptions options;
    if (o->format != "table" && o->format != "markdown" && o->format != "json" &&
        o->format != "csv" && o->format != "html")
      return void(ctx.exitCode =
                      reportError({model::ErrorKind::Usage,
                                   "--format: unknown format '" + o->format +
                                       "'. Valid formats: table, markdown, html, json, csv."}));
    render::ReportView view = render::ReportView::Summary;
    if (!o->view.empty() && !render::reportViewFromString(o->view, view)) {
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
    if (!o->view.empty()) options.view = view;
    if (o->wide && o->format != "table")
      return void(ctx.exitCode = reportError(
                      {model::ErrorKind::Usage,
                       "--wide: only the terminal table (-f table) is split to a width; " +
                           o->format + " is never split."}));
    const auto report = analysis::analyzeSession(*s, *runs);
    if (o->wide) options.layout.width = render::Layout::kUnlimited;
    if (o->format == "table" && (o->out.empty() || o->out == "-")) {
      if (!o->wide) options.layout = render::layoutFor(stdout);
      render::printReportTable(stdout, report, render::styleFor(stdout), options);
      return printMeasurementNotes(stdout, *s);
    }
    std::string html;
    if (o->format == "html") html = reportHtml(report, options, o->db.path, *id);
    auto write = [&](std::ostream& out) {
      if (o->format == "csv")
        render::writeReportCsv(out, view, report);
      else if (o->format == "markdown")
        out << render::reportMarkdown(report, options);
      else if (o->format == "json")
        out << render::reportJson(report, options);
      else if (o->format == "html")
        out << html;
      else
        out << render::reportTable(report, render::Style{}, options);  // a file: no colour
    };
    if (o->out.empty() || o->out == "-") return write(std::cout);
    if (auto st = writeFileAtomically(o->out, write); !st) ctx.exitCode = reportError(st.error());
  });
}

}  // namespace tunelab::cli
