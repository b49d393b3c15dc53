#pragma once

#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "tunelab/workloads/factor/matrix.h"

namespace tunelab::workloads {
class WorkerPool;
}

namespace tunelab::workloads::factor {

// How a factorization is computed; the workload's variants.
//   naive     textbook loops, one column (or column pair) at a time
//   blocked   right-looking blocked algorithms; the trailing update is gemm (blas.h)
//   parallel  blocked, with the trailing update split over the pool's threads
//   lapack    OpenBLAS + LAPACKE (the reference, and the tests' oracle)
enum class Variant { Naive, Blocked, Parallel, Lapack };
std::optional<Variant> parseVariant(std::string_view name);
const char* variantName(Variant v);

struct Options {
  Variant variant = Variant::Blocked;
  std::size_t block = 128;     // panel width nb of blocked and parallel
  WorkerPool* pool = nullptr;  // parallel: the threads; null runs on the calling thread
  bool regions = true;         // mark panel / update; off where another op calls this one
};

// Where a factorization broke down: the 0-based column, and the pivot found there when the
// implementation knows it (LAPACK reports only the column).
struct Breakdown {
  std::size_t column = 0;
  std::optional<double> pivot;
};

// Cholesky A = L·Lᵀ. Reads the lower triangle of `a` and overwrites it with L; the strict
// upper triangle is workspace (blocked variants write into it). Stops at the first pivot
// that is not positive: the leading minor of order column + 1 is not positive definite.
std::optional<Breakdown> cholesky(View a, const Options& options);

// LU with partial pivoting, P·A = L·U, in place: U on and above the diagonal, L (unit
// diagonal, not stored) below it. pivots[k] is the row that was swapped with row k at step k
// (LAPACK's ipiv, 0-based); min(m, n) of them. A column whose pivot is exactly zero is
// skipped, as LAPACK does (nothing is divided by it), and the first one is returned: A is
// singular.
std::optional<Breakdown> lu(View a, std::vector<std::size_t>& pivots, const Options& options);

// Householder QR, A = Q·R, in LAPACK's layout: R on and above the diagonal, the vector v_k of
// reflector H_k = I − tau_k·v_k·v_kᵀ below it (v_k(k) = 1, not stored); min(m, n) of them.
void qr(View a, std::vector<double>& tau, const Options& options);
// The first q.cols columns of Q = H_0·H_1⋯H_{k−1} (q is m × ncols with k <= ncols <= m).
void formQ(ConstView reflectors, const std::vector<double>& tau, View q, const Options& options);

struct SvdResult {
  Matrix u;               // m × r, r = min(m, n) (randomized: m × rank)
  std::vector<double> s;  // r singular values, descending
  Matrix v;               // n × r
  int sweeps = 0;         // Jacobi sweeps (own variants); 0 for lapack
  bool converged = true;  // false when Jacobi hit its sweep limit
};

// Thin SVD A = U·diag(s)·Vᵀ. Own variants use one-sided (Hestenes) Jacobi: naive on A itself;
// blocked and parallel on Rᵀ after a blocked QR (A = Q·R; the preconditioning of Drmač and
// Veselić), with column-block pairs scheduled round-robin so that each round's pairs are
// disjoint (and run on different threads). lapack is dgesdd.
SvdResult svd(ConstView a, const Options& options);

// Randomized truncated SVD (Halko, Martinsson & Tropp 2011, Alg. 4.4): a Gaussian test
// matrix of rank + oversample columns, `power` subspace iterations with re-orthonormalization,
// B = Qᵀ·A, the SVD of the small B, U = Q·U_B. Returns the leading `rank` triplets.
struct RsvdParams {
  std::size_t rank = 32;
  std::size_t oversample = 10;
  std::size_t power = 2;
  std::uint64_t seed = 42;
};
SvdResult randomizedSvd(ConstView a, const RsvdParams& params, const Options& options);

}  // namespace tunelab::workloads::factor
