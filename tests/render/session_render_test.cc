// Every report format over a real session, written by
//   tunelab run all -r 3 -t 1,2,4 --ranks 1,2 --min-time 0 --label fixture
// and packed by scripts/make-sweep-fixture as tests/fixtures/sessions/sweep.sql.gz
// (every workload, 225 runs, hardware counters unsupported as on most CI machines; sweep()
// adds the one session fact written since). The outputs are locked as golden files under
// tests/fixtures/render/ (TUNELAB_UPDATE_GOLDEN=1 rewrites them), as Google Benchmark's
// reporter_output_test locks its reporters, and the terminal table is held to the width it
// is given.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "golden.h"
#include "temp_dir.h"
#include "tunelab/analysis/session_report.h"
#include "tunelab/render/report_format.h"
#include "tunelab/render/style.h"
#include "tunelab/store/store.h"

namespace tunelab::render {
namespace {

namespace fs = std::filesystem;
using testing::expectGolden;

// The fixture's report, read from a copy (opening a database may write beside it).
const analysis::SessionReport& sweep() {
  static const analysis::SessionReport report = [] {
    testing::TempDir dir;
    fs::copy_file(fs::path(TUNELAB_TEST_SESSIONS) / "sweep.db", dir / "sweep.db");
    auto store = store::Store::open(dir / "sweep.db", store::OpenMode::ReadOnly);
    if (!store) throw std::runtime_error(store.error().message);
    auto id = store->resolveSession("latest");
    auto session = store->session(*id);
    auto runs = store->runs(*id);
    if (!session || !runs) throw std::runtime_error("the fixture session cannot be read");
    // The fixture is a session `tunelab run` records now: it declares what paces stream's
    // runs (workload.stream.pacing), so open-loop runs are in the stream section, not scaling.
    const auto& facts = session->environment.extra;
    if (std::none_of(facts.begin(), facts.end(),
                     [](const auto& f) { return f.first == "workload.stream.pacing"; }))
      throw std::runtime_error("the fixture has no workload.stream.pacing fact: regenerate it "
                               "with scripts/make-sweep-fixture");
    return analysis::analyzeSession(*session, *runs);
  }();
  return report;
}

std::vector<std::string> lines(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string l; std::getline(in, l);) out.push_back(l);
  return out;
}

ReportOptions width(std::size_t w) {
  ReportOptions o;
  o.layout.width = w;
  return o;
}

TEST(SessionRender, TheFixtureIsTheDefaultSweepsShape) {
  const auto& r = sweep();
  EXPECT_EQ(analysis::workloadsOf(r),
            (std::vector<std::string>{"kmeans", "machine", "factor", "alloc", "stream", "ann", "calibrate"}));
  EXPECT_GT(r.runs.size(), 200u);
}

TEST(SessionRender, TerminalTableGolden) {
  expectGolden(reportTable(sweep(), Style{}, width(120)), "sweep_table.txt");
}

TEST(SessionRender, MarkdownGolden) { expectGolden(reportMarkdown(sweep()), "sweep.md"); }

TEST(SessionRender, JsonAndCsvGoldenPerView) {
  ReportOptions scaling;
  scaling.view = ReportView::Scaling;
  expectGolden(reportJson(sweep(), scaling), "sweep_scaling.json");
  for (const auto view : {ReportView::Summary, ReportView::Scaling, ReportView::NetCost}) {
    std::ostringstream csv;
    writeReportCsv(csv, view, sweep());
    expectGolden(csv.str(),
                 "sweep_" + std::string(reportViewNames()[static_cast<std::size_t>(view)]) +
                     ".csv");
  }
}

// No line passes the width, at the default 120 and at a narrow 80, and a wider terminal
// gets fewer, wider tables.
TEST(SessionRender, TheTerminalTableFitsTheWidthItIsGiven) {
  for (const std::size_t w : {120u, 80u}) {
    const auto text = reportTable(sweep(), Style{}, width(w));
    for (const auto& l : lines(text))
      EXPECT_LE(displayWidth(l), w) << "at width " << w << ": " << l;
  }
  const auto narrow = lines(reportTable(sweep(), Style{}, width(120))).size();
  const auto wide = lines(reportTable(sweep(), Style{}, width(Layout::kUnlimited))).size();
  EXPECT_LT(wide, narrow) << "--wide keeps one line per case, without stacked tables";
}

// Display columns of a line: UTF-8 decoded, one char32_t per column ("µ", "×", "–" are one).
std::u32string columns(const std::string& s) {
  std::u32string out;
  for (std::size_t i = 0; i < s.size();) {
    const auto c = static_cast<unsigned char>(s[i]);
    const int n = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
    char32_t cp = n == 1 ? c : c & (0x3F >> (n - 1));
    for (int k = 1; k < n && i + static_cast<std::size_t>(k) < s.size(); ++k)
      cp = (cp << 6) | (static_cast<unsigned char>(s[i + static_cast<std::size_t>(k)]) & 0x3F);
    out.push_back(cp);
    i += static_cast<std::size_t>(n);
  }
  return out;
}

// The cell of `row` that covers column `at`: the run of text around it, bounded by two
// spaces (columns are two apart) or the line's ends. Empty where `at` is blank.
std::u32string cellAt(const std::u32string& row, std::size_t at) {
  if (at >= row.size() || row[at] == U' ') return {};
  std::size_t b = at, e = at;
  while (b > 0 && !(row[b - 1] == U' ' && (b < 2 || row[b - 2] == U' '))) --b;
  while (e + 1 < row.size() && !(row[e + 1] == U' ' && (e + 2 >= row.size() || row[e + 2] == U' ')))
    ++e;
  return row.substr(b, e - b + 1);
}

// Every column of every table says something in some row: none is "–" (or blank) all the
// way down. A table: a line of titles at column 0, then its rows, up to a blank or indented
// line. A right-aligned column's cells end under its title's end; a left-aligned one's
// start under its title's start.
TEST(SessionRender, NoColumnIsEmptyInEveryRow) {
  const auto all = lines(reportTable(sweep(), Style{}, width(120)));
  std::size_t tables = 0;
  for (std::size_t i = 0; i + 1 < all.size(); ++i) {
    const bool startsTable = !all[i].empty() && all[i][0] != ' ' && (i == 0 || all[i - 1].empty()) &&
                             !all[i + 1].empty() && all[i + 1][0] != ' ' &&
                             all[i].find("  ") != std::string::npos;
    if (!startsTable) continue;
    const auto header = columns(all[i]);
    std::vector<std::u32string> rows;
    std::size_t j = i + 1;
    for (; j < all.size() && !all[j].empty() && all[j][0] != ' '; ++j)
      rows.push_back(columns(all[j]));
    // Title spans: text separated by two or more spaces.
    for (std::size_t b = 0; b < header.size();) {
      std::size_t e = b;
      while (e + 1 < header.size() && !(header[e + 1] == U' ' &&
                                        (e + 2 >= header.size() || header[e + 2] == U' ')))
        ++e;
      bool says = false;
      for (const auto& row : rows)
        for (const auto at : {b, e}) {
          const auto cell = cellAt(row, at);
          says = says || (!cell.empty() && cell != U"–");
        }
      EXPECT_TRUE(says) << "the column " << all[i].substr(0, 60) << "… has a title with "
                        << "nothing under it at " << b << "–" << e << ":\n" << all[i];
      b = e + 1;
      while (b < header.size() && header[b] == U' ') ++b;
    }
    ++tables;
    i = j;
  }
  EXPECT_GT(tables, 20u);
}

// Each workload has its section, its shared parameters stated once in the header.
TEST(SessionRender, OneSectionPerWorkloadWithItsParametersOnce) {
  const auto text = reportTable(sweep(), Style{}, width(120));
  std::size_t at = 0;
  for (const auto& workload : analysis::workloadsOf(sweep())) {
    const auto header = text.find("── " + workload + " · ", at);
    ASSERT_NE(header, std::string::npos) << workload << "\n" << text.substr(0, 2000);
    EXPECT_GT(header, at) << "sections in the order of the workloads' first runs";
    at = header;
  }
  EXPECT_NE(text.find("parameters of every run: n:20000 d:8 k:8"), std::string::npos);
  EXPECT_EQ(text.find("pattern:fixed-churn/"), std::string::npos)
      << "no parameter string repeats what the section header says";
}

// --view: only that view's sections, in every format.
TEST(SessionRender, AViewShowsOnlyItsSections) {
  ReportOptions scaling = width(120);
  scaling.view = ReportView::Scaling;
  const auto table = reportTable(sweep(), Style{}, scaling);
  EXPECT_NE(table.find("\nscaling "), std::string::npos) << table.substr(0, 3000);
  EXPECT_EQ(table.find("\ncase "), std::string::npos) << "no runs table in --view scaling";
  EXPECT_EQ(table.find("per execution (medians)"), std::string::npos);
  EXPECT_EQ(table.find("net of the loop"), std::string::npos);
  const auto md = reportMarkdown(sweep(), scaling);
  EXPECT_NE(md.find("##### Scaling"), std::string::npos);
  EXPECT_EQ(md.find("| reps |"), std::string::npos) << "no runs table in --view scaling";
  EXPECT_EQ(md.find("Net of the loop"), std::string::npos);
  const auto j = nlohmann::json::parse(reportJson(sweep(), scaling));
  EXPECT_TRUE(j.contains("scaling"));
  EXPECT_FALSE(j.contains("runs"));
  EXPECT_FALSE(j.contains("net_cost"));
  EXPECT_TRUE(j.contains("session"));
}

// The Markdown fit bullets name each series by its parameters: no two are the same line.
TEST(SessionRender, MarkdownHasNoTwoIdenticalFitLines) {
  std::set<std::string> seen;
  for (const auto& l : lines(reportMarkdown(sweep())))
    if (l.rfind("- `", 0) == 0) {
      EXPECT_TRUE(seen.insert(l).second) << "twice: " << l;
    }
  EXPECT_GT(seen.size(), 10u);
}

}  // namespace
}  // namespace tunelab::render
