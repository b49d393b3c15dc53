// libFuzzer target: the points CSV reader (io::parsePointsCsv) on arbitrary bytes.
//
// The first byte chooses the options: byte % 3 is the header mode (auto, present, absent);
// with bit 0x10 set, the text up to the first newline is the --columns selection (numbers,
// ranges, header names). The rest is the CSV text.

#include <cmath>
#include <cstdint>
#include <string>
#include <string_view>

#include "check.h"
#include "tunelab/io/points.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace tunelab;
  if (size == 0) return 0;
  std::string_view text(reinterpret_cast<const char*>(data) + 1, size - 1);
  io::CsvOptions options;
  options.header = static_cast<io::HeaderMode>(data[0] % 3);
  if ((data[0] & 0x10) != 0) {
    const auto eol = text.find('\n');
    options.columns = std::string(text.substr(0, eol));
    text = eol == std::string_view::npos ? std::string_view{} : text.substr(eol + 1);
  }
  auto t = io::parsePointsCsv(text, "fuzz.csv", options);
  if (!t) {
    FUZZ_CHECK(t.error().kind == model::ErrorKind::Input);
    FUZZ_CHECK(fuzz::namesTheFile(t.error().message, "fuzz.csv"));
    return 0;
  }
  // What k-means relies on: at least one row and column, a full rectangle, finite floats.
  FUZZ_CHECK(t->rows > 0 && t->cols > 0);
  FUZZ_CHECK(t->values.size() == t->rows * t->cols);
  FUZZ_CHECK(t->names.empty() || t->names.size() == t->cols);
  for (float v : t->values) FUZZ_CHECK(std::isfinite(v));
  return 0;
}
