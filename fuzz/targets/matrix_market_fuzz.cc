// libFuzzer target: the Matrix Market reader (io::parseMatrixMarket) on arbitrary bytes.

#include <cmath>
#include <cstdint>
#include <string_view>

#include "check.h"
#include "tunelab/io/matrix_market.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  // A coordinate (sparse) file of a few bytes may legitimately declare 46340 × 46340: the
  // reader holds matrices densely, and zeroing 16 GiB is not a parsing bug. Capping the dense
  // size at 2^20 entries keeps each input fast, with every size check still exercised.
  auto m = tunelab::io::parseMatrixMarket(text, "fuzz.mtx", std::size_t{1} << 20);
  if (!m) {
    FUZZ_CHECK(m.error().kind == tunelab::model::ErrorKind::Input);
    FUZZ_CHECK(tunelab::fuzz::namesTheFile(m.error().message, "fuzz.mtx:"));
    return 0;
  }
  FUZZ_CHECK(m->rows > 0 && m->cols > 0);
  FUZZ_CHECK(m->values.size() == m->rows * m->cols);
  for (double v : m->values) FUZZ_CHECK(std::isfinite(v));
  return 0;
}
