#pragma once

#include "tunelab/workloads/workload.h"

namespace tunelab::workloads {

// Stream processing: an event generator (Nexmark bids, YSB ad events), four queries
// (passthrough, window-count, window-topk, score with dynamic batching), closed and open
// loop, in the variants naive / optimized / threads / tbb / mpi (see tunelab/workloads/stream.h).
class StreamWorkload final : public Workload {
 public:
  std::string_view name() const override;
  std::string_view summary() const override;
  std::span<const VariantSpec> variants() const override;
  std::span<const ParamSpec> params() const override;
  // Each repetition is one pass over the stream: its latency histogram and metrics describe
  // that pass.
  std::optional<double> preferredMinTimeSeconds() const override { return 0.0; }
  std::vector<std::pair<std::string, double>> workExponents() const override {
    return {{"events", 1}};
  }
  // Open loop (rate = events/s) lasts events/rate seconds by its schedule; rate=max is the
  // closed loop, which takes as long as the work.
  std::optional<PacingParam> pacingParam() const override { return PacingParam{"rate", "max"}; }
  Result<std::vector<model::Param>> checkParams(std::vector<model::Param> params) const override;
  Result<std::unique_ptr<Instance>> prepare(const CaseConfig& config) const override;
};

}  // namespace tunelab::workloads
