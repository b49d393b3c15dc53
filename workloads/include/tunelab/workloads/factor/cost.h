#pragma once

#include <optional>
#include <string_view>

#include "tunelab/workloads/factor/factorizations.h"

// The flop counts behind GFLOP/s and the memory-traffic model behind the arithmetic intensity.
namespace tunelab::workloads::factor {

enum class OpKind { Cholesky, Lu, Qr, Svd, Rsvd };
std::optional<OpKind> parseOp(std::string_view name);
const char* opName(OpKind op);

struct CostInputs {
  OpKind op = OpKind::Cholesky;
  Variant variant = Variant::Blocked;
  std::size_t m = 0;        // rows
  std::size_t n = 0;        // columns
  std::size_t block = 128;  // nb of blocked / parallel
  RsvdParams rsvd;          // rank, oversample, power (rsvd only)
  int sweeps = 0;           // Jacobi sweeps of the run measured (svd, own variants)
};

// The standard (nominal) counts, the same for every variant so that GFLOP/s compare time:
//   cholesky  n³/3                  lu  2n³/3 (m = n)        qr  2mn² − 2n³/3 (m >= n)
//   svd       14mn² + 8n³ (m >= n): Golub–Reinsch for Σ, thin U and V (Golub & Van Loan)
//   rsvd      (2q + 2)·2mnl products with A, (2q + 1) QRs with Q formed of m × l and q of
//             n × l (4·rows·l² − 4l³/3 each), the small SVD 14nl² + 8l³, U = Q·U_B 2mlk;
//             l = rank + oversample, q = power.
double flopCount(const CostInputs& c);

// Bytes moved between memory and the caches in a simple model: a cache that holds a panel
// or a tile but not the whole matrix, every element that is loaded or stored costs 8 bytes.
//   naive     the trailing matrix is read and written once per column step (QR: read twice);
//             Jacobi reads both columns of a pair 3 times and rewrites them and V's once
//   blocked   once per panel of nb columns (parallel: the same traffic, shared);
//             Jacobi once per pair of column tiles
//   lapack    cholesky / lu / qr as blocked with nb = 256 (OpenBLAS's GEMM_Q on its Haswell
//             kernels); svd as gesdd's bidiagonalization, whose matrix–vector half reads the
//             trailing matrix twice per column
//   rsvd      one read of A per product (naive: one per column of the thin factor)
double trafficBytes(const CostInputs& c);

}  // namespace tunelab::workloads::factor
