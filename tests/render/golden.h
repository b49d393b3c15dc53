#pragma once

#include <string>

namespace tunelab::testing {

// Expects `actual` to equal the golden file tests/fixtures/render/<name> byte for byte.
// TUNELAB_UPDATE_GOLDEN=1 rewrites the file with `actual` first (after a deliberate change:
// then read the diff).
void expectGolden(const std::string& actual, const std::string& name);

}  // namespace tunelab::testing
