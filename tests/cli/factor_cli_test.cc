#include <gtest/gtest.h>

#include <map>
#include <set>

#include "csv_reader.h"
#include "process.h"
#include "temp_dir.h"

// The factor workload end to end through the real binary: a parameter sweep, the metrics
// with their units in the export, and refusals with their messages and exit codes.
namespace tunelab {
namespace {

using testing::TempDir;
namespace fs = std::filesystem;

testing::ProcessResult tunelab(const std::vector<std::string>& args, const fs::path& cwd) {
  return testing::runProcess(TUNELAB_BINARY, args, cwd);
}

TEST(FactorCli, SweepsOpsAndStoresGflopsWithTheirUnit) {
  TempDir dir;
  auto run = tunelab({"run", "factor", "-p", "op=cholesky,lu", "-p", "n=32", "-v", "naive,lapack",
                      "-t", "1", "-r", "1", "--min-time", "0", "-q", "--no-report"},
                     dir.path());
  ASSERT_EQ(run.exitCode, 0) << run.err;
  auto csv = tunelab({"export", "--view", "metrics", "--out", "m.csv"}, dir.path());
  ASSERT_EQ(csv.exitCode, 0) << csv.err;
  auto rows = testing::parseCsv(testing::readFile(dir / "m.csv"));
  ASSERT_GT(rows.size(), 1u);
  std::map<std::string, std::size_t> col;
  for (std::size_t i = 0; i < rows[0].size(); ++i) col[rows[0][i]] = i;
  std::set<std::string> cases;
  int gflops = 0;
  for (std::size_t i = 1; i < rows.size(); ++i) {
    cases.insert(rows[i][col["name"]]);
    if (rows[i][col["metric"]] == "gflops") {
      ++gflops;
      EXPECT_EQ(rows[i][col["unit"]], "GFLOP/s");
      EXPECT_GT(std::stod(rows[i][col["value"]]), 0);
    }
    if (rows[i][col["metric"]] == "arithmetic_intensity") {
      EXPECT_EQ(rows[i][col["unit"]], "FLOP/B");
    }
    if (rows[i][col["metric"]] == "residual") {
      EXPECT_LT(std::stod(rows[i][col["value"]]), 32e-12);
    }
  }
  EXPECT_EQ(cases.size(), 4u);  // {cholesky, lu} × {naive, lapack}
  EXPECT_EQ(gflops, 4);
}

TEST(FactorCli, ANonSpdMatrixFailsItsCaseWithThePivotAndABadOpExits2) {
  TempDir dir;
  testing::writeFile(dir / "indef.mtx",
                     "%%MatrixMarket matrix array real symmetric\n2 2\n1\n2\n1\n");
  auto run = tunelab({"run", "factor", "-p", "op=cholesky", "-p", "input=indef.mtx", "-v",
                      "blocked", "-r", "1", "--min-time", "0", "--no-report"},
                     dir.path());
  EXPECT_EQ(run.exitCode, 1);
  EXPECT_NE(run.err.find("FAILED: factor: cholesky: the matrix is not positive definite: the "
                         "pivot of column 2 is -3 (must be > 0)"),
            std::string::npos)
      << run.err;
  // A malformed file stops the command before a session starts: exit 2, FILE:LINE:COL.
  testing::writeFile(dir / "bad.mtx", "%%MatrixMarket matrix array real general\n2 2\n1\nx\n");
  auto malformed = tunelab({"run", "factor", "-p", "op=lu", "-p", "input=bad.mtx"}, dir.path());
  EXPECT_EQ(malformed.exitCode, 2);
  EXPECT_NE(malformed.err.find("bad.mtx:4:1: expected a number, found 'x'"), std::string::npos)
      << malformed.err;
  auto bad = tunelab({"run", "factor", "-p", "op=eig"}, dir.path());
  EXPECT_EQ(bad.exitCode, 2);
  EXPECT_NE(bad.err.find("op=eig is not one of cholesky,lu,qr,svd,rsvd"), std::string::npos)
      << bad.err;
}

}  // namespace
}  // namespace tunelab
