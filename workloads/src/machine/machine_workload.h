#pragma once

#include "tunelab/workloads/workload.h"

namespace tunelab::workloads {

// The machine's own ceilings, measured the way rooflines need them: sustained memory
// bandwidth (STREAM triad) and peak floating-point rate (independent FMA chains in
// registers, fp32 and fp64, on the widest vector ISA this CPU has). `tunelab info --measure`
// runs it; so does the default sweep, so every session can draw its roofline.
class MachineWorkload final : public Workload {
 public:
  std::string_view name() const override;
  std::string_view summary() const override;
  std::span<const VariantSpec> variants() const override;
  std::span<const ParamSpec> params() const override;
  // triad, fma-f32 and fma-f64 are different kernels, not ways to do one thing. (No work
  // function is declared: fma's mflop is per thread already.)
  bool variantsAreOneOperation() const override { return false; }
  Result<std::unique_ptr<Instance>> prepare(const CaseConfig& config) const override;
};

}  // namespace tunelab::workloads
