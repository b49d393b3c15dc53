#pragma once

// What a workload declares about itself that its runs cannot show, stored with the session
// as facts ("workload.<name>.work" = "n:1,d:1,k:1,iters:1", "workload.<name>.variants" =
// "distinct operations"): how its parameters size the work (work ∝ Π valueᵉ, e.g. factor's
// n³), and whether its variants implement one operation (kmeans: naive … hamerly) or are
// different operations (machine: triad, fma-f32, fma-f64) that must not be ranked against
// each other; and which parameter paces its runs ("workload.<name>.pacing" = "rate (unpaced:
// max)"): a run with that parameter at any other value takes as long as its schedule
// (stream's open loop: events / rate seconds), not as long as its work. A workload with no
// facts (an imported Google Benchmark file, an older session) has one operation, no known
// work function and no pacing: then there is no weak-scaling analysis, and every run scales.

#include <map>
#include <string>
#include <utility>
#include <vector>

#include "tunelab/model/run.h"

namespace tunelab::analysis {

struct WorkloadTraits {
  bool variantsAreOneOperation = true;
  std::map<std::string, double> workExponents;  // parameter → exponent; absent: not a size
  // The parameter that paces a run, and its value that does not (stream: rate, max). Empty:
  // no run of the workload is paced.
  std::string pacingParam;
  std::string unpacedValue;
};
using TraitsByWorkload = std::map<std::string, WorkloadTraits>;
TraitsByWorkload workloadTraits(const std::vector<std::pair<std::string, std::string>>& facts);
// The facts that describe one workload's traits, as workloadTraits() reads them back.
std::vector<std::pair<std::string, std::string>> workloadTraitFacts(const std::string& workload,
                                                                    const WorkloadTraits& traits);

// Whether `run`'s wall time is set by a schedule rather than by its work: its workload
// declares a pacing parameter, and the run has it at another value than the unpaced one.
// Its speedup, efficiency, Karp–Flatt and Amdahl fit would measure the schedule (an
// open-loop stream run at p = 2 is exactly as long as at p = 1): the scaling series, weak
// scaling, the best-variant baselines and the complexity sweeps leave such runs out (the
// stream section is where open-loop runs are reported).
bool isPaced(const model::Run& run, const TraitsByWorkload& traits);

// `runs` without the paced ones, in their order.
std::vector<model::Run> withoutPacedRuns(const std::vector<model::Run>& runs,
                                         const TraitsByWorkload& traits);

}  // namespace tunelab::analysis
