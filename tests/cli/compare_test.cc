// `tunelab compare` end to end: the real binary on Google Benchmark JSON fixtures (fixed
// numbers, so every output is a golden file), on sessions of two databases, and on a store
// fixture with simulated instruction counts. The JUnit file is validated by xmllint against
// tests/fixtures/junit/junit.xsd. TUNELAB_UPDATE_GOLDEN=1 rewrites the golden files.

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <tuple>

#include "process.h"
#include "temp_dir.h"
#include "tunelab/store/store.h"

namespace tunelab {
namespace {

using testing::ProcessResult;
using testing::TempDir;
namespace fs = std::filesystem;

const fs::path kFixtures = fs::path(TUNELAB_TEST_FIXTURES) / "compare";
const fs::path kSchema = fs::path(TUNELAB_TEST_FIXTURES) / "junit" / "junit.xsd";

ProcessResult tunelab(const std::vector<std::string>& args, const fs::path& cwd) {
  return testing::runProcess(TUNELAB_BINARY, args, cwd);
}

// A directory holding base.json and cand.json under their plain names, so outputs name them
// the same wherever the test runs.
struct Fixture {
  TempDir dir;
  Fixture() {
    for (const char* f : {"base.json", "cand.json"}) fs::copy_file(kFixtures / f, dir / f);
  }
};

void expectGolden(const std::string& actual, const std::string& name) {
  const fs::path golden = kFixtures / "golden" / name;
  if (const char* update = std::getenv("TUNELAB_UPDATE_GOLDEN"); update && *update == '1') {
    fs::create_directories(golden.parent_path());
    testing::writeFile(golden, actual);
  }
  EXPECT_EQ(actual, testing::readFile(golden))
      << "differs from " << golden
      << " (TUNELAB_UPDATE_GOLDEN=1 rewrites it after a deliberate change)";
}

// A complete session of one calibrate run, its samples as given, written through the real
// Store: what `tunelab run calibrate` would have stored.
void addCalibrateSession(store::Store& store, const std::string& label,
                         const std::vector<model::Sample>& samples) {
  model::Session s;
  s.label = label;
  s.startedAt = "2026-12-01T00:00:00.000Z";
  auto id = store.beginSession(s);
  ASSERT_TRUE(id.ok());
  model::Run run;
  run.workload = "calibrate";
  run.variant = "mixed";
  run.name = "calibrate/mixed/threads:1";
  run.samples = samples;
  ASSERT_TRUE(store.addRun(*id, run).ok());
  ASSERT_TRUE(
      store.finishSession(*id, model::SessionStatus::Complete, "2026-12-01T00:00:01.000Z").ok());
}

model::Sample timedSample(int repetition, double seconds) {
  model::Sample smp;
  smp.repetition = repetition;
  smp.wallSeconds = smp.cpuSeconds = seconds;
  return smp;
}

TEST(Compare, GoldenOutputsOfEveryFormat) {
  Fixture f;
  for (auto [format, golden] :
       {std::pair{"table", "table.txt"}, std::pair{"markdown", "comment.md"},
        std::pair{"junit", "junit.xml"}, std::pair{"json", "comparison.json"}}) {
    auto r = tunelab({"compare", "base.json", "cand.json", "--format", format}, f.dir.path());
    EXPECT_EQ(r.exitCode, 1) << "a slower and a failed benchmark are regressions\n" << r.err;
    expectGolden(r.out, golden);
  }
}

TEST(Compare, MarkdownStartsWithTheSummaryAndListsRegressionsFirst) {
  Fixture f;
  auto r = tunelab({"compare", "base.json", "cand.json", "--format", "markdown"}, f.dir.path());
  ASSERT_EQ(
      r.out.rfind(
          "**tunelab compare: 2 regressions; cannot tell for 1 of 5 benchmarks: 1 repetition a "
          "side can never reach p < 0.05; use ≥ 5** — 1 failed, 1 undecided, 1 slower, 1 faster, "
          "1 unchanged, 1 noisy",
          0),
      0u)
      << r.out;
  const auto failed = r.out.find("`BM_Crash`"), slower = r.out.find("`BM_Parse/1024`"),
             faster = r.out.find("`BM_Parse/4096`"), unchanged = r.out.find("`BM_Hash/64`");
  EXPECT_LT(failed, slower);
  EXPECT_LT(slower, faster);
  EXPECT_LT(faster, unchanged);
  EXPECT_NE(r.out.find("slower means candidate time > baseline × 1.05 with p < 0.05"),
            std::string::npos);
  EXPECT_NE(r.out.find("geometric mean"), std::string::npos);
}

TEST(Compare, OutFilesTakeTheirFormatFromTheExtension) {
  Fixture f;
  auto r = tunelab({"compare", "base.json", "cand.json", "--out", "comment.md", "--out",
                    "junit.xml", "--out", "result.json", "--format", "json"},
                   f.dir.path());
  EXPECT_EQ(r.exitCode, 1) << r.err;
  EXPECT_EQ(testing::readFile(f.dir / "comment.md"),
            testing::readFile(kFixtures / "golden" / "comment.md"));
  EXPECT_EQ(testing::readFile(f.dir / "junit.xml"),
            testing::readFile(kFixtures / "golden" / "junit.xml"));
  EXPECT_EQ(testing::readFile(f.dir / "result.json"), r.out);
  auto bad = tunelab({"compare", "base.json", "cand.json", "--out", "report.pdf"}, f.dir.path());
  EXPECT_EQ(bad.exitCode, 2);
  EXPECT_NE(bad.err.find(".md (Markdown), .xml (JUnit), .json, .html"), std::string::npos) << bad.err;
  // .html: one self-contained page of the same comparison.
  auto html = tunelab({"compare", "base.json", "cand.json", "--out", "report.html"}, f.dir.path());
  EXPECT_EQ(html.exitCode, 1) << html.err;
  const auto page = testing::readFile(f.dir / "report.html");
  EXPECT_EQ(page.rfind("<!DOCTYPE html>", 0), 0u);
  EXPECT_NE(page.find("<code>BM_Parse/1024</code>"), std::string::npos) << page;
}

TEST(Compare, JUnitIsValidAgainstTheSchema) {
  Fixture f;
  ASSERT_EQ(
      tunelab({"compare", "base.json", "cand.json", "--out", "junit.xml"}, f.dir.path()).exitCode,
      1);
  auto ok = testing::runProcess(
      "/usr/bin/xmllint", {"--noout", "--schema", kSchema.string(), "junit.xml"}, f.dir.path());
  EXPECT_EQ(ok.exitCode, 0) << ok.err;
  // The schema is not a rubber stamp: a test case without its classname is refused.
  auto xml = testing::readFile(f.dir / "junit.xml");
  const auto at = xml.find(" classname=\"BM_Hash\"");
  ASSERT_NE(at, std::string::npos);
  testing::writeFile(f.dir / "broken.xml",
                     xml.erase(at, std::string(" classname=\"BM_Hash\"").size()));
  auto broken = testing::runProcess(
      "/usr/bin/xmllint", {"--noout", "--schema", kSchema.string(), "broken.xml"}, f.dir.path());
  EXPECT_NE(broken.exitCode, 0);
  EXPECT_NE(broken.err.find("classname"), std::string::npos) << broken.err;

  // What a consumer counts: one testcase per benchmark, failures = slower + failed, errors =
  // undecided (one repetition a side).
  auto count = [&](const std::string& what) {
    std::size_t n = 0;
    for (auto p = xml.find(what); p != std::string::npos; p = xml.find(what, p + 1)) ++n;
    return n;
  };
  EXPECT_EQ(count("<testcase "), 8u);
  EXPECT_EQ(count("<failure "), 2u);
  EXPECT_EQ(count("<error "), 1u);
  EXPECT_EQ(count("<skipped "), 1u);
  EXPECT_NE(xml.find("tests=\"8\" failures=\"2\" errors=\"1\""), std::string::npos);
}

TEST(Compare, ExitCodes) {
  Fixture f;
  // A/A: no regression, but BM_Once has one repetition a side: undecided (3) unless allowed.
  EXPECT_EQ(tunelab({"compare", "base.json", "base.json"}, f.dir.path()).exitCode, 3);
  EXPECT_EQ(tunelab({"compare", "base.json", "base.json", "--allow-undecided"}, f.dir.path()).exitCode, 0)
      << "A/A: no regression";
  struct Case {
    std::vector<std::string> args;
    std::string message;
  };
  const std::vector<Case> bad = {
      {{"compare", "base.json", "cand.json", "--threshold", "5"},
       "--threshold '5' would mean 500 %: write 5% or 0.05."},
      {{"compare", "base.json", "cand.json", "--threshold", "x%"}, "is not a percentage"},
      {{"compare", "base.json", "cand.json", "--alpha", "2"}, "--alpha must be between 0 and 1"},
      {{"compare", "base.json", "cand.json", "--measure", "cycles"},
       "Valid measures: auto, time, cpu, instructions"},
      {{"compare", "base.json", "missing.json"}, "missing.json: no such file"},
      {{"compare", "base.json", "other.db:3"}, "other.db does not exist"},
      {{"compare", "base.json", "cand.json", "--format", "pdf"},
       "Valid formats: table, markdown, junit, json, html"},
  };
  for (const auto& c : bad) {
    auto r = tunelab(c.args, f.dir.path());
    EXPECT_EQ(r.exitCode, 2) << c.args.back();
    EXPECT_NE(r.err.find(c.message), std::string::npos) << r.err;
  }
  // Nothing in common: an input error, not a pass.
  testing::writeFile(
      f.dir / "other.json",
      R"({"context": {}, "benchmarks": [{"name": "BM_X", "iterations": 1, "real_time": 1,
                         "cpu_time": 1, "time_unit": "ns"}]})");
  auto none = tunelab({"compare", "base.json", "other.json"}, f.dir.path());
  EXPECT_EQ(none.exitCode, 2);
  EXPECT_NE(none.err.find("no benchmark of base.json is in other.json"), std::string::npos)
      << none.err;
}

// Sessions with simulated instruction counts (what `--counters valgrind` stores) and times
// too noisy to say anything: the counts decide, and a 1 % change is a regression.
TEST(Compare, SimulatedInstructionCountsDecideWhereBothSidesHaveThem) {
  TempDir dir;
  {
    auto store = store::Store::open(dir / "t.db", store::OpenMode::ReadWrite);
    ASSERT_TRUE(store.ok()) << store.error().message;
    for (double instructions : {1.0e8, 1.0e8, 1.01e8}) {
      std::vector<model::Sample> samples;
      for (int i = 0; i < 10; ++i) {
        // ±30 %: times cannot tell
        samples.push_back(timedSample(i, 0.01 * (1 + 0.3 * ((i * 7) % 10) / 10.0)));
        samples.back().counters.push_back({"instructions", instructions, 0, 0, true, ""});
      }
      addCalibrateSession(*store, "", samples);
    }
  }
  auto aa = tunelab({"compare", "1", "2", "--db", "t.db"}, dir.path());
  EXPECT_EQ(aa.exitCode, 0) << aa.out << aa.err;
  EXPECT_NE(aa.out.find("instructions (simulated)"), std::string::npos) << aa.out;
  auto ab = tunelab({"compare", "t.db:1", "t.db:3", "--format", "markdown"}, dir.path());
  EXPECT_EQ(ab.exitCode, 1) << ab.out << ab.err;
  EXPECT_NE(ab.out.find("| 🔴 | `calibrate/mixed/threads:1` | instructions (simulated) | 100.0 M | "
                        "101.0 M | 1.010× "
                        "(1.010×–1.010×) | exact | **slower** |"),
            std::string::npos)
      << ab.out;
  EXPECT_NE(ab.out.find("Deterministic counts (simulated instructions, allocations): slower means "
                        "candidate count > "
                        "baseline × 1.005"),
            std::string::npos)
      << ab.out;
  // Times alone (--measure time) cannot tell.
  auto byTime = tunelab({"compare", "t.db:1", "t.db:3", "--measure", "time"}, dir.path());
  EXPECT_EQ(byTime.exitCode, 0) << byTime.out;
}

// One repetition a side, and three against an 80 % slowdown: a timing from one repetition has
// a MAD of 0 but is no exact count, and 3 against 3 can never reach p < 0.05. Both are
// undecided — their own verdict, headline, JUnit error and exit code (3) — never "slower" from
// one sample nor "no regression" from three.
TEST(Compare, TooFewRepetitionsAreUndecidedWithTheirOwnExitCodeAndHeadline) {
  TempDir dir;
  {
    auto store = store::Store::open(dir / "t.db", store::OpenMode::ReadWrite);
    ASSERT_TRUE(store.ok()) << store.error().message;
    addCalibrateSession(*store, "one-base", {timedSample(0, 0.010)});
    addCalibrateSession(*store, "one-cand", {timedSample(0, 0.011)});
    addCalibrateSession(*store, "three-base",
                        {timedSample(0, 0.0100), timedSample(1, 0.0102), timedSample(2, 0.0104)});
    addCalibrateSession(*store, "three-cand",
                        {timedSample(0, 0.0182), timedSample(1, 0.0185), timedSample(2, 0.0210)});
  }
  for (const auto& [base, cand, reason] :
       {std::tuple{"one-base", "one-cand", "1 repetition a side can never reach p < 0.05; use ≥ 5"},
        std::tuple{"three-base", "three-cand",
                   "3 repetitions a side can never reach p < 0.05; use ≥ 5"}}) {
    auto md = tunelab({"compare", base, cand, "--db", "t.db", "-f", "markdown"}, dir.path());
    EXPECT_EQ(md.exitCode, 3) << md.out << md.err;
    EXPECT_EQ(md.out.rfind(std::string("**tunelab compare: cannot tell: ") + reason + "**", 0), 0u)
        << md.out;
    EXPECT_NE(md.err.find("--allow-undecided"), std::string::npos) << md.err;
    auto junit = tunelab({"compare", base, cand, "--db", "t.db", "-f", "junit"}, dir.path());
    EXPECT_EQ(junit.exitCode, 3);
    EXPECT_NE(junit.out.find("errors=\"1\""), std::string::npos) << junit.out;
    EXPECT_NE(junit.out.find("failures=\"0\""), std::string::npos) << junit.out;
    EXPECT_NE(junit.out.find("type=\"undecided\""), std::string::npos) << junit.out;
    auto allowed = tunelab({"compare", base, cand, "--db", "t.db", "-f", "junit", "--allow-undecided"},
                           dir.path());
    EXPECT_EQ(allowed.exitCode, 0) << allowed.err;
    EXPECT_NE(allowed.out.find("skipped=\"1\""), std::string::npos) << allowed.out;
    EXPECT_EQ(allowed.out.find("<error"), std::string::npos) << allowed.out;
  }
}

// The machine drifts between processes: round 2 runs 10 % slower than round 1 for both
// sides alike. One process per side (main-1 against pr-2) reads the drift as a regression;
// the label patterns pool both rounds of each side and see no change.
TEST(Compare, LabelPatternsPoolTheRepetitionsOfEverySessionTheyMatch) {
  TempDir dir;
  {
    auto store = store::Store::open(dir / "t.db", store::OpenMode::ReadWrite);
    ASSERT_TRUE(store.ok()) << store.error().message;
    const std::vector<std::pair<std::string, double>> sessions = {
        {"main-1", 1.0}, {"pr-1", 1.0}, {"main-2", 1.1}, {"pr-2", 1.1}, {"mainline", 2.0}};
    for (const auto& [label, level] : sessions) {
      std::vector<model::Sample> samples;
      for (int i = 0; i < 5; ++i) samples.push_back(timedSample(i, 0.01 * level * (1 + 0.002 * i)));
      addCalibrateSession(*store, label, samples);
    }
  }
  auto single = tunelab({"compare", "main-1", "pr-2", "--db", "t.db"}, dir.path());
  EXPECT_EQ(single.exitCode, 1) << single.out << single.err;
  auto pooled =
      tunelab({"compare", "main-*", "t.db:pr-?", "--db", "t.db", "--format", "json"}, dir.path());
  EXPECT_EQ(pooled.exitCode, 0) << pooled.out << pooled.err;
  EXPECT_NE(pooled.out.find("\"baseline_count\": 10"), std::string::npos) << pooled.out;
  EXPECT_NE(pooled.out.find("\"candidate_count\": 10"), std::string::npos) << pooled.out;
  EXPECT_NE(pooled.out.find("\"slower\": 0"), std::string::npos) << pooled.out;
  // A pattern that matches nothing is an input error that names it.
  auto none = tunelab({"compare", "nightly-*", "pr-*", "--db", "t.db"}, dir.path());
  EXPECT_EQ(none.exitCode, 2);
  EXPECT_NE(none.err.find("no session's label matches 'nightly-*'"), std::string::npos)
      << none.err;
}

TEST(Compare, SessionsOfTwoDatabases) {
  TempDir dir;
  const std::vector<std::string> run = {"run",        "kmeans", "-v",  "serial",     "-p",
                                        "n=2000",     "-p",     "k=4", "-r",         "3",
                                        "--min-time", "0",      "-q",  "--no-report"};
  auto withDb = [&](const std::string& db) {
    auto args = run;
    args.insert(args.end(), {"--db", db});
    return args;
  };
  ASSERT_EQ(tunelab(withDb("main.db"), dir.path()).exitCode, 0);
  ASSERT_EQ(tunelab(withDb("pr.db"), dir.path()).exitCode, 0);
  auto r = tunelab({"compare", "main.db:latest", "pr.db:1", "--format", "json"}, dir.path());
  // Three repetitions a side cannot decide anything: undecided, whatever the times were.
  EXPECT_EQ(r.exitCode, 3) << r.err;
  EXPECT_NE(r.out.find("\"source\": \"main.db:latest\""), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("\"name\": \"kmeans/serial/n:2000/d:8/k:4/"), std::string::npos) << r.out;
  // A database file alone means its latest session.
  auto latest = tunelab({"compare", "main.db", "pr.db", "--allow-undecided"}, dir.path());
  EXPECT_EQ(latest.exitCode, 0) << latest.err;
  auto unknown = tunelab({"compare", "main.db:7", "pr.db:1"}, dir.path());
  EXPECT_EQ(unknown.exitCode, 2);
  EXPECT_NE(unknown.err.find("main.db:7"), std::string::npos) << unknown.err;
}

// The real thing: the calibrate workload under callgrind (`--counters valgrind`), baseline
// extra=0 and candidate extra=1 as separate sessions. The simulated instruction counts show
// the 1 % exactly (to the fixed overhead of the measured window) and decide the verdict.
TEST(Compare, ValgrindCountsSeeOnePercentOfCalibrateWork) {
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
  GTEST_SKIP() << "valgrind cannot run a sanitized binary (it aborts under valgrind)";
#endif
  TempDir dir;
  for (auto [label, extra] :
       {std::pair{"base", "0"}, std::pair{"aa", "0"}, std::pair{"plus1", "1"}}) {
    auto r = tunelab({"run", "calibrate", "-p", "work=5000", "-p", "table=64", "-p",
                      std::string("extra=") + extra, "--counters", "valgrind", "-r", "3",
                      "--min-time", "0", "-q", "--no-report", "--label", label},
                     dir.path());
    ASSERT_EQ(r.exitCode, 0) << r.err;
  }
  auto aa =
      tunelab({"compare", "base", "aa", "--ignore-param", "extra", "--format", "json"}, dir.path());
  EXPECT_EQ(aa.exitCode, 0) << aa.out << aa.err;
  auto ab = tunelab({"compare", "base", "plus1", "--ignore-param", "extra", "--format", "json"},
                    dir.path());
  EXPECT_EQ(ab.exitCode, 1) << ab.out << ab.err;
  const auto measure = ab.out.find("\"measure\": \"instructions (simulated)\"");
  ASSERT_NE(measure, std::string::npos) << ab.out;
  const auto at = ab.out.find("\"ratio\": ", measure);
  ASSERT_NE(at, std::string::npos);
  const double ratio = std::stod(ab.out.substr(at + 9, 20));
  EXPECT_NEAR(ratio, 1.01, 0.0002) << "1 % more units is 1 % more instructions";
  EXPECT_NE(ab.out.find("\"verdict\": \"slower\""), std::string::npos);
}

}  // namespace
}  // namespace tunelab
