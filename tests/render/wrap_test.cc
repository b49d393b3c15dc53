// wrapText: prose fits the layout's width; a long name breaks after its slashes.
#include <gtest/gtest.h>

#include <sstream>
#include <string>

#include "tunelab/render/table.h"

namespace tunelab::render {
namespace {

std::size_t widest(const std::string& text) {
  std::istringstream in(text);
  std::size_t out = 0;
  for (std::string l; std::getline(in, l);) out = std::max(out, l.size());
  return out;
}

TEST(WrapText, BreaksAtSpacesWithinTheWidth) {
  EXPECT_EQ(wrapText("one two three four", 9, "", "  "), "one two\n  three\n  four\n");
}

// A failed run is named by its benchmark name, one "word" of 130 characters: it broke the
// report's 120 columns until it was broken after its slashes, and still reads whole.
TEST(WrapText, ALongNameBreaksAfterItsSlashes) {
  const std::string name =
      "stream/mpi/query:window-count/events:20000/rate:max/batch:64/window_us:0/window_ms:2/"
      "keys:1000/hidden:64/seed:42/threads:1/ranks:2";
  const std::string text = wrapText(name + " [crashed]: why", 60, "  ", "    ");
  EXPECT_LE(widest(text), 60u) << text;
  std::string joined;
  std::istringstream in(text);
  for (std::string l; std::getline(in, l);) joined += l.substr(l.find_first_not_of(' '));
  EXPECT_EQ(joined.substr(0, name.size()), name) << "the pieces join back into the name";
  EXPECT_EQ(text.substr(0, 13), "  stream/mpi/");
}

TEST(WrapText, AWordWithoutSlashesKeepsALineOfItsOwn) {
  EXPECT_EQ(wrapText("a abcdefghijkl b", 8), "a\n    abcdefghijkl\n    b\n");
}

}  // namespace
}  // namespace tunelab::render
