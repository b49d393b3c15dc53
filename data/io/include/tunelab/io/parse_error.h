#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "tunelab/model/result.h"

namespace tunelab::io {

// Where in an input file something went wrong. line and column are 1-based; 0 means "not
// applicable" (a binary file has neither: its byte offset goes in `column` with line 0).
struct Location {
  std::string file;
  std::size_t line = 0;
  std::size_t column = 0;
};

// "points.csv:12:5: expected a number, found 'abc'. <hint>" as an Input error (exit code 2),
// in the FILE:LINE:COL form compilers use, so editors and terminals can jump to it.
model::Error parseError(const Location& where, std::string_view what, std::string_view hint = {});

}  // namespace tunelab::io
