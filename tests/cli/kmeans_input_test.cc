// k-means on files, end to end: `tunelab generate blobs` writes both formats, `tunelab run
// kmeans -p input=FILE` reads them (and refuses broken ones before a session starts), and
// the sample data sets shipped in data/datasets/ are exactly what their script makes.
#include <gtest/gtest.h>

#include <algorithm>

#include "process.h"
#include "temp_dir.h"
#include "tunelab/io/points.h"
#include "tunelab/model/params.h"
#include "tunelab/store/store.h"

namespace tunelab {
namespace {

using testing::ProcessResult;
using testing::TempDir;
namespace fs = std::filesystem;

ProcessResult tunelab(const std::vector<std::string>& args, const fs::path& cwd) {
  return testing::runProcess(TUNELAB_BINARY, args, cwd);
}

// The inertia every run of the latest session reported (one value per run).
std::vector<double> inertias(const fs::path& db) {
  auto store = store::Store::open(db, store::OpenMode::ReadOnly);
  EXPECT_TRUE(store.ok());
  std::vector<double> out;
  if (!store.ok()) return out;
  auto id = store->resolveSession("latest");
  auto runs = store->runs(*id);
  if (!id.ok() || !runs.ok()) return out;
  for (const auto& r : *runs)
    for (const auto& m : r.samples.at(0).metrics)
      if (m.name == "inertia") out.push_back(m.value);
  return out;
}

TEST(KmeansInput, GeneratedFilesHoldTheSamePointsInBothFormats) {
  TempDir dir;
  for (auto file : {"p.csv", "p.f32"}) {
    auto g =
        tunelab({"generate", "blobs", "-o", file, "-n", "500", "-d", "3", "-k", "4", "--seed", "9"},
                dir.path());
    ASSERT_EQ(g.exitCode, 0) << g.err;
    EXPECT_NE(g.err.find("wrote 500 points × 3 dimensions (4 blobs)"), std::string::npos) << g.err;
  }
  auto csv = io::readPoints((dir / "p.csv").string());
  auto bin = io::readPoints((dir / "p.f32").string());
  ASSERT_TRUE(csv.ok() && bin.ok());
  EXPECT_EQ(csv->values, bin->values);
  EXPECT_EQ(csv->names, (std::vector<std::string>{"x1", "x2", "x3"}));
  EXPECT_EQ(testing::readFile(dir / "p.csv").substr(0, 2), "# ");  // provenance comment

  // An existing file is not replaced without --force.
  const auto before = testing::readFile(dir / "p.csv");
  auto again = tunelab({"generate", "blobs", "-o", "p.csv", "-n", "7"}, dir.path());
  EXPECT_EQ(again.exitCode, 2);
  EXPECT_NE(again.err.find("p.csv exists; pass --force"), std::string::npos) << again.err;
  EXPECT_EQ(testing::readFile(dir / "p.csv"), before);
  EXPECT_EQ(tunelab({"generate", "blobs", "-o", "l.f32", "--with-blob"}, dir.path()).exitCode, 2);
}

TEST(KmeansInput, AFileOfTheDefaultBlobsGivesTheSameAnswerAsInlineBlobs) {
  TempDir dir;
  ASSERT_EQ(tunelab({"generate", "blobs", "-o", "d.f32", "-n", "3000", "-q"}, dir.path()).exitCode,
            0);
  ASSERT_EQ(tunelab({"generate", "blobs", "-o", "d.csv", "-n", "3000", "-q"}, dir.path()).exitCode,
            0);
  for (auto input : {"blobs", "d.f32", "d.csv"}) {
    auto r =
        tunelab({"run", "kmeans", "-v", "serial", "-p", "n=3000", "-p",
                 std::string("input=") + input, "-r", "1", "--min-time", "0", "-q", "--no-report"},
                dir.path());
    ASSERT_EQ(r.exitCode, 0) << input << ": " << r.err;
  }
  auto store = store::Store::open(dir / "tunelab.db", store::OpenMode::ReadOnly);
  ASSERT_TRUE(store.ok());
  std::vector<double> values;
  auto sessions = store->sessions();
  ASSERT_TRUE(sessions.ok());
  for (const auto& s : *sessions) {
    auto result = store->runs(s.id);
    ASSERT_TRUE(result.ok());
    const auto& runs = *result;
    ASSERT_EQ(runs.size(), 1u);
    EXPECT_EQ(model::findParam(runs[0].params, "n"), "3000");  // the file's n, in the run's name
    for (const auto& m : runs[0].samples.at(0).metrics)
      if (m.name == "inertia") values.push_back(m.value);
  }
  ASSERT_EQ(values.size(), 3u);
  EXPECT_EQ(values[0], values[1]);
  EXPECT_EQ(values[0], values[2]);
}

TEST(KmeansInput, BrokenFilesAreRefusedWithTheirLineAndColumnBeforeASessionStarts) {
  TempDir dir;
  testing::writeFile(dir / "bad.csv", "x,y\n1,2\n3,nan\n");
  testing::writeFile(dir / "ragged.csv", "1,2\n3\n");
  testing::writeFile(dir / "short.f32", "TLPNTF32");
  struct Case {
    std::string param, expected;
  };
  for (const auto& c : std::vector<Case>{
           {"input=bad.csv",
            "tunelab: bad.csv:3:3: 'nan' in column 2 ('y') is not a finite number"},
           {"input=ragged.csv",
            "tunelab: ragged.csv:2:2: this line has 1 fields, expected 2 like line 1"},
           {"input=short.f32", "tunelab: short.f32 (byte 8): truncated"},
           {"input=missing.csv", "tunelab: cannot read missing.csv"},
       }) {
    auto r = tunelab({"run", "kmeans", "-p", c.param, "-r", "1"}, dir.path());
    EXPECT_EQ(r.exitCode, 2) << c.param;
    EXPECT_EQ(r.err.rfind(c.expected, 0), 0u) << r.err;
  }
  testing::writeFile(dir / "two.csv", "1,2\n3,4\n");
  auto k = tunelab({"run", "kmeans", "-p", "input=two.csv", "-p", "k=3"}, dir.path());
  EXPECT_EQ(k.exitCode, 2);
  EXPECT_NE(k.err.find("k=3 is more than the n=2 points of two.csv; choose k <= n."),
            std::string::npos)
      << k.err;
  EXPECT_FALSE(fs::exists(dir / "tunelab.db")) << "refused before any session was written";
}

TEST(KmeansInput, ShippedSampleDataSetsAreWhatTheirScriptWrites) {
  TempDir dir;
  const fs::path datasets = TUNELAB_DATASETS;
  auto r = testing::runProcess(
      "/bin/bash", {(datasets / "make-samples").string(), TUNELAB_BINARY, dir.path().string()},
      dir.path());
  ASSERT_EQ(r.exitCode, 0) << r.err;
  for (auto file : {"blobs-300x2.csv", "blobs-1024x16.f32"}) {
    ASSERT_TRUE(fs::exists(datasets / file)) << file;
    EXPECT_EQ(testing::readFile(dir / file), testing::readFile(datasets / file)) << file;
  }
  // And they cluster: the CSV's coordinates (its last column is the ground truth) into 3.
  auto run = tunelab({"run", "kmeans", "-v", "serial,hamerly", "-t", "1", "-p",
                      "input=" + (datasets / "blobs-300x2.csv").string(), "-p", "columns=x1,x2",
                      "-p", "k=3", "-r", "1", "--min-time", "0", "-q", "--no-report"},
                     dir.path());
  ASSERT_EQ(run.exitCode, 0) << run.err;
  const auto values = inertias(dir / "tunelab.db");
  ASSERT_EQ(values.size(), 2u);
  EXPECT_NEAR(values[0], values[1], 1e-5 * values[1]);
  EXPECT_LT(values[0] / 300,
            2 * 1.2 * 1.2 * 1.5);  // about d·spread² per point: the blobs were found
}

TEST(KmeansMpi, RanksUnderMpirunReportTheSerialAnswer) {
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
  GTEST_SKIP() << "OpenMPI's own allocations and threads would be reported as tunelab's";
#endif
  TempDir dir;
  auto r = tunelab({"run", "kmeans", "-v", "serial,mpi", "--ranks", "1,2", "-p", "n=3000", "-r",
                    "2", "--min-time", "0", "-q", "--no-report"},
                   dir.path());
  ASSERT_EQ(r.exitCode, 0) << r.err;
  auto store = store::Store::open(dir / "tunelab.db", store::OpenMode::ReadOnly);
  ASSERT_TRUE(store.ok());
  auto id = store->resolveSession("latest");
  ASSERT_TRUE(id.ok());
  auto runs = store->runs(*id);
  ASSERT_TRUE(runs.ok());
  ASSERT_EQ(runs->size(), 3u);
  auto metric = [](const model::Run& run, const std::string& name) {
    for (const auto& m : run.samples.at(0).metrics)
      if (m.name == name) return m.value;
    return -1.0;
  };
  const model::Run* serial = nullptr;
  std::vector<int> ranks;
  for (const auto& run : *runs)
    if (run.variant == "serial") serial = &run;
  ASSERT_NE(serial, nullptr);
  for (const auto& run : *runs) {
    ASSERT_EQ(run.status, model::RunStatus::Ok) << run.reason;
    ASSERT_EQ(run.samples.size(), 2u);
    if (run.variant != "mpi") continue;
    ranks.push_back(run.ranks);
    EXPECT_EQ(metric(run, "iterations"), metric(*serial, "iterations"));
    // Exact: the ranks fold the serial variant's blocks in its order.
    EXPECT_EQ(metric(run, "inertia"), metric(*serial, "inertia"));
    bool exchange = false;
    for (const auto& g : run.samples[0].regions) exchange = exchange || g.name == "exchange";
    EXPECT_TRUE(exchange) << "time in MPI calls is its own region";
  }
  std::sort(ranks.begin(), ranks.end());
  EXPECT_EQ(ranks, (std::vector<int>{1, 2}));
}

}  // namespace
}  // namespace tunelab
