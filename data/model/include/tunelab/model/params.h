#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "tunelab/model/run.h"

namespace tunelab::model {

// "n:1000/d:8" — the Google Benchmark way of writing arguments into a name.
std::string formatParams(const std::vector<Param>& params);

// The value of `key`, if the run has that parameter.
std::optional<std::string> findParam(const std::vector<Param>& params, std::string_view key);

// workload/variant/params/threads:T — the stable name a run is compared and trended by.
std::string benchmarkName(const Run& run);

}  // namespace tunelab::model
