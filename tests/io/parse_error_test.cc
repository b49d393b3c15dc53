#include <gtest/gtest.h>

#include "tunelab/io/parse_error.h"

namespace tunelab::io {
namespace {

TEST(ParseError, NamesFileLineAndColumnLikeACompiler) {
  auto e = parseError({"points.csv", 12, 5}, "expected a number, found 'abc'", "Remove the text.");
  EXPECT_EQ(e.kind, model::ErrorKind::Input);
  EXPECT_EQ(e.message, "points.csv:12:5: expected a number, found 'abc'. Remove the text.");
}

TEST(ParseError, BinaryFilesGiveAByteOffset) {
  auto e = parseError({"m.f32", 0, 40}, "truncated");
  EXPECT_EQ(e.message, "m.f32 (byte 40): truncated");
  EXPECT_EQ(parseError({"x", 3, 0}, "bad").message, "x:3: bad");
}

}  // namespace
}  // namespace tunelab::io
