#pragma once

#include "tunelab/workloads/workload.h"

namespace tunelab::workloads {

// alloc: allocators (variants) × allocation patterns (the `pattern` parameter). See
// docs/performance/alloc.md for what it measures and the definitions.
class AllocWorkload final : public Workload {
 public:
  std::string_view name() const override;
  std::string_view summary() const override;
  std::span<const VariantSpec> variants() const override;
  std::span<const ParamSpec> params() const override;
  // scale multiplies every pattern's operations and live set.
  std::vector<std::pair<std::string, double>> workExponents() const override { return {{"scale", 1}}; }
  // One execution per repetition: every metric and curve describes one whole trace.
  std::optional<double> preferredMinTimeSeconds() const override { return 0.0; }
  Result<std::unique_ptr<Instance>> prepare(const CaseConfig& config) const override;
};

}  // namespace tunelab::workloads
