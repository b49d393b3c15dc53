#include <gtest/gtest.h>

#include <chrono>
#include <csignal>
#include <cstdlib>
#include <thread>
#include <vector>

#include "tunelab/probe/region.h"
#include "tunelab/profiler/harness.h"
#include "tunelab/profiler/run_codec.h"

namespace tunelab::profiler {
namespace {

Case makeCase(const std::string& variant, std::function<void()> body) {
  model::Run id;
  id.workload = "fault";
  id.variant = variant;
  return {id, [body] {
            return model::Result<CaseBody>(
                CaseBody{body, [] { return std::vector<model::Metric>{{"m", 7, ""}}; }});
          }};
}

std::vector<model::Run> run(const std::vector<Case>& cases, HarnessOptions options) {
  std::vector<model::Run> out;
  auto r = runCases(cases, options,
                    [&](const model::Run& got) -> model::Status {
                      out.push_back(got);
                      return model::Ok{};
                    },
                    nullptr);
  EXPECT_TRUE(r.ok());
  return out;
}

HarnessOptions isolated(double timeout = 30, std::int64_t memoryLimit = 0) {
  HarnessOptions o;
  o.repetitions = 2;
  o.minTimeSeconds = 0;
  o.isolate = true;
  o.timeoutSeconds = timeout;
  o.memoryLimitBytes = memoryLimit;
  return o;
}

TEST(Isolation, SegfaultIsRecordedAsCrashedAndTheNextCaseRuns) {
  auto runs = run({makeCase("segv", [] { std::raise(SIGSEGV); }), makeCase("ok", [] {})}, isolated());
  ASSERT_EQ(runs.size(), 2u);
  EXPECT_EQ(runs[0].status, model::RunStatus::Crashed);
  EXPECT_NE(runs[0].reason.find("signal 11"), std::string::npos) << runs[0].reason;
  EXPECT_TRUE(runs[0].samples.empty());
  EXPECT_EQ(runs[1].status, model::RunStatus::Ok);
  ASSERT_EQ(runs[1].samples.size(), 2u);  // measured in the child, handed back whole
  EXPECT_EQ(runs[1].samples[0].metrics.at(0).value, 7);
}

TEST(Isolation, AbortIsCrashed) {
  auto runs = run({makeCase("abort", [] { std::abort(); })}, isolated());
  ASSERT_EQ(runs.size(), 1u);
  EXPECT_EQ(runs[0].status, model::RunStatus::Crashed);
  EXPECT_NE(runs[0].reason.find("signal 6"), std::string::npos) << runs[0].reason;
}

TEST(Isolation, HangIsKilledAtTheTimeout) {
  const auto start = std::chrono::steady_clock::now();
  auto runs = run({makeCase("hang", [] { std::this_thread::sleep_for(std::chrono::hours(1)); })},
                  isolated(0.5));
  const double took = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  ASSERT_EQ(runs.size(), 1u);
  EXPECT_EQ(runs[0].status, model::RunStatus::Timeout);
  EXPECT_NE(runs[0].reason.find("timeout of 0.5"), std::string::npos) << runs[0].reason;
  EXPECT_LT(took, 10);
}

TEST(Isolation, OutOfMemoryIsReportedAsSuch) {
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
  GTEST_SKIP() << "sanitizers reserve terabytes of address space: RLIMIT_AS cannot apply";
#else
  auto runs = run({makeCase("oom",
                            [] {
                              std::vector<char> big(std::size_t{2} << 30, 1);  // 2 GiB
                              volatile char c = big[12345];
                              (void)c;
                            })},
                  isolated(30, std::int64_t{512} << 20));
  ASSERT_EQ(runs.size(), 1u);
  EXPECT_EQ(runs[0].status, model::RunStatus::Failed);
  EXPECT_NE(runs[0].reason.find("out of memory"), std::string::npos) << runs[0].reason;
  EXPECT_NE(runs[0].reason.find("512 MiB"), std::string::npos) << runs[0].reason;
#endif
}

TEST(Regions, RecordedPerSampleWithEntriesAndNesting) {
  HarnessOptions o;
  o.repetitions = 3;
  o.minTimeSeconds = 0;
  auto runs = run({makeCase("phases",
                            [] {
                              TUNELAB_REGION("outer");
                              for (int i = 0; i < 4; ++i) {
                                TUNELAB_REGION("inner");
                                std::this_thread::sleep_for(std::chrono::microseconds(200));
                              }
                            })},
                  o);
  ASSERT_EQ(runs.size(), 1u);
  ASSERT_EQ(runs[0].samples.size(), 3u);
  for (const auto& s : runs[0].samples) {
    ASSERT_EQ(s.regions.size(), 2u);
    EXPECT_EQ(s.regions[0].name, "outer");
    EXPECT_EQ(s.regions[0].entries, s.iterations);
    EXPECT_EQ(s.regions[1].name, "inner");
    EXPECT_EQ(s.regions[1].entries, 4 * s.iterations);
    EXPECT_GE(s.regions[0].seconds, s.regions[1].seconds);  // outer contains inner
    EXPECT_GE(s.regions[1].seconds, 4 * 200e-6 * static_cast<double>(s.iterations));
    EXPECT_LE(s.regions[0].seconds, s.wallSeconds * static_cast<double>(s.iterations) * 1.01);
  }
  EXPECT_EQ(probe::listener(), nullptr) << "the recorder is removed after the case";
}

// An isolated case's setup regions (entered in prepare(), in the child) come back with its run.
TEST(Regions, SetupRegionsComeBackFromAnIsolatedCase) {
  Case c = makeCase("setup", [] {});
  c.prepare = [] {
    { TUNELAB_REGION("train"); }
    return model::Result<CaseBody>(CaseBody{[] { TUNELAB_REGION("search"); },
                                            [] { return std::vector<model::Metric>{}; }});
  };
  auto runs = run({c}, isolated());
  ASSERT_EQ(runs.size(), 1u);
  ASSERT_EQ(runs[0].status, model::RunStatus::Ok) << runs[0].reason;
  ASSERT_EQ(runs[0].setupRegions.size(), 1u);
  EXPECT_EQ(runs[0].setupRegions[0].name, "train");
  EXPECT_EQ(runs[0].samples.at(0).regions.at(0).name, "search");
}

TEST(Regions, SwitchedOff) {
  HarnessOptions o;
  o.repetitions = 1;
  o.minTimeSeconds = 0;
  o.recordRegions = false;
  auto runs = run({makeCase("phases", [] { TUNELAB_REGION("outer"); })}, o);
  EXPECT_TRUE(runs.at(0).samples.at(0).regions.empty());
}

TEST(RunCodec, RoundTripsEveryField) {
  model::Run r;
  r.name = "w/v/n:1/threads:2";
  r.workload = "w";
  r.variant = "v";
  r.params = {{"n", "1"}, {"k", "x,y"}};
  r.threads = 2;
  r.ranks = 3;
  r.status = model::RunStatus::Failed;
  r.reason = "why";
  model::Sample s;
  s.repetition = 4;
  s.iterations = 9;
  s.wallSeconds = 0.25;
  s.cpuSeconds = 0.5;
  s.counters = {{"cycles", std::nullopt, 0, 0, false, "no PMU"}, {"task-clock", 12.5, 3, 2, true, ""}};
  s.alloc = model::AllocStats{1, 2, 3, 4, std::nullopt, 6};
  s.metrics = {{"m", 1.5, "u"}};
  s.regions = {{"assign", 0.1, 7, {{"task-clock", 9e7, 4, 4, false, ""}, {"cycles", std::nullopt, 0, 0, false, "no PMU"}}}};
  s.series = {{"inertia", "", "iteration", {0, 1, 2}, {9.5, 4.25, 4.0}}, {"empty", "", "", {}, {}}};
  s.threads = {{0, 0.125, {{"task-clock", 1e6, 5, 5, false, ""}}}, {1, 0.25, {}}};
  r.samples = {s, s};
  r.setupRegions = {{"train", 2.5, 1, {}}, {"encode", 0.5, 3, {{"task-clock", 4e8, 1, 1, false, ""}}}};
  auto bytes = encodeRun(r);
  auto back = decodeRun(bytes);
  ASSERT_TRUE(back.has_value());
  EXPECT_EQ(*back, r);
  // A child that died mid-write leaves a prefix: refused, not half-read.
  for (std::size_t cut : {std::size_t{0}, bytes.size() / 2, bytes.size() - 1})
    EXPECT_FALSE(decodeRun(bytes.substr(0, cut)).has_value()) << cut;
  EXPECT_FALSE(decodeRun(bytes + "x").has_value());
}

}  // namespace
}  // namespace tunelab::profiler
