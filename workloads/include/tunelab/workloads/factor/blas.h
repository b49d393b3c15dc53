#pragma once

#include "tunelab/workloads/factor/matrix.h"

namespace tunelab::workloads {
class WorkerPool;
}

namespace tunelab::workloads::factor {

enum class Op { N, T };  // use a matrix as stored, or its transpose

// The instruction sets the GEMM micro-kernel is built for. The build targets plain x86-64 (no
// -march), so the AVX2+FMA kernel is compiled with a target attribute and chosen at run time
// when the CPU has both; the binary still runs on any x86-64.
enum class Isa { Generic, Avx2Fma };
Isa activeIsa();
const char* isaName(Isa isa);
// Selects a kernel (tests run both). Returns false, changing nothing, when the CPU lacks it.
bool setIsa(Isa isa);

// C = beta·C + alpha·op(A)·op(B), cache-blocked (BLIS loop order, packed panels) around a
// register-blocked micro-kernel. beta = 0 ignores C's old contents (NaNs included). Safe to
// call from several threads at once on disjoint C: packing buffers are per thread.
void gemm(Op ta, Op tb, double alpha, ConstView a, ConstView b, double beta, View c);

// The same product restricted to the lower triangle of C (i >= j), for SYRK-like updates of a
// symmetric matrix: tiles wholly above the diagonal are skipped, tiles across it are computed
// into a scratch tile and only their lower part is added. The strict upper triangle of C is
// left untouched.
void gemmLower(Op ta, Op tb, double alpha, ConstView a, ConstView b, double beta, View c);

// op(A)·alpha packed once into the micro-kernel's sliver layout, for a product that several
// threads compute on different column slabs of C (the L21 of a factorization step): each
// thread then only packs its own slab of B, and nobody packs A again.
class PackedA {
 public:
  void pack(Op ta, double alpha, ConstView a);
  std::size_t rows() const { return m_rows; }
  std::size_t depth() const { return m_depth; }
  const double* block(std::size_t pc) const;  // the packed rows × kc block starting at depth pc

 private:
  AlignedVector m_data;
  std::size_t m_rows = 0;
  std::size_t m_depth = 0;
  std::size_t m_paddedRows = 0;
};
// The row granularity of PackedA: gemmPacked's row0 must be a multiple of it.
std::size_t packedRowUnit();

// C += A_packed(row0 : row0 + c.rows, :)·op(B), with B of depth a.depth() × c.cols. `lower`
// as gemmLower, where C's (0, 0) lies `diagonal` rows below the diagonal (row − column).
void gemmPacked(const PackedA& a, std::size_t row0, Op tb, ConstView b, View c, bool lower,
                std::ptrdiff_t diagonal = 0);

// The textbook triple loop (the `naive` variants use it): C = beta·C + alpha·op(A)·op(B).
void gemmNaive(Op ta, Op tb, double alpha, ConstView a, ConstView b, double beta, View c);

// gemm with C split over the pool's threads, along C's longer side (pool may be null).
void gemmParallel(WorkerPool* pool, Op ta, Op tb, double alpha, ConstView a, ConstView b,
                  double beta, View c);

// B ← L⁻¹·B with L unit lower triangular (LU's U12 = L11⁻¹·A12). Recursive: halves of L
// are solved by recursion and coupled by gemm, so nearly all flops run in the micro-kernel.
void trsmLowerUnitLeft(ConstView l, View b);
// B ← B·L⁻ᵀ with L lower triangular, non-unit (Cholesky's L21 = A21·L11⁻ᵀ). Recursive.
void trsmLowerTransRight(ConstView l, View b);

}  // namespace tunelab::workloads::factor
