#include <gtest/gtest.h>

#include <cmath>

#include "temp_dir.h"
#include "tunelab/io/matrix_market.h"
#include "tunelab/model/params.h"
#include "tunelab/workloads/workload.h"

namespace tunelab::workloads {
namespace {

const Workload& factorWorkload() {
  const auto* w = findWorkload("factor");
  EXPECT_NE(w, nullptr);
  return *w;
}

Result<std::unique_ptr<Instance>> prepare(const std::string& variant,
                                          std::vector<model::Param> given, int threads = 1) {
  auto params = resolveParams(factorWorkload(), given);
  if (!params) return params.error();
  return factorWorkload().prepare({variant, *params, threads});
}

std::string refusal(const std::string& variant, std::vector<model::Param> given) {
  auto inst = prepare(variant, std::move(given));
  EXPECT_FALSE(inst.ok());
  return inst.ok() ? std::string() : inst.error().message;
}

const model::Metric* find(const std::vector<model::Metric>& ms, const std::string& name) {
  for (const auto& m : ms)
    if (m.name == name) return &m;
  return nullptr;
}

TEST(FactorWorkload, TheDefaultSweepCoversEveryOpAndListsSweep) {
  auto sets = expandParams(factorWorkload(), {});
  ASSERT_TRUE(sets.ok()) << sets.error().message;
  std::vector<std::string> ops;
  for (const auto& s : *sets) ops.push_back(*model::findParam(s, "op"));
  EXPECT_EQ(ops, (std::vector<std::string>{"cholesky", "lu", "qr", "svd", "rsvd"}));
  auto two = expandParams(factorWorkload(), {{"op", "lu"}, {"n", "8,16"}});
  ASSERT_TRUE(two.ok());
  ASSERT_EQ(two->size(), 2u);
  EXPECT_EQ(model::findParam((*two)[1], "n"), "16");
  auto bad = expandParams(factorWorkload(), {{"op", "cholesky,eig"}});
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.error().message.find("op=eig is not one of cholesky,lu,qr,svd,rsvd"),
            std::string::npos)
      << bad.error().message;
  // One case only where a single case is asked for.
  EXPECT_FALSE(resolveParams(factorWorkload(), {}).ok());
}

TEST(FactorWorkload, EveryOpAndVariantReportsGflopsIntensityAndAccuracy) {
  for (std::string op : {"cholesky", "lu", "qr", "svd", "rsvd"})
    for (std::string variant : {"naive", "blocked", "parallel", "lapack"}) {
      SCOPED_TRACE(op + "/" + variant);
      auto inst = prepare(variant,
                          {{"op", op}, {"n", "48"}, {"block", "16"}, {"k", "8"}, {"rank", "8"}}, 2);
      ASSERT_TRUE(inst.ok()) << inst.error().message;
      (*inst)->run();
      (*inst)->run();
      auto ms = (*inst)->metrics();
      for (const auto& m : ms) EXPECT_TRUE(std::isfinite(m.value)) << m.name;
      const auto* gflops = find(ms, "gflops");
      ASSERT_NE(gflops, nullptr);
      EXPECT_EQ(gflops->unit, "GFLOP/s");
      EXPECT_GT(gflops->value, 0);
      const auto* ai = find(ms, "arithmetic_intensity");
      ASSERT_NE(ai, nullptr);
      EXPECT_EQ(ai->unit, "FLOP/B");
      EXPECT_GT(ai->value, 0);
      const auto* residual = find(ms, "residual");
      ASSERT_NE(residual, nullptr);
      if (op == "rsvd") {
        const auto* ratio = find(ms, "error_ratio");
        ASSERT_NE(ratio, nullptr);
        EXPECT_LE(ratio->value, 1.05);
        EXPECT_GE(ratio->value, 1.0 - 1e-9);  // nothing beats the optimum
      } else {
        EXPECT_LE(residual->value, 1e-12 * 48);
      }
      if (op == "qr" || op == "svd" || op == "rsvd") {
        const auto* orth = find(ms, "orthogonality");
        ASSERT_NE(orth, nullptr);
        EXPECT_LE(orth->value, 1e-12 * 48);
      }
      // A second metrics() without a run in between has no new time to report.
      EXPECT_EQ(find((*inst)->metrics(), "gflops"), nullptr);
    }
}

TEST(FactorWorkload, RefusesWhatAnOpCannotFactorWithTheReason) {
  testing::TempDir dir;
  auto write = [&](const std::string& name, std::size_t rows, std::size_t cols,
                   std::vector<double> v) {
    auto path = (dir / name).string();
    EXPECT_TRUE(io::writeMatrixMarket(path, rows, cols, v).ok());
    return path;
  };
  const auto rect = write("rect.mtx", 3, 2, {1, 2, 3, 4, 5, 6});
  EXPECT_NE(refusal("blocked", {{"op", "cholesky"}, {"input", rect}})
                .find("cholesky needs a square matrix; the input is 3 × 2"),
            std::string::npos);
  EXPECT_NE(refusal("naive", {{"op", "lu"}, {"input", rect}}).find("lu needs a square matrix"),
            std::string::npos);
  // diag(4, 1, -1): the pivot of column 3 is -1.
  const auto indefinite = write("indef.mtx", 3, 3, {4, 0, 0, 0, 1, 0, 0, 0, -1});
  for (std::string v : {"naive", "blocked", "parallel"})
    EXPECT_NE(refusal(v, {{"op", "cholesky"}, {"input", indefinite}})
                  .find("not positive definite: the pivot of column 3 is -1 (must be > 0), so "
                        "the leading minor of order 3"),
              std::string::npos)
        << v;
  EXPECT_NE(refusal("lapack", {{"op", "cholesky"}, {"input", indefinite}})
                .find("pivot of column 3 is not positive (LAPACK dpotrf info = 3)"),
            std::string::npos);
  const auto asym = write("asym.mtx", 2, 2, {2, 1, 0.5, 2});
  EXPECT_NE(refusal("naive", {{"op", "cholesky"}, {"input", asym}})
                .find("cholesky needs a symmetric matrix; A(2, 1) = 1 but A(1, 2) = 0.5"),
            std::string::npos);
  // A zero second column: U(2, 2) = 0 in every variant.
  const auto singular = write("sing.mtx", 3, 3, {1, 2, 3, 0, 0, 0, 4, 5, 7});
  for (std::string v : {"naive", "blocked", "parallel", "lapack"})
    EXPECT_NE(refusal(v, {{"op", "lu"}, {"input", singular}})
                  .find("lu: the matrix is singular: column 2 has no nonzero pivot (U(2, 2) = 0)"),
              std::string::npos)
        << v;
  // Rank 4 without noise: LU finds pivots of rounding size, not exact zeros.
  EXPECT_NE(
      refusal("blocked",
              {{"op", "lu"}, {"n", "40"}, {"matrix", "lowrank"}, {"rank", "4"}, {"noise", "0"}})
          .find("singular to working precision: |U(5, 5)|"),
      std::string::npos);
  EXPECT_NE(refusal("blocked", {{"op", "rsvd"}, {"n", "30"}, {"k", "25"}})
                .find("needs k + oversample <= min(m, n) = 30"),
            std::string::npos);
  EXPECT_NE(refusal("blocked", {{"op", "cholesky"}, {"n", "30"}, {"m", "20"}})
                .find("cholesky needs a square matrix, but m=20 and n=30"),
            std::string::npos);
  EXPECT_NE(refusal("blocked", {{"op", "qr"}, {"matrix", "spd"}, {"n", "30"}, {"m", "20"}})
                .find("matrix=spd needs a square matrix"),
            std::string::npos);
  EXPECT_NE(refusal("blocked", {{"op", "qr"}, {"input", (dir / "none.mtx").string()}})
                .find("none.mtx: cannot open the matrix file"),
            std::string::npos);
}

TEST(FactorWorkload, ARunOnAFileIsNamedByTheFilesShape) {
  testing::TempDir dir;
  const auto tall = (dir / "t.mtx").string();
  ASSERT_TRUE(io::writeMatrixMarket(tall, 5, 3, std::vector<double>(15, 1.0)).ok());
  auto p = resolveParams(factorWorkload(), {{"op", "qr"}, {"input", tall}});
  ASSERT_TRUE(p.ok()) << p.error().message;
  EXPECT_EQ(model::findParam(*p, "n"), "3");
  EXPECT_EQ(model::findParam(*p, "m"), "5");
  // Refusals on the file's data are input errors, found before any case runs.
  auto bad = resolveParams(factorWorkload(), {{"op", "lu"}, {"input", tall}});
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().kind, model::ErrorKind::Input);
}

TEST(FactorWorkload, ReadsAndWritesMatrixMarket) {
  testing::TempDir dir;
  const auto in = (dir / "a.mtx").string(), out = (dir / "l.mtx").string();
  // The SPD matrix [[4, 2], [2, 5]] = L·Lᵀ with L = [[2, 0], [1, 2]].
  ASSERT_TRUE(io::writeMatrixMarket(in, 2, 2, std::vector<double>{4, 2, 2, 5}).ok());
  auto inst = prepare("blocked", {{"op", "cholesky"}, {"input", in}, {"output", out}});
  ASSERT_TRUE(inst.ok()) << inst.error().message;
  auto l = io::readMatrixMarket(out);
  ASSERT_TRUE(l.ok()) << l.error().message;
  EXPECT_EQ(l->values, (std::vector<double>{2, 1, 0, 2}));
  // A tall file for QR: R is n × n.
  const auto tall = (dir / "t.mtx").string(), r = (dir / "r.mtx").string();
  ASSERT_TRUE(io::writeMatrixMarket(tall, 3, 2, std::vector<double>{3, 4, 0, 1, 1, 1}).ok());
  ASSERT_TRUE(prepare("naive", {{"op", "qr"}, {"input", tall}, {"output", r}}).ok());
  auto rm = io::readMatrixMarket(r);
  ASSERT_TRUE(rm.ok());
  EXPECT_EQ(rm->rows, 2u);
  EXPECT_NEAR(std::abs(rm->at(0, 0)), 5.0, 1e-14);
  EXPECT_EQ(rm->at(1, 0), 0.0);
  // A malformed file is named with its line and column.
  const auto bad = (dir / "bad.mtx").string();
  testing::writeFile(bad, "%%MatrixMarket matrix array real general\n2 2\n1\nx\n");
  EXPECT_NE(
      refusal("blocked", {{"op", "qr"}, {"input", bad}}).find("bad.mtx:4:1: expected a number"),
      std::string::npos);
}

}  // namespace
}  // namespace tunelab::workloads
