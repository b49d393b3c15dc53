#pragma once

// What a chart or a report section shows of a session of several workloads: one workload,
// and within it one value of each parameter that varies (alloc's pattern, factor's op), as a
// person compares them. The GUI's scope bar, `tunelab plot --workload` and the HTML report's
// charts all start from defaultScope.

#include <string>
#include <vector>

#include "tunelab/model/params.h"
#include "tunelab/model/run.h"

namespace tunelab::analysis {

struct Scope {
  std::string workload;            // empty: every workload
  std::vector<model::Param> where;  // each run in scope has these values
};

// The parameters that take more than one value among `workload`'s runs, in first-seen order.
std::vector<std::string> varyingParamKeys(const std::vector<model::Run>& runs,
                                          const std::string& workload);

// The scope a workload opens in: its first run's value of each varying parameter except those
// a chart spreads along (`spread`: e.g. "n" for a complexity sweep), so one family at a time.
Scope defaultScope(const std::vector<model::Run>& runs, const std::string& workload,
                   const std::vector<std::string>& spread = {});

bool inScope(const model::Run& run, const Scope& scope);

// The runs of `runs` in `scope`, in their order.
std::vector<model::Run> runsInScope(const std::vector<model::Run>& runs, const Scope& scope);

// "alloc · pattern:fixed-churn": how a chart's title names its scope.
std::string describe(const Scope& scope);

}  // namespace tunelab::analysis
