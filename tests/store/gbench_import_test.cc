#include "tunelab/store/gbench_import.h"

#include <gtest/gtest.h>

#include <map>

#include <algorithm>

#include "temp_dir.h"
#include "tunelab/model/params.h"
#include "tunelab/store/store.h"

namespace tunelab::store {
namespace {

using testing::TempDir;

std::string fixture(const std::string& name) {
  return testing::readFile(std::string(TUNELAB_TEST_FIXTURES) + "/gbench/" + name);
}

ImportedSession parseFixture(const std::string& name) {
  auto parsed = parseGoogleBenchmarkJson(fixture(name), "fixtures/" + name);
  EXPECT_TRUE(parsed.ok()) << parsed.error().message;
  return parsed.ok() ? std::move(parsed).value() : ImportedSession{};
}

std::string parseError(std::string_view text, std::string_view source = "gb.json") {
  auto parsed = parseGoogleBenchmarkJson(text, source);
  EXPECT_FALSE(parsed.ok()) << "parsed without error: " << text;
  if (parsed.ok()) return {};
  EXPECT_EQ(parsed.error().kind, model::ErrorKind::Input);
  return parsed.error().message;
}

const model::Run* findRun(const ImportedSession& s, std::string_view name) {
  auto it =
      std::find_if(s.runs.begin(), s.runs.end(), [&](const auto& r) { return r.name == name; });
  return it == s.runs.end() ? nullptr : &*it;
}

const model::Metric* findMetric(const model::Sample& s, std::string_view name) {
  auto it = std::find_if(s.metrics.begin(), s.metrics.end(),
                         [&](const auto& m) { return m.name == name; });
  return it == s.metrics.end() ? nullptr : &*it;
}

std::string extra(const model::Environment& e, const std::string& key) {
  for (const auto& [k, v] : e.extra)
    if (k == key) return v;
  return "(absent)";
}

bool mentions(const std::vector<std::string>& notes, std::string_view text) {
  return std::any_of(notes.begin(), notes.end(),
                     [&](const auto& n) { return n.find(text) != std::string::npos; });
}

// A small, relative tolerance: the conversion is one multiplication by a power of ten.
#define EXPECT_SECONDS(actual, expected) EXPECT_NEAR(actual, expected, 1e-12 * (expected))

TEST(GbenchImport, ContextBecomesTheSessionEnvironment) {
  auto s = parseFixture("repetitions.json");
  EXPECT_EQ(s.session.label, "repetitions");
  EXPECT_EQ(s.session.status, model::SessionStatus::Running);
  EXPECT_EQ(s.session.startedAt, "2026-11-25T10:30:05.000Z") << "+02:00 converted to UTC";
  EXPECT_EQ(s.session.commandLine,
            "imported from fixtures/repetitions.json (executable ./bench_sum)");
  const auto& e = s.session.environment;
  EXPECT_EQ(e.host, "bench-host");
  EXPECT_EQ(e.logicalCores, 8);
  EXPECT_EQ(e.buildType, "gbench:release");
  EXPECT_EQ(extra(e, "caches"), "L1d 32K, L1i 32K, L2 1024K");
  EXPECT_EQ(extra(e, "load_avg"), "0.5, 0.25, 0.125");
  EXPECT_EQ(extra(e, "load_average_1min"), "0.5");
  EXPECT_EQ(extra(e, "mhz_per_cpu"), "2600");
  EXPECT_EQ(extra(e, "cpu_scaling_enabled"), "false");
  EXPECT_EQ(extra(e, "imported_from"), "fixtures/repetitions.json");
}

TEST(GbenchImport, DatesWithoutAZoneAreKeptAndZuluIsNormalized) {
  EXPECT_EQ(parseFixture("aggregates_only.json").session.startedAt, "2026-11-25 09:15:00");
  EXPECT_EQ(parseFixture("unit_ms.json").session.startedAt, "2026-11-25T08:00:00.000Z");
  auto s = parseGoogleBenchmarkJson(
      R"({"context": {"date": "2026-01-01T01:30:00-02:30"}, "benchmarks": [)"
      R"({"name": "BM_A", "iterations": 1, "real_time": 1, "cpu_time": 1, "time_unit": "ns"}]})",
      "x.json");
  ASSERT_TRUE(s.ok()) << s.error().message;
  EXPECT_EQ(s->session.startedAt, "2026-01-01T04:00:00.000Z");
}

TEST(GbenchImport, EveryRunNameIsOneRunWithItsRepetitionsAsSamples) {
  auto s = parseFixture("repetitions.json");
  std::vector<std::string> names;
  for (const auto& r : s.runs) names.push_back(r.name);
  EXPECT_EQ(names, (std::vector<std::string>{"BM_Sum/64", "BM_Sum/1024", "BM_Fail", "BM_Skip",
                                             "BM_Pair/n:8/m:2/real_time/threads:4",
                                             "BM_Capture/fast/16"}));

  const auto* sum = findRun(s, "BM_Sum/64");
  ASSERT_NE(sum, nullptr);
  EXPECT_EQ(sum->workload, "BM_Sum");
  EXPECT_EQ(sum->variant, "gbench");
  EXPECT_EQ(sum->params, (std::vector<model::Param>{{"arg0", "64"}, {"label", "ints"}}));
  EXPECT_EQ(sum->threads, 1);
  EXPECT_EQ(sum->status, model::RunStatus::Ok);
  ASSERT_EQ(sum->samples.size(), 3u) << "aggregates are not samples";
  const double wall[] = {20e-9, 22e-9, 21e-9};
  const double cpu[] = {19.5e-9, 21.5e-9, 20.5e-9};
  const double items[] = {3.2e9, 2.9e9, 3.0e9};
  for (int i = 0; i < 3; ++i) {
    const auto& smp = sum->samples[static_cast<std::size_t>(i)];
    EXPECT_EQ(smp.repetition, i);
    EXPECT_SECONDS(smp.wallSeconds, wall[i]);
    EXPECT_SECONDS(smp.cpuSeconds, cpu[i]);
    const auto* m = findMetric(smp, "items");
    ASSERT_NE(m, nullptr);
    EXPECT_EQ(m->value, items[i]);
    EXPECT_EQ(m->unit, "");
    EXPECT_NE(findMetric(smp, "bytes_per_second"), nullptr);
    EXPECT_EQ(findMetric(smp, "family_index"), nullptr) << "GB's own keys are not counters";
  }
  EXPECT_EQ(sum->samples[2].iterations, 1200);
}

TEST(GbenchImport, NamePartsBecomeParamsAndThreadsComeFromTheRow) {
  auto s = parseFixture("repetitions.json");
  const auto* pair = findRun(s, "BM_Pair/n:8/m:2/real_time/threads:4");
  ASSERT_NE(pair, nullptr);
  EXPECT_EQ(pair->workload, "BM_Pair");
  EXPECT_EQ(pair->params,
            (std::vector<model::Param>{{"n", "8"}, {"m", "2"}, {"real_time", "yes"}}));
  EXPECT_EQ(pair->threads, 4);
  ASSERT_EQ(pair->samples.size(), 3u);
  EXPECT_SECONDS(pair->samples[0].wallSeconds, 1.5e-3) << "time_unit us";
  EXPECT_SECONDS(pair->samples[0].cpuSeconds, 5.9e-3);

  const auto* capture = findRun(s, "BM_Capture/fast/16");
  ASSERT_NE(capture, nullptr);
  EXPECT_EQ(capture->params, (std::vector<model::Param>{{"arg0", "fast"}, {"arg1", "16"}}));
  ASSERT_EQ(capture->samples.size(), 1u);
  EXPECT_EQ(capture->samples[0].wallSeconds, 2.0) << "time_unit s";
}

TEST(GbenchImport, MillisecondsAreConverted) {
  auto s = parseFixture("unit_ms.json");
  ASSERT_EQ(s.runs.size(), 1u);
  const auto& r = s.runs[0];
  EXPECT_EQ(r.params, (std::vector<model::Param>{{"real_time", "yes"}}));
  ASSERT_EQ(r.samples.size(), 2u);
  EXPECT_SECONDS(r.samples[0].wallSeconds, 12.5e-3);
  EXPECT_SECONDS(r.samples[0].cpuSeconds, 0.25e-3);
  EXPECT_SECONDS(r.samples[1].wallSeconds, 13.0e-3);
  EXPECT_EQ(r.samples[1].iterations, 3);
}

TEST(GbenchImport, ErroredAndSkippedBenchmarksAreFailedRunsWithTheirReason) {
  auto s = parseFixture("repetitions.json");
  const auto* fail = findRun(s, "BM_Fail");
  ASSERT_NE(fail, nullptr);
  EXPECT_EQ(fail->status, model::RunStatus::Failed);
  EXPECT_EQ(fail->reason, "input file missing");
  EXPECT_TRUE(fail->samples.empty());
  const auto* skip = findRun(s, "BM_Skip");
  ASSERT_NE(skip, nullptr);
  EXPECT_EQ(skip->status, model::RunStatus::Failed);
  EXPECT_EQ(skip->reason, "skipped: needs AVX-512");
}

TEST(GbenchImport, AFailureInSomeRepetitionsKeepsTheOthersAndSaysHowMany) {
  auto s = parseGoogleBenchmarkJson(
      R"({"benchmarks": [
      {"name": "BM_F", "run_type": "iteration", "repetition_index": 0, "iterations": 4, "real_time": 5, "cpu_time": 5, "time_unit": "ns"},
      {"name": "BM_F", "run_type": "iteration", "repetition_index": 1, "error_occurred": true, "error_message": "flaky", "iterations": 1, "real_time": 0, "cpu_time": 0, "time_unit": "ns"}]})",
      "f.json");
  ASSERT_TRUE(s.ok()) << s.error().message;
  ASSERT_EQ(s->runs.size(), 1u);
  EXPECT_EQ(s->runs[0].status, model::RunStatus::Failed);
  EXPECT_EQ(s->runs[0].reason, "flaky (in 1 of 2 repetitions)");
  ASSERT_EQ(s->runs[0].samples.size(), 1u);
  EXPECT_EQ(s->runs[0].samples[0].repetition, 0);
}

TEST(GbenchImport, ComplexityAndAggregateRowsAreNotedNotImported) {
  auto s = parseFixture("repetitions.json");
  EXPECT_EQ(findRun(s, "BM_Sum"), nullptr) << "BigO/RMS rows are not a run";
  EXPECT_TRUE(mentions(s.notes, "complexity rows (BigO, RMS) of BM_Sum"))
      << ::testing::PrintToString(s.notes);
  EXPECT_TRUE(mentions(s.notes, "4 aggregate row(s)")) << ::testing::PrintToString(s.notes);
}

TEST(GbenchImport, AggregatesOnlyImportsTheMedianElseTheMean) {
  auto s = parseFixture("aggregates_only.json");
  ASSERT_EQ(s.runs.size(), 2u) << "a run with only a stddev has nothing to import";
  const auto* only = findRun(s, "BM_Only/8");
  ASSERT_NE(only, nullptr);
  ASSERT_EQ(only->samples.size(), 1u);
  const auto& smp = only->samples[0];
  EXPECT_SECONDS(smp.wallSeconds, 100e-9) << "the median, not the mean (110)";
  EXPECT_SECONDS(smp.cpuSeconds, 99e-9);
  EXPECT_EQ(smp.iterations, 1);
  ASSERT_NE(findMetric(smp, "gbench_repetitions"), nullptr);
  EXPECT_EQ(findMetric(smp, "gbench_repetitions")->value, 5);
  ASSERT_NE(findMetric(smp, "items"), nullptr);
  EXPECT_EQ(findMetric(smp, "items")->value, 4.2e7) << "the median row's counters";

  const auto* meanOnly = findRun(s, "BM_MeanOnly");
  ASSERT_NE(meanOnly, nullptr);
  ASSERT_EQ(meanOnly->samples.size(), 1u);
  EXPECT_SECONDS(meanOnly->samples[0].wallSeconds, 7.5e-6);
  EXPECT_EQ(findMetric(meanOnly->samples[0], "gbench_repetitions")->value, 4);

  EXPECT_TRUE(mentions(s.notes, "--benchmark_report_aggregates_only"))
      << ::testing::PrintToString(s.notes);
  EXPECT_TRUE(mentions(s.notes, "BM_SpreadOnly")) << ::testing::PrintToString(s.notes);
}

TEST(GbenchImport, OlderFilesWithoutRunNameOrRepetitionIndexImport) {
  auto s = parseGoogleBenchmarkJson(
      R"({"context": {"date": "01/02/19 10:00:00"}, "benchmarks": [
      {"name": "BM_Old/8", "iterations": 10, "real_time": 1, "cpu_time": 2, "time_unit": "us"},
      {"name": "BM_Old/8", "iterations": 10, "real_time": 3, "cpu_time": 4, "time_unit": "us"},
      {"name": "BM_Old/8_mean", "aggregate_name": "mean", "iterations": 2, "real_time": 2, "cpu_time": 3, "time_unit": "us"}]})",
      "old.json");
  ASSERT_TRUE(s.ok()) << s.error().message;
  EXPECT_EQ(s->session.startedAt, "01/02/19 10:00:00");
  // Without run_name the aggregate is known by its name's suffix ("BM_Old/8_mean"): still
  // not a sample, and not a run of its own.
  ASSERT_EQ(s->runs.size(), 1u);
  const auto* r = findRun(*s, "BM_Old/8");
  ASSERT_NE(r, nullptr);
  ASSERT_EQ(r->samples.size(), 2u);
  EXPECT_EQ(r->samples[1].repetition, 1);
  EXPECT_SECONDS(r->samples[1].wallSeconds, 3e-6);
}

TEST(GbenchImport, NonFiniteNumbersAreReadAsMissing) {
  // GB writes NaN and Infinity as bare words, which JSON does not have.
  auto s = parseGoogleBenchmarkJson(
      R"({"benchmarks": [{"name": "BM_N", "iterations": 2, "real_time": 1, "cpu_time": 1,
      "time_unit": "ns", "rate": NaN, "inv": -Infinity, "ok": 3, "text": "NaN"}]})",
      "n.json");
  ASSERT_TRUE(s.ok()) << s.error().message;
  const auto& smp = s->runs.at(0).samples.at(0);
  EXPECT_EQ(findMetric(smp, "rate"), nullptr);
  EXPECT_EQ(findMetric(smp, "inv"), nullptr);
  EXPECT_NE(findMetric(smp, "ok"), nullptr);
  EXPECT_TRUE(mentions(s->notes, "BM_N rate")) << ::testing::PrintToString(s->notes);

  auto msg = parseError(
      R"({"benchmarks": [{"name": "BM_N", "iterations": 2, "real_time": NaN, "cpu_time": 1, "time_unit": "ns"}]})");
  EXPECT_NE(msg.find("benchmarks[0] (BM_N): \"real_time\" is not a finite number"),
            std::string::npos)
      << msg;
}

TEST(GbenchImport, MalformedJsonNamesLineAndColumn) {
  auto msg = parseError(fixture("malformed.json"), "malformed.json");
  EXPECT_EQ(msg.rfind("malformed.json:5:5: not valid JSON (", 0), 0u) << msg;
  EXPECT_NE(msg.find("unexpected '{'"), std::string::npos) << "nlohmann's reason: " << msg;
  EXPECT_NE(msg.find("--benchmark_out_format=json"), std::string::npos) << "what to do: " << msg;

  // A NaN earlier on the line (one byte longer as null) does not shift the column.
  msg = parseError("{\"benchmarks\": [nan x]}");
  EXPECT_EQ(msg.rfind("gb.json:1:21:", 0), 0u) << msg;
  msg = parseError("");
  EXPECT_EQ(msg.rfind("gb.json:1:1:", 0), 0u) << msg;
  msg = parseError("{\"benchmarks\": [\n{\"name\": \"BM_A\",\n");
  EXPECT_EQ(msg.rfind("gb.json:3:1:", 0), 0u) << "a file cut short: " << msg;
}

TEST(GbenchImport, NotGoogleBenchmarkJsonIsRefusedWithWhatToDo) {
  const std::string expected =
      "gb.json: no \"benchmarks\" array: is this Google Benchmark JSON output "
      "(--benchmark_out=FILE --benchmark_out_format=json)?";
  EXPECT_EQ(parseError(R"({"context": {}})"), expected);
  EXPECT_EQ(parseError(R"({"benchmarks": {}})"), expected);
  EXPECT_EQ(parseError("[1, 2]"), expected);
  EXPECT_NE(parseError(R"({"benchmarks": []})").find("no benchmark results"), std::string::npos);
}

TEST(GbenchImport, BadBenchmarksAreNamedByIndexAndName) {
  auto row = [](const std::string& fields) {
    return R"({"benchmarks": [{"name": "BM_Ok", "iterations": 1, "real_time": 1, "cpu_time": 1, "time_unit": "ns"}, )" +
           fields + "]}";
  };
  auto msg =
      parseError(row(R"({"name": "BM_X/4", "iterations": 1, "cpu_time": 1, "time_unit": "ns"})"));
  EXPECT_EQ(msg.rfind("gb.json: benchmarks[1] (BM_X/4): has no \"real_time\"", 0), 0u) << msg;
  msg = parseError(row(
      R"({"name": "BM_X/4", "iterations": 1, "real_time": 1, "cpu_time": 1, "time_unit": "min"})"));
  EXPECT_EQ(msg.rfind("gb.json: benchmarks[1] (BM_X/4): \"time_unit\" is \"min\"", 0), 0u) << msg;
  EXPECT_NE(msg.find("ns, us, ms or s"), std::string::npos) << msg;
  msg = parseError(row(
      R"({"name": "BM_X/4", "iterations": 0, "real_time": 1, "cpu_time": 1, "time_unit": "ns"})"));
  EXPECT_NE(msg.find("benchmarks[1] (BM_X/4): \"iterations\""), std::string::npos) << msg;
  msg = parseError(row(
      R"({"name": "BM_X/4", "iterations": 1, "real_time": -1, "cpu_time": 1, "time_unit": "ns"})"));
  EXPECT_NE(msg.find("benchmarks[1] (BM_X/4): \"real_time\" is negative"), std::string::npos)
      << msg;
  msg = parseError(row(R"({"iterations": 1})"));
  EXPECT_EQ(msg.rfind("gb.json: benchmarks[1]: has no \"name\"", 0), 0u) << msg;
  msg = parseError(row("42"));
  EXPECT_EQ(msg.rfind("gb.json: benchmarks[1]: is not an object", 0), 0u) << msg;
  msg = parseError(row(
      R"({"name": "BM_Ok", "repetition_index": 0, "iterations": 1, "real_time": 1, "cpu_time": 1, "time_unit": "ns"})"));
  EXPECT_NE(msg.find("repetition 0 of BM_Ok appears twice"), std::string::npos) << msg;
}

// What the parser returns, the store accepts: unique parameter keys, repetitions,
// iterations ≥ 1, failed runs without samples.
TEST(GbenchImport, EveryFixtureStoresAndReadsBackUnchanged) {
  for (const char* name : {"repetitions.json", "aggregates_only.json", "unit_ms.json"}) {
    SCOPED_TRACE(name);
    auto imported = parseFixture(name);
    TempDir dir;
    auto store = Store::open(dir / "t.db", OpenMode::ReadWrite);
    ASSERT_TRUE(store.ok()) << store.error().message;
    auto id = store->beginSession(imported.session);
    ASSERT_TRUE(id.ok()) << id.error().message;
    for (const auto& r : imported.runs) {
      auto added = store->addRun(*id, r);
      ASSERT_TRUE(added.ok()) << r.name << ": " << added.error().message;
    }
    ASSERT_TRUE(
        store->finishSession(*id, model::SessionStatus::Complete, imported.session.startedAt).ok());
    auto back = store->runs(*id);
    ASSERT_TRUE(back.ok()) << back.error().message;
    for (auto& r : *back) {
      r.id = {};
      r.session = {};
      for (auto& smp : r.samples) smp.id = {};
    }
    EXPECT_EQ(*back, imported.runs);
    EXPECT_EQ(store->session(*id)->environment.extra.size(),
              imported.session.environment.extra.size());
  }
}

}  // namespace
// Google Benchmark 1.7 writes a MemoryManager's result into every repetition's row but fills
// only the last; the others hold uninitialised memory. Only the last is read, as metrics of
// every sample; bytes per iteration over the memory run's min(16, iterations).
TEST(GbenchImport, AMemoryManagersResultComesFromTheLastRepetitionOnly) {
  const std::string text = R"({"context": {}, "benchmarks": [
    {"name": "BM_V/1000", "run_name": "BM_V/1000", "run_type": "iteration", "repetitions": 2,
     "repetition_index": 0, "threads": 1, "iterations": 1000, "real_time": 10, "cpu_time": 10,
     "time_unit": "ns", "allocs_per_iter": 1.125, "max_bytes_used": 7101882145041235604,
     "total_allocated_bytes": 3689354299364946994, "net_heap_growth": 3126962923687589936},
    {"name": "BM_V/1000", "run_name": "BM_V/1000", "run_type": "iteration", "repetitions": 2,
     "repetition_index": 1, "threads": 1, "iterations": 1000, "real_time": 11, "cpu_time": 11,
     "time_unit": "ns", "allocs_per_iter": 1.125, "max_bytes_used": 4440,
     "total_allocated_bytes": 64408}]})";
  auto parsed = parseGoogleBenchmarkJson(text, "memory.json");
  ASSERT_TRUE(parsed.ok()) << parsed.error().message;
  ASSERT_EQ(parsed->runs.size(), 1u);
  ASSERT_EQ(parsed->runs[0].samples.size(), 2u);
  for (const auto& s : parsed->runs[0].samples) {
    std::map<std::string, double> m;
    for (const auto& x : s.metrics) m[x.name] = x.value;
    EXPECT_EQ(m.size(), 3u);  // no net_heap_growth, no garbage as a user counter
    EXPECT_DOUBLE_EQ(m["allocs_per_iter"], 1.125);
    EXPECT_DOUBLE_EQ(m["max_bytes_used"], 4440);
    EXPECT_DOUBLE_EQ(m["allocated_bytes_per_iter"], 64408.0 / 16);
  }
}

}  // namespace tunelab::store
