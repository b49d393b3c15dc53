#pragma once

// Where compare and trend get their runs from: a session of the default database (REF), a
// session of another database (FILE.db:REF, or FILE.db for its latest session), or a Google
// Benchmark JSON file.

#include <string>

#include "tunelab/analysis/comparison.h"
#include "tunelab/model/result.h"

namespace tunelab::cli {

// `spec` as the user typed it; `defaultDb` is --db. Errors are Usage/Input/Database with a
// message that names the spec and says what forms are accepted.
model::Result<analysis::CompareSide> loadSide(const std::string& spec,
                                              const std::string& defaultDb);

model::Result<std::string> readTextFile(const std::string& path);

// "5%" → 0.05, "0.05" → 0.05; a bare number ≥ 1 is refused (5 would mean 500 %).
model::Result<double> parseFraction(const std::string& option, const std::string& text);

}  // namespace tunelab::cli
