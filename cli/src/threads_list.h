#pragma once

#include <string>
#include <vector>

#include "tunelab/model/result.h"

namespace tunelab::cli {

// "1,2,4", "1-8" (every count in the range), "max" (= logical cores), or a mix: "1,2-4,max".
// Sorted, duplicates removed; each count between 1 and 4096.
model::Result<std::vector<int>> parseThreadList(const std::string& text, int logicalCores);

// The default sweep: 1, 2, 4 … up to the core count, and the core count itself.
std::vector<int> defaultThreadList(int logicalCores);

}  // namespace tunelab::cli
