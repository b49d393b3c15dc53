#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "tunelab/model/result.h"
#include "tunelab/model/run.h"
#include "tunelab/model/session.h"

namespace tunelab::store {

// A Google Benchmark JSON file (--benchmark_out=FILE --benchmark_out_format=json) as tunelab
// values, ready for Store::beginSession / addRun / finishSession. How each field maps is
// described at the top of gbench_import.cc.
struct ImportedSession {
  model::Session session;          // status Running; label: the file's stem
  std::vector<model::Run> runs;    // one per benchmark run_name, in the file's order
  std::vector<std::string> notes;  // what was left out or chosen, one sentence each
};

// Pure parsing, no I/O: the whole file is checked before anything is returned, so a caller
// that stores only after success never leaves a half-imported session behind. `sourceName`
// names the file in messages ("FILE:LINE:COL: …") and in the session record. Errors are
// ErrorKind::Input.
model::Result<ImportedSession> parseGoogleBenchmarkJson(std::string_view text,
                                                        std::string_view sourceName);

}  // namespace tunelab::store
