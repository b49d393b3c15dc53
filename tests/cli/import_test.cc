#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>

#include "process.h"
#include "temp_dir.h"
#include "tunelab/store/store.h"

namespace tunelab {
namespace {

using testing::ProcessResult;
using testing::TempDir;
namespace fs = std::filesystem;
using nlohmann::json;

ProcessResult tunelab(const std::vector<std::string>& args, const fs::path& cwd) {
  return testing::runProcess(TUNELAB_BINARY, args, cwd);
}

// Runs the real Google Benchmark binary (tests/cli/gbench_sample.cc) into dir/gb.json.
ProcessResult runSampleBenchmark(const TempDir& dir) {
  return testing::runProcess(
      GBENCH_SAMPLE,
      {"--benchmark_out=" + (dir / "gb.json").string(), "--benchmark_out_format=json",
       "--benchmark_repetitions=3", "--benchmark_min_time=0.01"},
      dir.path());
}

double secondsPerUnit(const std::string& unit) {
  if (unit == "ns") return 1e-9;
  if (unit == "us") return 1e-6;
  if (unit == "ms") return 1e-3;
  return 1.0;
}

std::vector<std::string> lines(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) out.push_back(line);
  return out;
}

TEST(Import, RealGoogleBenchmarkOutputKeepsNamesTimesAndCounters) {
  TempDir dir;
  auto bench = runSampleBenchmark(dir);
  ASSERT_EQ(bench.exitCode, 0) << bench.err;

  // The file as Google Benchmark wrote it, read independently of the importer.
  const json file = json::parse(testing::readFile(dir / "gb.json"));
  std::map<std::string, std::vector<json>> iterationRows;
  for (const auto& b : file.at("benchmarks"))
    if (b.at("run_type") == "iteration")
      iterationRows[b.at("run_name").get<std::string>()].push_back(b);
  ASSERT_EQ(iterationRows.size(), 2u) << file.dump(2);
  ASSERT_EQ(iterationRows.count("BM_Sum/64"), 1u);
  ASSERT_EQ(iterationRows.count("BM_Sum/1024"), 1u);

  auto imported = tunelab({"import", "gb.json", "--db", "t.db"}, dir.path());
  ASSERT_EQ(imported.exitCode, 0) << imported.err;
  EXPECT_NE(imported.out.find("imported 2 runs (6 samples) from gb.json into session 1 of t.db"),
            std::string::npos)
      << imported.out;
  EXPECT_NE(imported.err.find("aggregate row(s)"), std::string::npos)
      << "says why GB's mean/median/stddev/cv are left out\n"
      << imported.err;

  auto store = store::Store::open(dir / "t.db", store::OpenMode::ReadOnly);
  ASSERT_TRUE(store.ok()) << store.error().message;
  auto id = store->resolveSession("gb");
  ASSERT_TRUE(id.ok()) << "the label defaults to the file's stem: " << id.error().message;
  auto session = store->session(*id);
  ASSERT_TRUE(session.ok());
  EXPECT_EQ(session->status, model::SessionStatus::Complete);
  EXPECT_EQ(session->environment.host, file.at("context").at("host_name").get<std::string>());
  EXPECT_EQ(session->environment.logicalCores, file.at("context").at("num_cpus").get<int>());

  auto runs = store->runs(*id);
  ASSERT_TRUE(runs.ok()) << runs.error().message;
  ASSERT_EQ(runs->size(), 2u);
  for (const auto& run : *runs) {
    SCOPED_TRACE(run.name);
    auto rows = iterationRows.find(run.name);
    ASSERT_NE(rows, iterationRows.end()) << "a name that is not in the file";
    EXPECT_EQ(run.workload, "BM_Sum");
    EXPECT_EQ(run.status, model::RunStatus::Ok);
    EXPECT_NE(
        std::find(run.params.begin(), run.params.end(), model::Param{"label", "sum of int64"}),
        run.params.end());
    ASSERT_EQ(run.samples.size(), 3u);
    for (const auto& sample : run.samples) {
      auto row = std::find_if(rows->second.begin(), rows->second.end(), [&](const json& r) {
        return r.at("repetition_index").get<int>() == sample.repetition;
      });
      ASSERT_NE(row, rows->second.end()) << "repetition " << sample.repetition;
      const double scale = secondsPerUnit(row->at("time_unit").get<std::string>());
      const double wall = row->at("real_time").get<double>() * scale;
      const double cpu = row->at("cpu_time").get<double>() * scale;
      EXPECT_NEAR(sample.wallSeconds, wall, 1e-9 * wall);
      EXPECT_NEAR(sample.cpuSeconds, cpu, 1e-9 * cpu);
      EXPECT_EQ(sample.iterations, row->at("iterations").get<std::int64_t>());
      auto items = std::find_if(sample.metrics.begin(), sample.metrics.end(),
                                [](const auto& m) { return m.name == "items"; });
      ASSERT_NE(items, sample.metrics.end()) << "the user counter is a metric";
      EXPECT_EQ(items->value, row->at("items").get<double>());
    }
  }

  // The imported session is an ordinary one: export reads it.
  auto exported = tunelab({"export", "--db", "t.db", "--view", "samples"}, dir.path());
  ASSERT_EQ(exported.exitCode, 0) << exported.err;
  auto csv = lines(exported.out);
  ASSERT_EQ(csv.size(), 1u + 6u) << exported.out;
  EXPECT_EQ(csv[0].rfind("session,run,name,workload,variant,params,threads", 0), 0u) << csv[0];
  for (std::size_t i = 1; i < csv.size(); ++i)
    EXPECT_NE(csv[i].find(",BM_Sum/"), std::string::npos) << csv[i];
}

TEST(Import, LabelOptionNamesTheSession) {
  TempDir dir;
  ASSERT_EQ(runSampleBenchmark(dir).exitCode, 0);
  auto imported =
      tunelab({"import", "gb.json", "--db", "t.db", "--label", "before-fix"}, dir.path());
  ASSERT_EQ(imported.exitCode, 0) << imported.err;
  auto store = store::Store::open(dir / "t.db", store::OpenMode::ReadOnly);
  ASSERT_TRUE(store.ok());
  EXPECT_TRUE(store->resolveSession("before-fix").ok());
}

TEST(Import, MalformedJsonExits2WithLineAndColumnAndCreatesNoDatabase) {
  TempDir dir;
  testing::writeFile(dir / "bad.json",
                     "{\n  \"benchmarks\": [\n    {\"name\": \"BM_A\",}\n  ]\n}\n");
  auto r = tunelab({"import", "bad.json", "--db", "t.db"}, dir.path());
  EXPECT_EQ(r.exitCode, 2);
  EXPECT_EQ(r.err.rfind("tunelab: bad.json:3:21: not valid JSON (", 0), 0u) << r.err;
  EXPECT_NE(r.err.find("--benchmark_out_format=json"), std::string::npos) << "what to do\n"
                                                                          << r.err;
  EXPECT_FALSE(fs::exists(dir / "t.db"));
}

TEST(Import, NotGoogleBenchmarkJsonOrMissingFileExits2AndCreatesNoDatabase) {
  TempDir dir;
  testing::writeFile(dir / "other.json", R"({"rows": []})");
  auto r = tunelab({"import", "other.json", "--db", "t.db"}, dir.path());
  EXPECT_EQ(r.exitCode, 2);
  EXPECT_NE(r.err.find("other.json: no \"benchmarks\" array"), std::string::npos) << r.err;
  r = tunelab({"import", "absent.json", "--db", "t.db"}, dir.path());
  EXPECT_EQ(r.exitCode, 2);
  EXPECT_NE(r.err.find("absent.json: cannot read"), std::string::npos) << r.err;
  EXPECT_FALSE(fs::exists(dir / "t.db"));
}

TEST(Import, AFailedImportLeavesAnExistingDatabaseAsItWas) {
  TempDir dir;
  ASSERT_EQ(runSampleBenchmark(dir).exitCode, 0);
  ASSERT_EQ(tunelab({"import", "gb.json", "--db", "t.db"}, dir.path()).exitCode, 0);
  // Valid JSON, invalid content in the last benchmark: nothing of the file may be stored.
  testing::writeFile(
      dir / "half.json",
      R"({"benchmarks": [{"name": "BM_A", "iterations": 1, "real_time": 1, "cpu_time": 1, "time_unit": "ns"},)"
      R"( {"name": "BM_B", "iterations": 1, "real_time": 1, "cpu_time": 1, "time_unit": "fortnights"}]})");
  auto r = tunelab({"import", "half.json", "--db", "t.db"}, dir.path());
  EXPECT_EQ(r.exitCode, 2);
  EXPECT_NE(r.err.find("benchmarks[1] (BM_B): \"time_unit\" is \"fortnights\""), std::string::npos)
      << r.err;
  auto store = store::Store::open(dir / "t.db", store::OpenMode::ReadOnly);
  ASSERT_TRUE(store.ok());
  auto sessions = store->sessions();
  ASSERT_TRUE(sessions.ok());
  EXPECT_EQ(sessions->size(), 1u);
}

}  // namespace
}  // namespace tunelab
