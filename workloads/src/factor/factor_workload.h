#pragma once

#include "tunelab/workloads/workload.h"

namespace tunelab::workloads {

// Dense matrix factorizations — Cholesky, LU, QR, SVD and the randomized truncated SVD — in
// the variants naive / blocked / parallel / lapack (see factor/factorizations.h).
class FactorWorkload final : public Workload {
 public:
  std::string_view name() const override;
  std::string_view summary() const override;
  std::span<const VariantSpec> variants() const override;
  std::span<const ParamSpec> params() const override;
  // Every op is O(n³) on a square matrix (rsvd's O(n²·k) is left out: its n³ would mislead
  // only a weak-scaling sweep of rsvd alone).
  std::vector<std::pair<std::string, double>> workExponents() const override { return {{"n", 3}}; }
  Result<std::unique_ptr<Instance>> prepare(const CaseConfig& config) const override;
  // Refuses a malformed or unsuitable input file and impossible shapes before anything runs
  // (exit 2), and names a run on a file by the file's shape (n, m).
  Result<std::vector<model::Param>> checkParams(std::vector<model::Param> params) const override;
  std::optional<double> preferredMinTimeSeconds() const override;
};

}  // namespace tunelab::workloads
