#pragma once

#include <cstdint>

#include "tunelab/workloads/factor/matrix.h"

// Seeded test matrices: the same arguments give the same matrix on every run and machine
// with the same standard library (std::mt19937_64 and std::normal_distribution).
namespace tunelab::workloads::factor {

// Entries independent N(0, 1).
Matrix gaussian(std::size_t rows, std::size_t cols, std::uint64_t seed);

// rows × cols with orthonormal columns, Haar-distributed: the Q of a Gaussian matrix's QR with
// R's diagonal made positive.
Matrix randomOrthonormal(std::size_t rows, std::size_t cols, std::uint64_t seed);

// Symmetric positive definite Q·Λ·Qᵀ with eigenvalues from 1 down to 1/cond, geometrically
// spaced: κ₂(A) = cond.
Matrix randomSpd(std::size_t n, double cond, std::uint64_t seed);

// U·Σ·Vᵀ with singular values from 1 down to 1/cond, geometrically spaced: κ₂(A) = cond.
Matrix randomGraded(std::size_t rows, std::size_t cols, double cond, std::uint64_t seed);

// Low rank plus noise: U·Σ·Vᵀ of rank `rank` with singular values from 1 down to 0.1
// (geometric), plus Gaussian noise E scaled so that ‖E‖₂ ≈ noise (its entries have standard
// deviation noise / (√rows + √cols), the edge of the Marchenko–Pastur spectrum).
Matrix lowRankPlusNoise(std::size_t rows, std::size_t cols, std::size_t rank, double noise,
                        std::uint64_t seed);

}  // namespace tunelab::workloads::factor
