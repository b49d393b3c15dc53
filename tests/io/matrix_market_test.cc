#include "tunelab/io/matrix_market.h"

#include <gtest/gtest.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmath>
#include <limits>

#include "temp_dir.h"

namespace tunelab::io {
namespace {

DenseMatrix parsed(std::string_view text) {
  auto m = parseMatrixMarket(text, "m.mtx");
  EXPECT_TRUE(m.ok()) << m.error().message;
  return m.ok() ? *m : DenseMatrix{};
}

std::string refusal(std::string_view text) {
  auto m = parseMatrixMarket(text, "m.mtx");
  EXPECT_FALSE(m.ok());
  if (m.ok()) return {};
  EXPECT_EQ(m.error().kind, model::ErrorKind::Input);
  return m.error().message;
}

TEST(MatrixMarket, ReadsAGeneralArrayColumnByColumn) {
  auto m = parsed(
      "%%MatrixMarket matrix array real general\n"
      "% a comment\n"
      "\n"
      "2 3\n"
      "1\n2\n3.5\n-4e1\n  5  \n6\r\n");
  ASSERT_EQ(m.rows, 2u);
  ASSERT_EQ(m.cols, 3u);
  EXPECT_EQ(m.at(0, 0), 1);
  EXPECT_EQ(m.at(1, 0), 2);
  EXPECT_EQ(m.at(0, 1), 3.5);
  EXPECT_EQ(m.at(1, 1), -40);
  EXPECT_EQ(m.at(1, 2), 6);
}

TEST(MatrixMarket, MirrorsSymmetricAndSkewSymmetricArrays) {
  auto s = parsed("%%MatrixMarket matrix array real symmetric\n2 2\n4\n1\n3\n");
  EXPECT_EQ(s.at(0, 1), 1);
  EXPECT_EQ(s.at(1, 0), 1);
  EXPECT_EQ(s.at(1, 1), 3);
  auto k = parsed("%%MatrixMarket matrix array integer skew-symmetric\n2 2\n5\n");
  EXPECT_EQ(k.at(1, 0), 5);
  EXPECT_EQ(k.at(0, 1), -5);
  EXPECT_EQ(k.at(0, 0), 0);
}

TEST(MatrixMarket, FillsCoordinateFilesIntoADenseMatrix) {
  auto m = parsed("%%MatrixMarket matrix coordinate real symmetric\n3 3 2\n1 1 2.0\n3 1 -1\n");
  EXPECT_EQ(m.at(0, 0), 2);
  EXPECT_EQ(m.at(2, 0), -1);
  EXPECT_EQ(m.at(0, 2), -1);
  EXPECT_EQ(m.at(1, 1), 0);
  auto p = parsed("%%MatrixMarket matrix coordinate pattern general\n2 2 1\n2 1\n");
  EXPECT_EQ(p.at(1, 0), 1);
}

TEST(MatrixMarket, RefusalsNameLineAndColumn) {
  EXPECT_EQ(refusal("%%MatrixMarket matrix array real general\n2 2\n1\nabc\n3\n4\n"),
            "m.mtx:4:1: expected a number, found 'abc'");
  EXPECT_EQ(refusal("%%MatrixMarket matrix array real general\n2 2\n1\n2\n3\n"),
            "m.mtx:5: the file ends before entry (2, 2) of the 2 × 2 array. Array files list "
            "every entry, column by column");
  EXPECT_NE(refusal("%%MatrixMarket matrix array real general\n1 1\n1\n2\n")
                .find("m.mtx:4: more entries"),
            std::string::npos);
  EXPECT_NE(refusal("%%MatrixMarket matrix array real general\n1 1\n1 2\n")
                .find("m.mtx:3:3: "
                      "unexpected '2'"),
            std::string::npos);
  EXPECT_NE(refusal("%%MatrixMarket matrix coordinate real general\n2 2 1\n3 1 1\n")
                .find("m.mtx:3:1: row index 3 is outside 1..2"),
            std::string::npos);
  EXPECT_NE(refusal("%%MatrixMarket matrix coordinate real general\n2 2 2\n1 1 1\n1 1 2\n")
                .find("m.mtx:4: duplicate entry (1, 1)"),
            std::string::npos);
  EXPECT_NE(refusal("%%MatrixMarket matrix array complex general\n1 1\n1 0\n").find("complex"),
            std::string::npos);
  EXPECT_NE(refusal("%%MatrixMarket matrix array real symmetric\n2 3\n").find("must be square"),
            std::string::npos);
  EXPECT_NE(refusal("2 2\n1\n2\n3\n4\n").find("m.mtx:1:1: not a Matrix Market file"),
            std::string::npos);
  EXPECT_NE(refusal("%%MatrixMarket matrix array real general\n1 1\nnan\n").find("not finite"),
            std::string::npos);
  EXPECT_NE(
      refusal("%%MatrixMarket matrix array integer general\n1 1\n1.5\n").find("not an integer"),
      std::string::npos);
  EXPECT_NE(refusal("%%MatrixMarket matrix array real general\n").find("size line is missing"),
            std::string::npos);
  EXPECT_NE(refusal("%%MatrixMarket matrix array real general\n100000 100000\n").find("too large"),
            std::string::npos);
  EXPECT_NE(refusal("").find("m.mtx:1: the first line is empty"), std::string::npos);
}

TEST(MatrixMarket, WritesWhatReadsBackBitForBit) {
  testing::TempDir dir;
  const std::vector<double> values = {
      1.0, -0.1, 1e-300, std::numeric_limits<double>::max(), 3.141592653589793, 0.0};
  auto path = dir / "a.mtx";
  ASSERT_TRUE(writeMatrixMarket(path, 3, 2, values, "seeded SPD\nn=3").ok());
  auto text = testing::readFile(path);
  EXPECT_EQ(text.rfind("%%MatrixMarket matrix array real general\n% seeded SPD\n% n=3\n3 2\n", 0),
            0u)
      << text;
  auto back = readMatrixMarket(path);
  ASSERT_TRUE(back.ok()) << back.error().message;
  EXPECT_EQ(back->rows, 3u);
  EXPECT_EQ(back->values, values);
}

TEST(MatrixMarket, AFailedWriteLeavesTheOldFileAndAMissingFileIsNamed) {
  testing::TempDir dir;
  auto bad = writeMatrixMarket(dir / "no-such-dir" / "a.mtx", 1, 1, std::vector<double>{1.0});
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().kind, model::ErrorKind::Io);
  EXPECT_NE(bad.error().message.find("cannot create"), std::string::npos);
  auto missing = readMatrixMarket(dir / "nope.mtx");
  ASSERT_FALSE(missing.ok());
  EXPECT_NE(missing.error().message.find("nope.mtx: cannot open the matrix file"),
            std::string::npos);
  EXPECT_FALSE(writeMatrixMarket(dir / "a.mtx", 2, 2, std::vector<double>{1.0}).ok());
}

}  // namespace
}  // namespace tunelab::io

// Found by fuzzing (scripts/fuzz matrix_market): a 60-byte array file declaring 46340 × 46340
// made the reader allocate and zero 16 GiB before it found the file too short. Now the values
// are read first; in a child limited to 1 GiB of address space, the refusal is immediate.
TEST(MatrixMarket, ShortArrayFileDeclaringAHugeSizeCostsNoMemory) {
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
  GTEST_SKIP() << "sanitizers reserve terabytes of address space: RLIMIT_AS cannot apply";
#else
  const pid_t pid = fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) {
    rlimit lim{std::size_t{1} << 30, std::size_t{1} << 30};
    setrlimit(RLIMIT_AS, &lim);
    auto m = tunelab::io::parseMatrixMarket("%%MatrixMarket matrix array real general\n46340 46340\n1\n",
                                            "m.mtx");
    const bool refused = !m && m.error().message.find("m.mtx:3: the file ends before entry (2, 1)") == 0;
    _exit(refused ? 0 : 1);
  }
  int status = 0;
  waitpid(pid, &status, 0);
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0)
      << "refused without allocating the declared size (status " << status << ")";
#endif
}
