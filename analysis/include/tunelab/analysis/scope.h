#pragma once

// What a chart or a report section shows of a session of several workloads: one workload,
// and within it one value of each parameter that varies (alloc's pattern, factor's op), as a
// person compares them. The GUI's scope bar, `tunelab plot --workload` and the HTML report's
// charts all start from defaultScope.

#include <cstddef>
#include <string>
#include <utility>
#include <vector>

#include "tunelab/analysis/workload_traits.h"
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

// The parameters a scope pins: those that vary among `workload`'s runs and name an operation
// or pattern (a value that is not a number: alloc's pattern, factor's op; stream's rate, whose
// `max` stands beside numbers). Sizes stay open: the complexity and weak-scaling views spread
// along them. Where the workload declares which parameters size its work (`traits`:
// WorkloadTraits::workExponents, stored with the session), a numeric parameter that is not
// one of them is a knob and is pinned too (stream's batch: its runs are a family per batch
// size, and every batch at once is twice the series a legend or category axis holds); without
// a declaration every number might be a size and stays open.
std::vector<std::string> pinnableParamKeys(const std::vector<model::Run>& runs,
                                           const std::string& workload,
                                           const TraitsByWorkload& traits = {});

// The scope a workload opens in: its first run's value of each pinnable parameter, so one
// family at a time.
Scope defaultScope(const std::vector<model::Run>& runs, const std::string& workload,
                   const TraitsByWorkload& traits = {});

// The scope a session opens in: all of it when it is small enough for every series to fit one
// legend (at most kWholeSessionRuns runs), else its first workload's default scope.
constexpr std::size_t kWholeSessionRuns = 12;
Scope sessionDefaultScope(const std::vector<model::Run>& runs,
                          const TraitsByWorkload& traits = {});

// What a scope bar offers: every workload, and for `workload` each pinnable parameter with
// its values (in first-seen order).
struct ScopeChoices {
  std::vector<std::string> workloads;
  std::vector<std::pair<std::string, std::vector<std::string>>> params;
};
ScopeChoices scopeChoices(const std::vector<model::Run>& runs, const std::string& workload,
                          const TraitsByWorkload& traits = {});

bool inScope(const model::Run& run, const Scope& scope);

// The runs of `runs` in `scope`, in their order.
std::vector<model::Run> runsInScope(const std::vector<model::Run>& runs, const Scope& scope);

// "alloc · pattern:fixed-churn": how a chart's title names its scope.
std::string describe(const Scope& scope);

}  // namespace tunelab::analysis
