#pragma once

#include "tunelab/workloads/factor/factorizations.h"

namespace tunelab::workloads::factor::detail {

// One-sided (Hestenes) Jacobi: rotates pairs of columns of X until every pair is orthogonal to
// the tolerance √rows·ε relative to the two column norms (LAPACK dgesvj's criterion), applying
// the same rotations to the columns of V. X·V_total then has orthogonal columns whose norms
// are the singular values.
struct JacobiStats {
  int sweeps = 0;
  bool converged = false;
};

// Cyclic by rows, three separate dot products and two axpy-like loops per pair.
JacobiStats jacobiNaive(View x, View v);

// Column blocks of width `tile` (chosen so a block pair's columns of X and V stay in L2),
// block pairs in round-robin (circle-method) order: each round's pairs are disjoint and run on
// the threads of o.pool at once. Fused, vectorized pair kernels. The result does not depend on
// the number of threads.
JacobiStats jacobiBlocked(View x, View v, std::size_t tile, const Options& o);

// The tile width for a rows × cols problem of X plus vrows × cols of V. It depends on the
// shape only (never on the thread count), so every p computes the same rotations.
std::size_t jacobiTile(std::size_t rows, std::size_t vrows, std::size_t cols);

}  // namespace tunelab::workloads::factor::detail
