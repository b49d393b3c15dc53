#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <random>

#include "temp_dir.h"
#include "tunelab/io/points.h"

namespace tunelab::io {
namespace {

using testing::TempDir;

PointTable parseOk(std::string_view text, const CsvOptions& options = {}) {
  auto r = parsePointsCsv(text, "p.csv", options);
  EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().message);
  return r.ok() ? *r : PointTable{};
}

// The message of a refusal; the test fails when the text was accepted.
std::string refusal(std::string_view text, const CsvOptions& options = {}) {
  auto r = parsePointsCsv(text, "p.csv", options);
  EXPECT_FALSE(r.ok()) << "accepted: " << text;
  if (r.ok()) return "";
  EXPECT_EQ(r.error().kind, model::ErrorKind::Input);
  return r.error().message;
}

TEST(PointsCsv, HeaderCommentsAndBlankLines) {
  auto t = parseOk("# two points\n\nx,y\n1,2  # trailing comment\n\n3.5,-4e2\n");
  EXPECT_EQ(t.rows, 2u);
  EXPECT_EQ(t.cols, 2u);
  EXPECT_EQ(t.values, (std::vector<float>{1, 2, 3.5f, -400}));
  EXPECT_EQ(t.names, (std::vector<std::string>{"x", "y"}));
}

TEST(PointsCsv, NoHeaderIsDataAndNamesStayEmpty) {
  auto t = parseOk("1,2,3\n4,5,6\n");
  EXPECT_EQ(t.rows, 2u);
  EXPECT_EQ(t.cols, 3u);
  EXPECT_TRUE(t.names.empty());
}

TEST(PointsCsv, OtherDelimitersLineEndingsAndQuotes) {
  EXPECT_EQ(parseOk("1;2\r\n3;4\r\n").values, (std::vector<float>{1, 2, 3, 4}));
  EXPECT_EQ(parseOk("1\t2\n3\t4").values, (std::vector<float>{1, 2, 3, 4}));
  EXPECT_EQ(parseOk("  1   2\n3 4\n").values, (std::vector<float>{1, 2, 3, 4}));
  EXPECT_EQ(parseOk("\xEF\xBB\xBF"
                    "1,+2\n")
                .values,
            (std::vector<float>{1, 2}));
  auto q = parseOk("\"sepal, length\",\"a \"\"b\"\"\"\n\"1\",2\n");
  EXPECT_EQ(q.names, (std::vector<std::string>{"sepal, length", "a \"b\""}));
  EXPECT_EQ(q.values, (std::vector<float>{1, 2}));
}

TEST(PointsCsv, SingleColumn) {
  auto t = parseOk("5\n-1\n7\n");
  EXPECT_EQ(t.cols, 1u);
  EXPECT_EQ(t.rows, 3u);
}

TEST(PointsCsv, ColumnSelectionByNumberRangeAndNameInTheOrderGiven) {
  const char* text = "a,b,c,label\n1,2,3,x\n4,5,6,y\n";
  auto t = parseOk(text, {"c,1-2", HeaderMode::Auto});
  EXPECT_EQ(t.values, (std::vector<float>{3, 1, 2, 6, 4, 5}));
  EXPECT_EQ(t.names, (std::vector<std::string>{"c", "a", "b"}));
  EXPECT_EQ(parseOk(text, {"b", HeaderMode::Auto}).values, (std::vector<float>{2, 5}));
}

TEST(PointsCsv, TextLabelColumnWithoutHeaderIsDataAndMustBeDeselected) {
  // Like UCI's iris.data: numbers and a species name, no header.
  const char* text = "5.1,3.5,Iris-setosa\n4.9,3.0,Iris-setosa\n";
  EXPECT_EQ(parseOk(text, {"1-2", HeaderMode::Auto}).values,
            (std::vector<float>{5.1f, 3.5f, 4.9f, 3.0f}));
  EXPECT_EQ(
      refusal(text),
      "p.csv:1:9: expected a number in column 3, found 'Iris-setosa'. If this line is a header, "
      "give every column a name; to skip text columns select the numeric ones (columns=1,3-4)");
}

TEST(PointsCsv, HeaderModeCanBeForced) {
  EXPECT_EQ(parseOk("1,2\n3,4\n", {"", HeaderMode::Present}).names,
            (std::vector<std::string>{"1", "2"}));
  EXPECT_EQ(parseOk("1,2\n3,4\n", {"", HeaderMode::Present}).rows, 1u);
  EXPECT_NE(refusal("x,y\n1,2\n", {"", HeaderMode::Absent}).find("p.csv:1:1: expected a number"),
            std::string::npos);
}

TEST(PointsCsv, TinyValuesUnderflowLikeAnyFloatReader) {
  auto t = parseOk("1e-50,1e-40\n");
  EXPECT_EQ(t.values[0], 0.0f);
  EXPECT_GT(t.values[1], 0.0f);  // a subnormal float
}

TEST(PointsCsv, RefusesNonFiniteValuesWithLineAndColumn) {
  EXPECT_EQ(refusal("x,y\n1,2\n3,nan\n"),
            "p.csv:3:3: 'nan' in column 2 ('y') is not a finite number. k-means needs finite "
            "coordinates: remove or impute the row");
  EXPECT_NE(refusal("1,2\ninf,2\n").find("p.csv:2:1: 'inf' in column 1 is not a finite number"),
            std::string::npos);
  EXPECT_NE(refusal("1,2\n1, -Infinity\n").find("p.csv:2:4: '-Infinity'"), std::string::npos);
  EXPECT_NE(refusal("1,2\n1,NaN\n").find("p.csv:2:3:"), std::string::npos);
}

TEST(PointsCsv, RefusesValuesOutsideFloat32) {
  EXPECT_EQ(refusal("1,2\n1,1e39\n"),
            "p.csv:2:3: '1e39' in column 2 is outside the float32 range (about ±3.4e38). Rescale "
            "the column");
}

TEST(PointsCsv, RefusesTextEmptyFieldsAndRaggedRows) {
  EXPECT_EQ(refusal("1,2\n3,abc\n"),
            "p.csv:2:3: expected a number in column 2, found 'abc'. Fix the value, or select only "
            "numeric columns (columns=1,3-4)");
  EXPECT_EQ(
      refusal("1,2,3\n4,,6\n"),
      "p.csv:2:3: empty field in column 2. Every selected column needs a number on every row");
  EXPECT_EQ(refusal("1,2,3\n4,5\n"),
            "p.csv:2:4: this line has 2 fields, expected 3 like line 1. Every row needs the same "
            "number of fields; fix or remove the line");
  EXPECT_EQ(refusal("a,b\n1,2\n3,4,5\n"),
            "p.csv:3:5: this line has 3 fields, expected 2 like the header. Every row needs the "
            "same number of fields; fix or remove the line");
  // A trailing delimiter is an empty last field, not silently ignored.
  EXPECT_NE(refusal("1,2\n3,4,\n").find("p.csv:2:"), std::string::npos);
  // Ragged is refused even in a column that is not selected.
  EXPECT_NE(refusal("1,2,3\n4,5\n", {"1", HeaderMode::Auto}).find("this line has 2 fields"),
            std::string::npos);
}

TEST(PointsCsv, RefusesEmptyInput) {
  EXPECT_EQ(refusal(""),
            "p.csv: no data rows: the file is empty or has only comments. A points CSV has one "
            "point per line, its coordinates separated by commas");
  EXPECT_NE(refusal("# nothing\n\n   \n").find("p.csv: no data rows"), std::string::npos);
  EXPECT_EQ(refusal("# c\nx,y\n"),
            "p.csv:2: no data rows: the file has a header and nothing else. Add one point per line "
            "below the header");
}

TEST(PointsCsv, RefusesBadColumnSelections) {
  const char* text = "a,b\n1,2\n";
  EXPECT_EQ(refusal(text, {"3", HeaderMode::Auto}),
            "p.csv:1: columns=3: '3' is not a column of this file. columns are 1 to 2 or the "
            "header's names");
  EXPECT_EQ(refusal(text, {"c", HeaderMode::Auto}),
            "p.csv:1: columns=c: no column named 'c'. The header names: a, b");
  EXPECT_EQ(refusal("1,2\n", {"a", HeaderMode::Auto}),
            "p.csv:1: columns=a: no column named 'a'. this file has no header, so select by "
            "number: 1 to 2");
  EXPECT_NE(refusal(text, {"2-1", HeaderMode::Auto}).find("the range '2-1' is empty"),
            std::string::npos);
  EXPECT_NE(refusal(text, {"0", HeaderMode::Auto}).find("'0' is not a column"), std::string::npos);
  EXPECT_NE(refusal(text, {"1,a", HeaderMode::Auto}).find("selected twice"), std::string::npos);
}

TEST(PointsCsv, MissingFileIsAnInputError) {
  auto r = readPointsCsv("/nonexistent/points.csv");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, model::ErrorKind::Input);
  EXPECT_NE(r.error().message.find("cannot read /nonexistent/points.csv"), std::string::npos);
}

TEST(PointsCsv, WriteThenReadIsBitExact) {
  TempDir dir;
  PointTable t{0, 3, {}, {"x", "y,z", "w"}};
  std::mt19937 rng(7);
  std::uniform_real_distribution<float> u(-1e6f, 1e6f);
  for (int i = 0; i < 200; ++i) t.values.push_back(u(rng));
  t.values.insert(t.values.end(), {-0.0f, 1e-40f, 3.4e38f, 0.1f});
  t.values.resize(t.values.size() / 3 * 3);
  t.rows = t.values.size() / 3;
  const auto path = (dir / "t.csv").string();
  ASSERT_TRUE(writePointsCsv(path, t, {"made by a test"}).ok());
  auto back = readPointsCsv(path);
  ASSERT_TRUE(back.ok()) << back.error().message;
  EXPECT_EQ(back->names, t.names);
  ASSERT_EQ(back->values.size(), t.values.size());
  for (std::size_t i = 0; i < t.values.size(); ++i)
    EXPECT_EQ(std::bit_cast<std::uint32_t>(back->values[i]),
              std::bit_cast<std::uint32_t>(t.values[i]));
  EXPECT_EQ(testing::readFile(path).substr(0, 17), "# made by a test\n");
  // Nothing but the file itself is left behind.
  EXPECT_EQ(std::distance(std::filesystem::directory_iterator(dir.path()), {}), 1);
}

TEST(PointsCsv, WriteIntoAMissingDirectoryFailsAndCreatesNothing) {
  TempDir dir;
  auto s = writePointsCsv((dir / "no/such/dir/t.csv").string(), PointTable{1, 1, {1.0f}, {}});
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().kind, model::ErrorKind::Io);
  EXPECT_EQ(std::distance(std::filesystem::directory_iterator(dir.path()), {}), 0);
}

}  // namespace
}  // namespace tunelab::io
