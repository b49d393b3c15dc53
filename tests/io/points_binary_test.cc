#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <filesystem>
#include <limits>

#include "temp_dir.h"
#include "tunelab/io/points.h"

namespace tunelab::io {
namespace {

using testing::TempDir;

PointTable sample() { return PointTable{3, 2, {1, 2, 3, 4, -0.0f, 1e-40f}, {}}; }

std::string bytesOf(const PointTable& t, const std::string& path) {
  EXPECT_TRUE(writePointsBinary(path, t).ok());
  return testing::readFile(path);
}

// Writes `bytes` and returns the refusal message of mapping them.
std::string refusal(const TempDir& dir, const std::string& bytes) {
  const auto path = (dir / "bad.f32").string();
  testing::writeFile(path, bytes);
  auto r = mapPointsBinary(path);
  EXPECT_FALSE(r.ok());
  if (r.ok()) return "";
  EXPECT_EQ(r.error().kind, model::ErrorKind::Input);
  return r.error().message;
}

TEST(PointsBinary, RoundTripThroughTheMapping) {
  TempDir dir;
  const auto path = (dir / "p.f32").string();
  const auto bytes = bytesOf(sample(), path);
  EXPECT_EQ(bytes.size(), kPointsHeaderBytes + 6 * sizeof(float));
  EXPECT_EQ(bytes.substr(0, 8), "TLPNTF32");
  auto m = mapPointsBinary(path);
  ASSERT_TRUE(m.ok()) << m.error().message;
  EXPECT_EQ(m->rows(), 3u);
  EXPECT_EQ(m->cols(), 2u);
  EXPECT_EQ(reinterpret_cast<std::uintptr_t>(m->data()) % 32, 0u);  // page + 32 bytes
  for (std::size_t i = 0; i < 6; ++i)
    EXPECT_EQ(std::bit_cast<std::uint32_t>(m->data()[i]),
              std::bit_cast<std::uint32_t>(sample().values[i]));
  EXPECT_EQ(m->row(2)[1], 1e-40f);
  MappedPoints moved = std::move(*m);  // the mapping moves with the object
  EXPECT_EQ(moved.row(1)[0], 3.0f);
}

TEST(PointsBinary, ReadPointsDispatchesOnTheExtension) {
  TempDir dir;
  ASSERT_TRUE(writePoints((dir / "p.f32").string(), sample()).ok());
  ASSERT_TRUE(writePoints((dir / "p.csv").string(), sample()).ok());
  auto a = readPoints((dir / "p.f32").string());
  auto b = readPoints((dir / "p.csv").string());
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_EQ(a->values, b->values);
  EXPECT_EQ(a->rows, 3u);
  EXPECT_EQ(testing::readFile(dir / "p.csv"), "1,2\n3,4\n-0,1e-40\n");
  auto sel = readPoints((dir / "p.f32").string(), {"1", HeaderMode::Auto});
  ASSERT_FALSE(sel.ok());
  EXPECT_NE(sel.error().message.find("selects CSV columns, but this is a binary .f32 file"),
            std::string::npos);
}

TEST(PointsBinary, RefusesBrokenHeaders) {
  TempDir dir;
  const auto good = bytesOf(sample(), (dir / "g.f32").string());
  EXPECT_EQ(
      refusal(dir, good.substr(0, 20)),
      dir.path().string() +
          "/bad.f32 (byte 20): truncated: 20 bytes, but a .f32 points file "
          "starts with a 32-byte header. Write one with `tunelab generate blobs --out FILE.f32`");
  EXPECT_EQ(refusal(dir, ""), dir.path().string() +
                                  "/bad.f32: truncated: 0 bytes, but a .f32 points "
                                  "file starts with a 32-byte header. Write one with `tunelab "
                                  "generate blobs --out FILE.f32`");
  std::string s = good;
  s[0] = 'X';
  EXPECT_NE(refusal(dir, s).find("not a tunelab points file"), std::string::npos);
  s = good;
  s[8] = 2;
  EXPECT_NE(refusal(dir, s).find("(byte 8): format version 2, but this tunelab reads version 1"),
            std::string::npos);
  s = good;
  s[12] = 0;
  EXPECT_NE(refusal(dir, s).find("(byte 12): the header says 0 columns"), std::string::npos);
  s = good;
  s[16] = 0;
  EXPECT_NE(refusal(dir, s).find("(byte 16): no data rows: the header says 0 rows"),
            std::string::npos);
  s = good;
  s[30] = 1;
  EXPECT_NE(refusal(dir, s).find("(byte 24): header bytes 24–31 must be 0"), std::string::npos);
}

TEST(PointsBinary, RefusesTruncatedAndOverlongData) {
  TempDir dir;
  const auto good = bytesOf(sample(), (dir / "g.f32").string());
  EXPECT_NE(refusal(dir, good.substr(0, good.size() - 1))
                .find("(byte 55): truncated: the header promises 3 rows × 2 columns, but the file "
                      "holds only 23 bytes of data"),
            std::string::npos);
  EXPECT_NE(
      refusal(dir, good + "xyz").find("(byte 56): 3 bytes after the data the header promises"),
      std::string::npos);
  // A row count so large that rows × cols × 4 overflows is "truncated", not a crash.
  std::string huge = good;
  const std::uint64_t rows = std::numeric_limits<std::uint64_t>::max() / 2;
  std::memcpy(huge.data() + 16, &rows, 8);
  EXPECT_NE(refusal(dir, huge).find("truncated"), std::string::npos);
}

TEST(PointsBinary, RefusesNaNAndInfinityNamingRowAndColumn) {
  TempDir dir;
  PointTable t = sample();
  t.values[3] = std::numeric_limits<float>::quiet_NaN();
  EXPECT_NE(refusal(dir, bytesOf(t, (dir / "n.f32").string()))
                .find("(byte 44): NaN at row 2, column 2. k-means needs finite coordinates"),
            std::string::npos);
  t.values[3] = 0;
  t.values[4] = -std::numeric_limits<float>::infinity();
  EXPECT_NE(
      refusal(dir, bytesOf(t, (dir / "i.f32").string())).find("an infinity at row 3, column 1"),
      std::string::npos);
}

TEST(PointsBinary, MissingFileIsAnInputError) {
  auto r = mapPointsBinary("/nonexistent/p.f32");
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find("cannot read /nonexistent/p.f32"), std::string::npos);
}

}  // namespace
}  // namespace tunelab::io
