#pragma once

#include <string>

namespace tunelab::profiler {

// Now, as ISO 8601 UTC with milliseconds: 2026-11-25T10:00:00.123Z. Sorts as text.
std::string isoTimestampNow();

}  // namespace tunelab::profiler
