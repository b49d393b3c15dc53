#include "golden.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>

#include "temp_dir.h"

namespace tunelab::testing {

void expectGolden(const std::string& actual, const std::string& name) {
  const std::filesystem::path golden =
      std::filesystem::path(TUNELAB_TEST_FIXTURES) / "render" / name;
  if (const char* update = std::getenv("TUNELAB_UPDATE_GOLDEN"); update && *update == '1')
    writeFile(golden, actual);
  EXPECT_EQ(actual, readFile(golden))
      << "differs from " << golden
      << " (TUNELAB_UPDATE_GOLDEN=1 rewrites it after a deliberate change)";
}

}  // namespace tunelab::testing
