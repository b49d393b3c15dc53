#pragma once

#include <vector>

#include "tunelab/workloads/factor/factorizations.h"

// How well a factorization satisfies its definition, in the Frobenius norm, relative to
// ‖A‖_F (absolute when A = 0). These use the blocked gemm whatever the variant measured.
namespace tunelab::workloads::factor {

// ‖A − L·Lᵀ‖ / ‖A‖ with A symmetric from its lower triangle and L the lower triangle of `l`.
double choleskyResidual(ConstView a, ConstView l);
// ‖P·A − L·U‖ / ‖A‖ from lu()'s packed output and pivots.
double luResidual(ConstView a, ConstView lu, const std::vector<std::size_t>& pivots);
// ‖A − Q·R‖ / ‖A‖, R the upper triangle (trapezoid) of `r` (its first q.cols rows).
double qrResidual(ConstView a, ConstView q, ConstView r);
// ‖QᵀQ − I‖ for a matrix with (supposedly) orthonormal columns.
double orthogonality(ConstView q);
// ‖A − U·diag(s)·Vᵀ‖ / ‖A‖ over all the triplets given.
double svdResidual(ConstView a, const SvdResult& svd);
// ‖A − U_k·Σ_k·V_kᵀ‖ (absolute) with the first k triplets.
double truncationError(ConstView a, const SvdResult& svd, std::size_t k);
// The optimal rank-k error in the Frobenius norm (Eckart–Young): √(Σ_{i>k} σ_i²).
double optimalTruncationError(const std::vector<double>& sigma, std::size_t k);

}  // namespace tunelab::workloads::factor
