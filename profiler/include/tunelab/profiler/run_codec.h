#pragma once

#include <optional>
#include <string>

#include "tunelab/model/run.h"

namespace tunelab::profiler {

// A compact binary form of a Run, for handing a finished run from an isolated child
// process to its parent over a pipe. Both ends are the same binary, so there is no
// versioning; decode() refuses truncated or trailing data (a child that died mid-write).
std::string encodeRun(const model::Run& run);
std::optional<model::Run> decodeRun(const std::string& bytes);

}  // namespace tunelab::profiler
