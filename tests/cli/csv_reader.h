#pragma once

#include <string>
#include <vector>

namespace tunelab::testing {

// A strict RFC 4180 reader for checking tunelab's own output: quoted fields, doubled
// quotes, newlines inside quotes. Throws std::runtime_error on malformed input.
std::vector<std::vector<std::string>> parseCsv(const std::string& text);

}  // namespace tunelab::testing
