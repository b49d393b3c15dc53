// The report's caveats: a figure that is not what it seems is marked "!" in the tables and
// explained below them, in the terminal table, Markdown and JSON alike; a series with two
// worker counts gets Karp–Flatt only, said so, never an Amdahl fit.

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "tunelab/analysis/session_report.h"
#include "tunelab/model/params.h"
#include "tunelab/render/report_format.h"

namespace tunelab::render {
namespace {

model::Run run(const std::string& variant, std::vector<model::Param> params, int threads,
               double seconds, double cpuPerWall, double operations) {
  model::Run r;
  r.workload = "alloc";
  r.variant = variant;
  r.params = std::move(params);
  r.threads = threads;
  r.name = model::benchmarkName(r);
  for (int rep = 0; rep < 5; ++rep) {
    model::Sample s;
    s.repetition = rep;
    s.wallSeconds = seconds * (1 + 0.001 * rep);
    s.cpuSeconds = s.wallSeconds * cpuPerWall;
    s.metrics = {{"operations", operations, ""}};
    r.samples.push_back(s);
  }
  return r;
}

analysis::SessionReport session() {
  const std::vector<model::Param> large = {{"pattern", "large-buffers"}},
                                  fixed = {{"pattern", "fixed-churn"}};
  std::vector<model::Run> runs = {
      // p = 2 did a thirtieth of the work: 33× "speedup".
      run("pmr-unsync", large, 1, 1.0, 1.0, 1e6), run("pmr-unsync", large, 2, 0.03, 2.0, 3.2e4),
      // A baseline with a helper thread busy beside it.
      run("glibc", fixed, 1, 1.0, 2.0, 1e6), run("glibc", fixed, 2, 0.6, 2.0, 1e6)};
  model::Session s;
  s.label = "caveats";
  return analysis::analyzeSession(s, runs);
}

TEST(Caveats, TheTerminalTableMarksAndExplainsThem) {
  ReportOptions wide;
  wide.layout.width = Layout::kUnlimited;  // each caveat on one line, to find it whole
  const auto text = reportTable(session(), Style{}, wide);
  EXPECT_NE(text.find("caveats (! in the tables):"), std::string::npos) << text;
  EXPECT_NE(text.find("! alloc/pmr-unsync pattern:large-buffers p=2: efficiency 1667% with 2 "
                      "workers: the runs did different work (operations 1.00 M at p = 1, 32.0 k "
                      "at p = 2)"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("! alloc/glibc pattern:fixed-churn p=1: CPU/wall 2.00 with one worker"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("1667%!"), std::string::npos) << text;
  EXPECT_NE(text.find("2.00!"), std::string::npos) << "CPU/wall at p = 1 is marked\n" << text;
  EXPECT_NE(text.find("Karp–Flatt only: no series has the 3 worker counts an Amdahl fit needs "
                      "(the fewest here: 2"),
            std::string::npos)
      << text;
  EXPECT_EQ(text.find("Amdahl fit f ="), std::string::npos) << text;
}

TEST(Caveats, MarkdownListsThemAndNamesEachSeriesByItsParameters) {
  const auto md = reportMarkdown(session());
  EXPECT_NE(md.find("##### Caveats (! in the tables)"), std::string::npos) << md;
  EXPECT_NE(md.find("- ⚠️ alloc/pmr-unsync pattern:large-buffers p=2: efficiency 1667%"),
            std::string::npos)
      << md;
  // Two series of one variant: their bullets differ by their parameters.
  EXPECT_NE(md.find("- `alloc/pmr-unsync` `pattern:large-buffers`: Karp–Flatt only"), std::string::npos)
      << md;
}

TEST(Caveats, JsonCarriesThemPerPoint) {
  const auto j = nlohmann::json::parse(reportJson(session()));
  bool superLinear = false, busy = false;
  for (const auto& s : j["scaling"])
    for (const auto& p : s["points"])
      for (const auto& c : p["caveats"]) {
        superLinear = superLinear || c["kind"] == "super-linear";
        busy = busy || c["kind"] == "busy at one worker";
      }
  EXPECT_TRUE(superLinear);
  EXPECT_TRUE(busy);
  for (const auto& s : j["scaling"]) {
    EXPECT_TRUE(s["amdahl"].is_null());
    EXPECT_EQ(s["distinct_worker_counts"], 2);
  }
}

}  // namespace
}  // namespace tunelab::render
