#pragma once

// What a workload declares about itself that its runs cannot show, stored with the session
// as facts ("workload.<name>.work" = "n:1,d:1,k:1,iters:1", "workload.<name>.variants" =
// "distinct operations"): how its parameters size the work (work ∝ Π valueᵉ, e.g. factor's
// n³), and whether its variants implement one operation (kmeans: naive … hamerly) or are
// different operations (machine: triad, fma-f32, fma-f64) that must not be ranked against
// each other. A workload with no facts (an imported Google Benchmark file, an older session)
// has one operation and no known work function: then there is no weak-scaling analysis.

#include <map>
#include <string>
#include <utility>
#include <vector>

#include "tunelab/model/run.h"

namespace tunelab::analysis {

struct WorkloadTraits {
  bool variantsAreOneOperation = true;
  std::map<std::string, double> workExponents;  // parameter → exponent; absent: not a size
};
using TraitsByWorkload = std::map<std::string, WorkloadTraits>;
TraitsByWorkload workloadTraits(const std::vector<std::pair<std::string, std::string>>& facts);
// The facts that describe one workload's traits, as workloadTraits() reads them back.
std::vector<std::pair<std::string, std::string>> workloadTraitFacts(const std::string& workload,
                                                                    const WorkloadTraits& traits);

}  // namespace tunelab::analysis
