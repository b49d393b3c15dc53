// `tunelab run` parameter sweeps and `tunelab report` in every format, end to end.

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "csv_reader.h"
#include "process.h"
#include "temp_dir.h"

namespace tunelab {
namespace {

using testing::ProcessResult;
using testing::TempDir;
namespace fs = std::filesystem;

ProcessResult tunelab(const std::vector<std::string>& args, const fs::path& cwd) {
  return testing::runProcess(TUNELAB_BINARY, args, cwd);
}

// A size sweep (three n) crossed with three thread counts (an Amdahl fit needs three):
// 1 serial × 3 + 1 threaded × 3 × 3.
const std::vector<std::string> kSweep = {
    "run",        "kmeans", "-v", "serial,threads", "-p", "n=1000,2000,4000", "-p",      "k=4",  "-t", "1,2,4", "-r", "3",
    "--min-time", "0",      "-q", "--no-report",      "--label", "sweep"};

TEST(Report, ASweepRunsEveryCombinationAndTheReportFitsItsComplexity) {
  TempDir dir;
  auto run = tunelab(kSweep, dir.path());
  ASSERT_EQ(run.exitCode, 0) << run.err;

  auto json = tunelab({"report", "--format", "json"}, dir.path());
  ASSERT_EQ(json.exitCode, 0) << json.err;
  const auto j = nlohmann::json::parse(json.out);
  EXPECT_EQ(j["runs"].size(), 12u);
  EXPECT_EQ(j["shared_params"],
            "d:8/k:4/iters:20/spread:1.5/seed:42/init:kmeans++/input:blobs/columns:all/simd:auto");
  // Complexity over n: serial at p = 1, threads at p = 1, 2 and 4.
  ASSERT_EQ(j["complexity"].size(), 4u);
  for (const auto& c : j["complexity"]) {
    EXPECT_EQ(c["size_param"], "n");
    EXPECT_EQ(c["sizes"].size(), 3u);
    EXPECT_EQ(c["candidates"].size(), 6u);
  }
  // Strong scaling of the threaded variant at each n, with Karp–Flatt and an Amdahl fit.
  int scaled = 0;
  for (const auto& s : j["scaling"])
    if (s["variant"] == "threads") {
      ++scaled;
      ASSERT_EQ(s["points"].size(), 3u);
      EXPECT_TRUE(s["points"][0]["karp_flatt"].is_null());  // undefined at p = 1, never 0
      EXPECT_TRUE(s["points"][1]["karp_flatt"].is_number());
      EXPECT_TRUE(s["amdahl"]["serial_fraction"].is_number());
      EXPECT_EQ(s["best_serial_variant"].get<std::string>().empty(), false);
    }
  EXPECT_EQ(scaled, 3);
  // Weak scaling by kmeans' declared work (linear in n): (1000, 1) → (2000, 2) → (4000, 4)
  // and (2000, 1) → (4000, 2).
  EXPECT_EQ(j["weak_scaling"].size(), 2u);

  auto table = tunelab({"report"}, dir.path());
  ASSERT_EQ(table.exitCode, 0) << table.err;
  for (const char* section :
       {"complexity", "scaling", "Karp–Flatt", "Amdahl f", "weak scaling", "best fit"})
    EXPECT_NE(table.out.find(section), std::string::npos) << section << "\n" << table.out;
  EXPECT_EQ(table.out.find("\033["), std::string::npos)
      << "no colour when stdout is not a terminal";

  auto md = tunelab({"report", "--format", "markdown"}, dir.path());
  EXPECT_NE(md.out.find("##### Complexity"), std::string::npos) << md.out;
  EXPECT_NE(md.out.find("| `kmeans/threads` |"), std::string::npos) << md.out;
}

TEST(Report, CsvViewsHaveTheirDocumentedHeaders) {
  TempDir dir;
  ASSERT_EQ(tunelab(kSweep, dir.path()).exitCode, 0);
  const std::vector<std::pair<std::string, std::string>> views = {
      {"summary",
       "session,name,workload,variant,params,threads,ranks,status,repetitions,wall_median_s"},
      {"scaling",
       "session,workload,variant,params,workers,median_s,samples,speedup,efficiency,karp_flatt"},
      {"weak-scaling",
       "session,workload,variant,size_param,fixed_params,workers,size,median_s,scaled_speedup"},
      {"complexity",
       "session,workload,variant,workers,size_param,fixed_params,sizes,class,coefficient,rms,best"},
      {"allocation", "session,name,workload,variant,params,workers,allocations_per_execution"},
      {"utilization",
       "session,name,workload,variant,params,workers,x_name,x,utilization,fragmentation"},
      {"derived", "session,name,workload,variant,workers,figure,formula,simulated,median"},
  };
  for (const auto& [view, header] : views) {
    // The same view through report and through export.
    for (const auto& args : {std::vector<std::string>{"report", "--format", "csv", "--view", view},
                             std::vector<std::string>{"export", "--view", view}}) {
      auto r = tunelab(args, dir.path());
      ASSERT_EQ(r.exitCode, 0) << view << ": " << r.err;
      EXPECT_EQ(r.out.rfind(header, 0), 0u) << view << "\n" << r.out.substr(0, 300);
      auto rows = testing::parseCsv(r.out);
      for (const auto& row : rows) EXPECT_EQ(row.size(), rows[0].size()) << view;
    }
  }
  auto summary = testing::parseCsv(tunelab({"export", "--view", "summary"}, dir.path()).out);
  EXPECT_EQ(summary.size(), 13u);  // header + 12 runs
  auto complexity = testing::parseCsv(tunelab({"export", "--view", "complexity"}, dir.path()).out);
  EXPECT_EQ(complexity.size(), 1u + 4u * 6u);  // every class of every sweep
  auto bad = tunelab({"report", "--format", "csv", "--view", "nope"}, dir.path());
  EXPECT_EQ(bad.exitCode, 2);
  EXPECT_NE(bad.err.find("Valid views: summary, scaling"), std::string::npos) << bad.err;
}

// The report of a real `tunelab run all` (tests/fixtures/sessions/sweep.sql.gz, 225 runs): it fits
// the terminal it is printed to, and --view narrows every format to one view.
ProcessResult report(const std::vector<std::string>& args, const fs::path& cwd,
                     const std::string& columns = "") {
  std::vector<std::string> a = columns.empty() ? std::vector<std::string>{"-u", "COLUMNS"}
                                               : std::vector<std::string>{"COLUMNS=" + columns};
  a.push_back(TUNELAB_BINARY);
  a.push_back("report");
  a.insert(a.end(), args.begin(), args.end());
  return testing::runProcess("/usr/bin/env", a, cwd);
}

std::size_t widestLine(const std::string& text) {  // display columns: UTF-8 code points
  std::size_t widest = 0, width = 0;
  for (const char c : text) {
    if (c == '\n') {
      widest = std::max(widest, width);
      width = 0;
    } else if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) {
      ++width;
    }
  }
  return std::max(widest, width);
}

TEST(Report, TheDefaultSweepsReportFitsTheTerminalAndViewsNarrowEveryFormat) {
  TempDir dir;
  fs::copy_file(fs::path(TUNELAB_TEST_SESSIONS) / "sweep.db", dir / "sweep.db");
  const auto full = report({"--db", "sweep.db"}, dir.path());
  ASSERT_EQ(full.exitCode, 0) << full.err;
  EXPECT_LE(widestLine(full.out), 120u) << "not a terminal: 120 columns";
  EXPECT_GT(widestLine(full.out), 100u) << "the width is used";
  const auto narrow = report({"--db", "sweep.db"}, dir.path(), "80");
  EXPECT_LE(widestLine(narrow.out), 80u) << "COLUMNS=80";
  const auto wide = report({"--db", "sweep.db", "--wide"}, dir.path());
  EXPECT_GT(widestLine(wide.out), 200u) << "--wide: one line per case";

  const auto scaling = report({"--db", "sweep.db", "--view", "scaling"}, dir.path());
  ASSERT_EQ(scaling.exitCode, 0) << scaling.err;
  EXPECT_NE(scaling.out.find("\nscaling "), std::string::npos) << scaling.out.substr(0, 2000);
  EXPECT_EQ(scaling.out.find("\ncase "), std::string::npos) << "only the scaling view";
  EXPECT_EQ(scaling.out.find("net of the loop"), std::string::npos);
  EXPECT_LT(scaling.out.size(), full.out.size() / 3);

  const auto md = report({"--db", "sweep.db", "--view", "net-cost", "-f", "markdown"}, dir.path());
  ASSERT_EQ(md.exitCode, 0) << md.err;
  EXPECT_NE(md.out.find("##### Net of the loop"), std::string::npos);
  EXPECT_EQ(md.out.find("##### Scaling"), std::string::npos);

  const auto json = report({"--db", "sweep.db", "--view", "complexity", "-f", "json"}, dir.path());
  ASSERT_EQ(json.exitCode, 0) << json.err;
  const auto j = nlohmann::json::parse(json.out);
  EXPECT_TRUE(j.contains("complexity"));
  EXPECT_FALSE(j.contains("runs"));

  const auto refused = report({"--db", "sweep.db", "--wide", "-f", "markdown"}, dir.path());
  EXPECT_EQ(refused.exitCode, 2);
  EXPECT_NE(refused.err.find("--wide: only the terminal table"), std::string::npos)
      << refused.err;
}

// `tunelab report -f html` of the default sweep's shape: one self-contained page (a DOM check
// by Python's HTML parser: every element closed, nothing fetched, a section, a table and a
// chart per workload that scales), then opened in a real browser (Debian's chromium,
// headless): its DOM holds the charts and the console has nothing to say.
TEST(Report, HtmlIsOnePageThatABrowserOpensWithItsCharts) {
  if (!fs::exists("/usr/bin/python3"))
    GTEST_SKIP() << "python3 is not installed (scripts/setup installs it)";
  TempDir dir;
  fs::copy_file(fs::path(TUNELAB_TEST_SESSIONS) / "sweep.db", dir / "sweep.db");
  const auto html = report({"--db", "sweep.db", "-f", "html", "-o", "report.html"}, dir.path());
  ASSERT_EQ(html.exitCode, 0) << html.err;
  const std::string page = testing::readFile(dir / "report.html");
#ifdef TUNELAB_HAS_PLOT
  // kmeans, machine, factor, alloc, stream and ann scale (calibrate does not), stream adds a
  // throughput–p99 chart per query of the sweep (window-count, score) and ann a recall–q/s
  // Pareto chart per worker count (p = 1, 2, 4)
  const std::string charts = "11";
  EXPECT_EQ(page.find("No chart of"), std::string::npos) << "every chart was drawn";
#else
  const std::string charts = "0";
  EXPECT_NE(page.find("No chart of kmeans: tunelab-plot"), std::string::npos);
#endif
  const auto check = testing::runProcess(
      "/usr/bin/python3",
      {std::string(TUNELAB_SOURCE_DIR) + "/tests/cli/html_check.py", "report.html", "7", charts},
      dir.path());
  EXPECT_EQ(check.exitCode, 0) << check.err << check.out;

  const char* const browser = "/usr/bin/chromium";
  if (!fs::exists(browser))
    GTEST_SKIP() << "chromium is not installed (scripts/setup installs it): the browser check "
                    "did not run";
  const auto dom = testing::runProcess(
      browser,
      {"--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run",
       "--user-data-dir=" + (dir / "profile").string(), "--enable-logging=stderr", "--v=0",
       "--window-size=390,2000", "--dump-dom", "file://" + (dir / "report.html").string()},
      dir.path());
  ASSERT_EQ(dom.exitCode, 0) << dom.err;
  std::size_t svgs = 0;
  for (auto at = dom.out.find("<svg"); at != std::string::npos; at = dom.out.find("<svg", at + 1))
    ++svgs;
  EXPECT_EQ(std::to_string(svgs), charts) << "charts in the browser's DOM";
  EXPECT_NE(dom.out.find("<h2 id=\"w-alloc\">alloc</h2>"), std::string::npos);
  EXPECT_EQ(dom.err.find(":CONSOLE"), std::string::npos) << "the console spoke:\n" << dom.err;
  EXPECT_EQ(dom.err.find("net::ERR"), std::string::npos) << "a fetch failed:\n" << dom.err;
}

// An open-loop stream run lasts events/rate whatever its worker count: `tunelab run` stores
// stream's pacing with the session, and the report scales the closed loop alone and lists
// every case, open loop included, in its stream section.
TEST(Report, OpenLoopRunsAreInTheStreamSectionNotInScaling) {
  TempDir dir;
  auto run = tunelab({"run", "stream", "-v", "threads", "-t", "1,2", "-p", "rate=max,2e6", "-p",
                      "query=window-count", "-p", "batch=64", "-p", "events=4000", "-r", "1",
                      "--min-time", "0", "-q", "--no-report"},
                     dir.path());
  ASSERT_EQ(run.exitCode, 0) << run.err;
  auto json = tunelab({"report", "--format", "json"}, dir.path());
  ASSERT_EQ(json.exitCode, 0) << json.err;
  const auto j = nlohmann::json::parse(json.out);
  EXPECT_EQ(j["runs"].size(), 4u);
  ASSERT_EQ(j["scaling"].size(), 1u) << j["scaling"].dump(1);
  EXPECT_NE(j["scaling"][0]["params"].get<std::string>().find("rate:max"), std::string::npos);
  EXPECT_EQ(j["scaling"][0]["points"].size(), 2u);
  EXPECT_EQ(j["stream"]["cases"].size(), 4u);
}

// A small knob sweep of the ann workload, end to end: every case is in the ANN section with
// the recall and q/s its repetitions stored, the exact variant is on the front (nothing beats
// a recall of 1 at its speed unless it is as exact and faster), and ivfpq's recall grows with
// the lists it visits.
TEST(Report, AnnSweepHasItsRecallSectionAndFront) {
  TempDir dir;
  auto run = tunelab({"run", "ann", "-v", "gemm,ivfpq", "-p", "n=2000", "-p", "nq=50", "-p",
                      "d=32", "-p", "m=8", "-p", "nlist=16", "-p", "nprobe=1,16", "-t", "1",
                      "-r", "1", "--min-time", "0", "-q", "--no-report"},
                     dir.path());
  ASSERT_EQ(run.exitCode, 0) << run.err;
  auto json = tunelab({"report", "--format", "json", "--view", "ann"}, dir.path());
  ASSERT_EQ(json.exitCode, 0) << json.err;
  const auto j = nlohmann::json::parse(json.out);
  const auto& cases = j["ann"]["cases"];
  ASSERT_EQ(cases.size(), 4u) << j.dump(1);
  double previous = 2;
  for (const auto& c : cases) {
    const double recall = c["recall_at_k"];
    EXPECT_LE(recall, previous) << "by recall, descending";
    previous = recall;
    EXPECT_GT(c["qps"].get<double>(), 0);
    EXPECT_EQ(c["data"], "dataset:synthetic/n:2000/nq:50/d:32/k:10");
  }
  EXPECT_EQ(cases[0]["variant"], "gemm");
  EXPECT_DOUBLE_EQ(cases[0]["recall_at_1"].get<double>(), 1.0);
  EXPECT_TRUE(cases[0]["pareto"]);
  double probe1 = -1, probe16 = -1;
  for (const auto& c : cases)
    if (c["variant"] == "ivfpq")
      (c["knobs"].get<std::string>().find("nprobe:16") != std::string::npos ? probe16 : probe1) =
          c["recall_at_k"];
  EXPECT_GT(probe16, probe1);
  EXPECT_EQ(j["ann"]["series"].size(), 2u);

  auto table = tunelab({"report", "--view", "ann"}, dir.path());
  ASSERT_EQ(table.exitCode, 0) << table.err;
  EXPECT_NE(table.out.find("recall@k"), std::string::npos) << table.out;
  auto csv = tunelab({"export", "--view", "ann"}, dir.path());
  ASSERT_EQ(csv.exitCode, 0) << csv.err;
  EXPECT_EQ(csv.out.rfind("session,name,workload,variant,params,threads,ranks,", 0), 0u) << csv.out;
  EXPECT_NE(csv.out.find("recall_at_1,recall_at_k,qps"), std::string::npos) << csv.out;

#ifdef TUNELAB_HAS_PLOT
  // The recall–q/s chart: `tunelab plot --view ann` and under the HTML report's ANN heading.
  auto plot = tunelab({"plot", "--view", "ann", "--out", "ann.svg"}, dir.path());
  ASSERT_EQ(plot.exitCode, 0) << plot.err;
  const std::string svg = testing::readFile(dir / "ann.svg");
  for (const char* text : {"recall@k", "queries/s", "gemm", "ivfpq", "Pareto front"})
    EXPECT_NE(svg.find(text), std::string::npos) << text;
  auto none = tunelab({"plot", "--view", "ann", "--where", "threads=2", "--out", "no.svg"},
                      dir.path());
  EXPECT_EQ(none.exitCode, 2);
  EXPECT_NE(none.err.find("no ann runs at p=2"), std::string::npos) << none.err;
  auto html = tunelab({"report", "-f", "html", "-o", "report.html"}, dir.path());
  ASSERT_EQ(html.exitCode, 0) << html.err;
  const std::string page = testing::readFile(dir / "report.html");
  const auto ann = page.find("<h3>ANN</h3>");
  ASSERT_NE(ann, std::string::npos);
  EXPECT_EQ(page.find("<figure><svg", ann), page.find("<figure>", ann)) << "a chart under ANN";
  EXPECT_EQ(page.find("No recall chart"), std::string::npos);
#endif
}

TEST(Report, SweepRefusesAmbiguousValues) {
  TempDir dir;
  auto empty = tunelab({"run", "kmeans", "-p", "n=1000,,2000", "-q"}, dir.path());
  EXPECT_EQ(empty.exitCode, 2);
  EXPECT_NE(empty.err.find("parameter n= is not an integer"), std::string::npos) << empty.err;
  auto twice = tunelab({"run", "kmeans", "-p", "n=1000,1000", "-q"}, dir.path());
  EXPECT_EQ(twice.exitCode, 2);
  EXPECT_NE(twice.err.find("parameter n=1000,1000 lists 1000 twice; each value runs once."), std::string::npos)
      << twice.err;
  auto invalid = tunelab({"run", "kmeans", "-p", "n=1000,abc", "-q"}, dir.path());
  EXPECT_EQ(invalid.exitCode, 2);
  EXPECT_NE(invalid.err.find("n=abc is not an integer"), std::string::npos) << invalid.err;
  EXPECT_FALSE(fs::exists(dir / "tunelab.db"))
      << "every combination is checked before anything runs";
}

}  // namespace
}  // namespace tunelab

namespace tunelab {
namespace {

// `tunelab export --format gbench-json`: read back by our importer (same names, repetitions,
// iterations and times), and read the way Google Benchmark's compare.py reads files
// (tests/cli/gbench_compare_check.py, standard-library Python following compare.py's code).
TEST(Export, GoogleBenchmarkJsonRoundTripsAndSatisfiesCompareDotPy) {
  TempDir dir;
  ASSERT_EQ(tunelab({"run", "kmeans", "-v", "serial,threads", "-p", "n=2000", "-p", "k=4", "-t", "1,2", "-r", "4",
                     "--min-time", "0", "-q", "--no-report", "--label", "orig"},
                    dir.path())
                .exitCode,
            0);
  auto exp = tunelab({"export", "--format", "gbench-json", "--out", "orig.json"}, dir.path());
  ASSERT_EQ(exp.exitCode, 0) << exp.err;
  const auto j = nlohmann::json::parse(testing::readFile(dir / "orig.json"));
  EXPECT_EQ(j["context"]["json_schema_version"], 1);
  std::size_t iterations = 0, aggregates = 0;
  for (const auto& b : j["benchmarks"]) {
    if (b["run_type"] == "iteration")
      ++iterations;
    else
      ++aggregates;
  }
  EXPECT_EQ(iterations, 3u * 4u);
  EXPECT_EQ(aggregates, 3u * 4u);  // mean, median, stddev, cv per run

  auto imp = tunelab({"import", "orig.json", "--db", "back.db", "--label", "back"}, dir.path());
  ASSERT_EQ(imp.exitCode, 0) << imp.err;
  auto a = nlohmann::json::parse(tunelab({"report", "--format", "json"}, dir.path()).out);
  auto b = nlohmann::json::parse(
      tunelab({"report", "--format", "json", "--db", "back.db"}, dir.path()).out);
  ASSERT_EQ(a["runs"].size(), b["runs"].size());
  for (std::size_t i = 0; i < a["runs"].size(); ++i) {
    EXPECT_EQ(a["runs"][i]["name"], b["runs"][i]["name"]);
    EXPECT_EQ(a["runs"][i]["wall_s"]["count"], b["runs"][i]["wall_s"]["count"]);
    const double ma = a["runs"][i]["wall_s"]["median"], mb = b["runs"][i]["wall_s"]["median"];
    EXPECT_NEAR(mb, ma, 1e-12 * ma);
  }
  // Matched by name against the session it came from: nothing is missing on either side.
  auto cmp = tunelab({"compare", "orig", "back.db:back", "--format", "json"}, dir.path());
  ASSERT_TRUE(cmp.exitCode == 0) << cmp.out << cmp.err;
  auto c = nlohmann::json::parse(cmp.out);
  EXPECT_EQ(c["summary"]["compared"], 3);
  EXPECT_EQ(c["summary"]["only_in_baseline"], 0);
  EXPECT_EQ(c["summary"]["only_in_candidate"], 0);

  if (!fs::exists("/usr/bin/python3"))
    GTEST_SKIP() << "python3 is not installed (scripts/setup installs it)";
  const std::string check = std::string(TUNELAB_SOURCE_DIR) + "/tests/cli/gbench_compare_check.py";
  auto same =
      testing::runProcess("/usr/bin/python3", {check, "orig.json", "orig.json"}, dir.path());
  EXPECT_EQ(same.exitCode, 0) << same.err;
  EXPECT_NE(same.out.find(
                "kmeans/threads/n:2000/d:8/k:4/iters:20/spread:1.5/seed:42/init:kmeans++/input:blobs/"
                "columns:all/simd:auto/threads:2\t4\t+0.0000"),
            std::string::npos)
      << same.out;
  // The check is not a rubber stamp: a file with a NaN, or without a time unit, is refused.
  testing::writeFile(dir / "nan.json",
                     R"({"benchmarks": [{"name": "a", "run_type": "iteration", "iterations": 1,
      "time_unit": "ns", "real_time": NaN, "cpu_time": 1}]})");
  EXPECT_EQ(testing::runProcess("/usr/bin/python3", {check, "nan.json", "orig.json"}, dir.path())
                .exitCode,
            1);
  testing::writeFile(dir / "nounit.json", R"({"benchmarks": [{"name": "a", "run_type": "iteration",
      "iterations": 1, "real_time": 1, "cpu_time": 1}]})");
  EXPECT_EQ(testing::runProcess("/usr/bin/python3", {check, "nounit.json", "orig.json"}, dir.path())
                .exitCode,
            1);
}

}  // namespace
}  // namespace tunelab
