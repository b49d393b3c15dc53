#pragma once

#include "tunelab/workloads/kmeans.h"
#include "tunelab/workloads/workload.h"

namespace tunelab::workloads {

class KmeansWorkload final : public Workload {
 public:
  std::string_view name() const override;
  std::string_view summary() const override;
  std::span<const VariantSpec> variants() const override;
  std::span<const ParamSpec> params() const override;
  // Lloyd's work per iteration is n·k·d distance terms, times the iterations.
  std::vector<std::pair<std::string, double>> workExponents() const override {
    return {{"n", 1}, {"d", 1}, {"k", 1}, {"iters", 1}};
  }
  Result<std::unique_ptr<Instance>> prepare(const CaseConfig& config) const override;
  Result<std::vector<model::Param>> checkParams(std::vector<model::Param> params) const override;
};

namespace kmeans {
// The points a parameter set describes: seeded Gaussian blobs (input=blobs: n, d, k centres,
// spread, seed) or a file (input=FILE.csv with columns=…, or FILE.f32).
Result<Points> loadPoints(const std::vector<model::Param>& params);
}  // namespace kmeans

}  // namespace tunelab::workloads
