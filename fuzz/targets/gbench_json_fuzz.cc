// libFuzzer target: the Google Benchmark JSON importer (store::parseGoogleBenchmarkJson) on
// arbitrary bytes. Pure parsing: nothing is written anywhere.

#include <cmath>
#include <cstdint>
#include <string_view>

#include "check.h"
#include "tunelab/store/gbench_import.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  auto s = tunelab::store::parseGoogleBenchmarkJson(text, "fuzz.json");
  if (!s) {
    FUZZ_CHECK(s.error().kind == tunelab::model::ErrorKind::Input);
    FUZZ_CHECK(tunelab::fuzz::namesTheFile(s.error().message, "fuzz.json"));
    return 0;
  }
  // What the importer promises its caller, the store: named runs with at least one thread,
  // finite times and counters (non-finite ones are left out with a note, or refused).
  for (const auto& run : s->runs) {
    FUZZ_CHECK(!run.name.empty());
    FUZZ_CHECK(run.threads >= 1);
    for (const auto& smp : run.samples) {
      FUZZ_CHECK(std::isfinite(smp.wallSeconds) && std::isfinite(smp.cpuSeconds));
      for (const auto& m : smp.metrics) FUZZ_CHECK(std::isfinite(m.value));
    }
  }
  return 0;
}
