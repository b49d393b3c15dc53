#pragma once

#include "tunelab/workloads/workload.h"

namespace tunelab::workloads {

// A known amount of work, for measuring tunelab's own regression detector
// (docs/performance/detector.md). One execution runs `work` units — a dependent load from a
// shuffled cycle through a table larger than the L2 cache (memory latency), then rounds of
// integer multiply-xorshift on the loaded value (compute) — about 10 ms at the default sizes on
// the development machine. `extra=X` runs round(work · X / 100) more units: every unit executes
// the same instructions (no branch depends on the data), so the instruction count grows by
// exactly X % (to the unit; the metric extra_actual_percent says what was run), which
// valgrind's counts show.
class CalibrateWorkload final : public Workload {
 public:
  std::string_view name() const override;
  std::string_view summary() const override;
  std::span<const VariantSpec> variants() const override;
  std::span<const ParamSpec> params() const override;
  std::vector<std::pair<std::string, double>> workExponents() const override { return {{"work", 1}}; }
  Result<std::unique_ptr<Instance>> prepare(const CaseConfig& config) const override;
};

}  // namespace tunelab::workloads
