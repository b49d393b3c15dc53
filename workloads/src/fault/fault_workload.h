#pragma once

#include "tunelab/workloads/workload.h"

namespace tunelab::workloads {

// The environment variable that makes the `fault` workload reachable by name.
inline constexpr const char* kFaultWorkloadVariable = "TUNELAB_FAULT_WORKLOAD";
bool faultWorkloadEnabled();

// Test-only: cases that misbehave on purpose (segfault, abort, hang, exhaust memory, throw),
// so the reliability tests can drive the real `tunelab run` into each fault. Never in
// registry(): `tunelab list` and the default sweep (`tunelab run all`) do not see it, and
// findWorkload("fault") finds it only while TUNELAB_FAULT_WORKLOAD=1 is set.
class FaultWorkload final : public Workload {
 public:
  std::string_view name() const override;
  std::string_view summary() const override;
  std::span<const VariantSpec> variants() const override;
  std::span<const ParamSpec> params() const override;
  Result<std::unique_ptr<Instance>> prepare(const CaseConfig& config) const override;
};

}  // namespace tunelab::workloads
