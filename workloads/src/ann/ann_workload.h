#pragma once

#include "tunelab/workloads/workload.h"

namespace tunelab::workloads {

// Nearest-neighbour search: exact (naive, gemm), product quantization (pq, pq4fs fast-scan),
// an inverted file over fast-scan codes (ivfpq), and the peers FAISS and hnswlib, scored by
// recall against the exact answer on Fashion-MNIST, FAISS-style synthetic data or a file.
class AnnWorkload final : public Workload {
 public:
  std::string_view name() const override;
  std::string_view summary() const override;
  std::span<const VariantSpec> variants() const override;
  std::span<const ParamSpec> params() const override;
  // Each repetition searches every query once; recall and rates describe that pass.
  std::optional<double> preferredMinTimeSeconds() const override { return 0.0; }
  std::vector<std::pair<std::string, double>> workExponents() const override {
    return {{"nq", 1}, {"n", 1}, {"d", 1}};
  }
  Result<std::vector<model::Param>> checkParams(std::vector<model::Param> params) const override;
  Result<std::unique_ptr<Instance>> prepare(const CaseConfig& config) const override;
};

}  // namespace tunelab::workloads
