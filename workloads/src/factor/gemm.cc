// The GEMM behind every blocked and parallel variant: BLIS's five loops around a register-
// blocked micro-kernel (Goto & van de Geijn, "Anatomy of high-performance matrix
// multiplication"; Van Zee & van de Geijn, "BLIS"). op(B) is packed in kc × nc panels that
// stay in L3, op(A) in mc × kc blocks that stay in L2, and the micro-kernel multiplies an
// mr × kc sliver of A by a kc × nr sliver of B (which stays in L1) into an mr × nr tile of C
// held in registers.
#include <algorithm>
#include <atomic>

#include "gemm_kernels.h"
#include "tunelab/workloads/factor/blas.h"
#include "tunelab/workloads/worker_pool.h"

namespace tunelab::workloads::factor {
namespace {

using detail::kMr;
using detail::kNr;

// kc × nr of B (12 KiB) and mr × kc of A (16 KiB) fit the 32–48 KiB L1 of current x86 cores
// together; mc × kc of A (384 KiB) fits a 512 KiB–1 MiB L2; kc × nc of B (6 MiB) sits in L3.
constexpr std::size_t kKc = 256;
constexpr std::size_t kMc = 192;
constexpr std::size_t kNc = 3072;
static_assert(kMc % kMr == 0 && kNc % kNr == 0);

std::atomic<detail::Kernel> g_kernel{nullptr};
std::atomic<Isa> g_isa{Isa::Generic};

bool cpuHas(Isa isa) {
  if (isa == Isa::Generic) return true;
  // libgcc's check also asks the OS (XGETBV) whether it saves the AVX registers.
  return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
}

detail::Kernel kernelFor(Isa isa) {
  return isa == Isa::Avx2Fma ? detail::kernelAvx2Fma : detail::kernelGeneric;
}

detail::Kernel kernel() {
  auto k = g_kernel.load(std::memory_order_relaxed);
  if (!k) {
    const Isa best = cpuHas(Isa::Avx2Fma) ? Isa::Avx2Fma : Isa::Generic;
    g_isa.store(best);
    k = kernelFor(best);
    g_kernel.store(k);
  }
  return k;
}

std::size_t innerDim(Op ta, ConstView a) { return ta == Op::N ? a.cols : a.rows; }

// Packing buffers, one set per thread, so threads can run gemm at once on disjoint parts of C.
struct Buffers {
  AlignedVector a;
  AlignedVector b;
};
Buffers& buffers() {
  thread_local Buffers b;
  return b;
}

// op(A)(i0 : i0+mc, p0 : p0+kc)·alpha into slivers of kMr rows: ap[s·kMr·kc + p·kMr + i],
// zero-padded below the last row so the micro-kernel never branches on the edge.
void packA(Op ta, ConstView a, std::size_t i0, std::size_t p0, std::size_t mc, std::size_t kc,
           double alpha, double* ap) {
  for (std::size_t s = 0; s < mc; s += kMr) {
    const std::size_t rows = std::min(kMr, mc - s);
    double* out = ap + s * kc;
    if (ta == Op::N) {
      for (std::size_t p = 0; p < kc; ++p) {
        const double* src = a.col(p0 + p) + i0 + s;
        std::size_t i = 0;
        for (; i < rows; ++i) out[p * kMr + i] = alpha * src[i];
        for (; i < kMr; ++i) out[p * kMr + i] = 0.0;
      }
    } else {
      for (std::size_t i = 0; i < kMr; ++i) {
        if (i < rows) {
          const double* src = a.col(i0 + s + i) + p0;
          for (std::size_t p = 0; p < kc; ++p) out[p * kMr + i] = alpha * src[p];
        } else {
          for (std::size_t p = 0; p < kc; ++p) out[p * kMr + i] = 0.0;
        }
      }
    }
  }
}

// op(B)(p0 : p0+kc, j0 : j0+nc) into slivers of kNr columns: bp[s·kNr·kc + p·kNr + j].
void packB(Op tb, ConstView b, std::size_t p0, std::size_t j0, std::size_t kc, std::size_t nc,
           double* bp) {
  for (std::size_t s = 0; s < nc; s += kNr) {
    const std::size_t cols = std::min(kNr, nc - s);
    double* out = bp + s * kc;
    if (tb == Op::N) {
      for (std::size_t j = 0; j < kNr; ++j) {
        if (j < cols) {
          const double* src = b.col(j0 + s + j) + p0;
          for (std::size_t p = 0; p < kc; ++p) out[p * kNr + j] = src[p];
        } else {
          for (std::size_t p = 0; p < kc; ++p) out[p * kNr + j] = 0.0;
        }
      }
    } else {
      for (std::size_t p = 0; p < kc; ++p) {
        const double* src = b.col(p0 + p) + j0 + s;
        std::size_t j = 0;
        for (; j < cols; ++j) out[p * kNr + j] = src[j];
        for (; j < kNr; ++j) out[p * kNr + j] = 0.0;
      }
    }
  }
}

// Adds an mr × nr tile computed into scratch to C: only rows < rows, cols < cols and, for the
// lower variant, only entries on or below the diagonal (global row >= global column).
void addTile(const double* tile, double* c, std::size_t ldc, std::size_t rows, std::size_t cols,
             bool lower, std::ptrdiff_t rowMinusCol) {
  for (std::size_t j = 0; j < cols; ++j) {
    std::size_t i = 0;
    if (lower) {
      const std::ptrdiff_t first = static_cast<std::ptrdiff_t>(j) - rowMinusCol;
      i = first > 0 ? static_cast<std::size_t>(first) : 0;
    }
    for (; i < rows; ++i) c[i + j * ldc] += tile[i + j * kMr];
  }
}

// The two inner loops: every kMr × kNr tile of an mc × nc block of C. `rowMinusCol` is the
// global row index minus the global column index of the block's (0, 0), for gemmLower.
void macroKernel(detail::Kernel k, std::size_t mc, std::size_t nc, std::size_t kc, const double* ap,
                 const double* bp, double* c, std::size_t ldc, bool lower,
                 std::ptrdiff_t rowMinusCol) {
  alignas(64) double tile[kMr * kNr];
  for (std::size_t jr = 0; jr < nc; jr += kNr) {
    const std::size_t cols = std::min(kNr, nc - jr);
    for (std::size_t ir = 0; ir < mc; ir += kMr) {
      const std::size_t rows = std::min(kMr, mc - ir);
      double* ct = c + ir + jr * ldc;
      const std::ptrdiff_t d = rowMinusCol + static_cast<std::ptrdiff_t>(ir) -
                               static_cast<std::ptrdiff_t>(jr);  // global row − col of (0,0)
      bool straddles = false;
      if (lower) {
        // Wholly above the diagonal: the tile's last row is above its first column.
        if (d + static_cast<std::ptrdiff_t>(rows) - 1 < 0) continue;
        straddles = d < static_cast<std::ptrdiff_t>(cols) - 1;
      }
      if (rows == kMr && cols == kNr && !straddles) {
        k(kc, ap + ir * kc, bp + jr * kc, ct, ldc);
      } else {
        std::fill(tile, tile + kMr * kNr, 0.0);
        k(kc, ap + ir * kc, bp + jr * kc, tile, kMr);
        addTile(tile, ct, ldc, rows, cols, lower, d);
      }
    }
  }
}

void scale(double beta, View c, bool lower) {
  if (beta == 1.0) return;
  for (std::size_t j = 0; j < c.cols; ++j) {
    double* col = c.col(j);
    for (std::size_t i = lower ? j : 0; i < c.rows; ++i) col[i] = beta == 0.0 ? 0.0 : beta * col[i];
  }
}

// The two outer loops over one packed A (whose blocks start at depth 0, kKc, 2·kKc …) and B.
template <class PackedBlock>
void loops(detail::Kernel k, std::size_t m, std::size_t n, std::size_t kdim, Op tb, ConstView b,
           View c, bool lower, std::ptrdiff_t diagonal, PackedBlock&& packedA) {
  Buffers& buf = buffers();
  const std::size_t ncMax = std::min(kNc, (n + kNr - 1) / kNr * kNr);
  const std::size_t kcMax = std::min(kKc, kdim);
  if (buf.b.size() < kcMax * ncMax) buf.b.resize(kcMax * ncMax);
  for (std::size_t jc = 0; jc < n; jc += kNc) {
    const std::size_t nc = std::min(kNc, n - jc);
    for (std::size_t pc = 0; pc < kdim; pc += kKc) {
      const std::size_t kc = std::min(kKc, kdim - pc);
      packB(tb, b, pc, jc, kc, nc, buf.b.data());
      // Rows above the block's first column hold no lower-triangle entries; the start stays
      // on a sliver boundary.
      std::size_t icStart = 0;
      if (lower) {
        const std::ptrdiff_t first = static_cast<std::ptrdiff_t>(jc) - diagonal;
        icStart = first > 0 ? std::min(static_cast<std::size_t>(first), m) / kMr * kMr : 0;
      }
      for (std::size_t ic = icStart; ic < m; ic += kMc) {
        const std::size_t mc = std::min(kMc, m - ic);
        macroKernel(k, mc, nc, kc, packedA(ic, pc, mc, kc), buf.b.data(), c.data + ic + jc * c.ld,
                    c.ld, lower,
                    diagonal + static_cast<std::ptrdiff_t>(ic) - static_cast<std::ptrdiff_t>(jc));
      }
    }
  }
}

void gemmDriver(Op ta, Op tb, double alpha, ConstView a, ConstView b, double beta, View c,
                bool lower) {
  const std::size_t m = c.rows, n = c.cols, kdim = innerDim(ta, a);
  if (m == 0 || n == 0) return;
  scale(beta, c, lower);
  if (kdim == 0 || alpha == 0.0) return;
  Buffers& buf = buffers();
  const std::size_t kcMax = std::min(kKc, kdim);
  if (buf.a.size() < kMc * kcMax) buf.a.resize(kMc * kcMax);
  loops(kernel(), m, n, kdim, tb, b, c, lower, 0,
        [&](std::size_t ic, std::size_t pc, std::size_t mc, std::size_t kc) {
          packA(ta, a, ic, pc, mc, kc, alpha, buf.a.data());
          return static_cast<const double*>(buf.a.data());
        });
}

}  // namespace

Isa activeIsa() {
  kernel();
  return g_isa.load();
}

const char* isaName(Isa isa) { return isa == Isa::Avx2Fma ? "avx2+fma" : "generic"; }

bool setIsa(Isa isa) {
  if (!cpuHas(isa)) return false;
  g_isa.store(isa);
  g_kernel.store(kernelFor(isa));
  return true;
}

void PackedA::pack(Op ta, double alpha, ConstView a) {
  m_rows = ta == Op::N ? a.rows : a.cols;
  m_depth = innerDim(ta, a);
  m_paddedRows = (m_rows + kMr - 1) / kMr * kMr;
  if (m_data.size() < m_paddedRows * m_depth) m_data.resize(m_paddedRows * m_depth);
  for (std::size_t pc = 0; pc < m_depth; pc += kKc) {
    const std::size_t kc = std::min(kKc, m_depth - pc);
    packA(ta, a, 0, pc, m_rows, kc, alpha, m_data.data() + m_paddedRows * pc);
  }
}

const double* PackedA::block(std::size_t pc) const { return m_data.data() + m_paddedRows * pc; }

std::size_t packedRowUnit() { return kMr; }

void gemmPacked(const PackedA& a, std::size_t row0, Op tb, ConstView b, View c, bool lower,
                std::ptrdiff_t diagonal) {
  if (c.rows == 0 || c.cols == 0 || a.depth() == 0) return;
  loops(kernel(), c.rows, c.cols, a.depth(), tb, b, c, lower, diagonal,
        [&](std::size_t ic, std::size_t pc, std::size_t, std::size_t kc) {
          // Block pc holds every row in slivers of kMr × kc.
          return a.block(pc) + (row0 + ic) * kc;
        });
}

void gemm(Op ta, Op tb, double alpha, ConstView a, ConstView b, double beta, View c) {
  gemmDriver(ta, tb, alpha, a, b, beta, c, false);
}

void gemmLower(Op ta, Op tb, double alpha, ConstView a, ConstView b, double beta, View c) {
  gemmDriver(ta, tb, alpha, a, b, beta, c, true);
}

void gemmNaive(Op ta, Op tb, double alpha, ConstView a, ConstView b, double beta, View c) {
  const std::size_t m = c.rows, n = c.cols, kdim = innerDim(ta, a);
  for (std::size_t j = 0; j < n; ++j) {
    double* cj = c.col(j);
    for (std::size_t i = 0; i < m; ++i) cj[i] = beta == 0.0 ? 0.0 : beta * cj[i];
    if (ta == Op::N) {
      // C(:, j) += A(:, p)·B(p, j): the column-oriented (axpy) form.
      for (std::size_t p = 0; p < kdim; ++p) {
        const double bpj = alpha * (tb == Op::N ? b(p, j) : b(j, p));
        const double* ap = a.col(p);
        for (std::size_t i = 0; i < m; ++i) cj[i] += ap[i] * bpj;
      }
    } else {
      // C(i, j) += Σ_p A(p, i)·B(p, j): the inner-product form, contiguous in A's columns.
      for (std::size_t i = 0; i < m; ++i) {
        const double* ai = a.col(i);
        double s = 0;
        for (std::size_t p = 0; p < kdim; ++p) s += ai[p] * (tb == Op::N ? b(p, j) : b(j, p));
        cj[i] += alpha * s;
      }
    }
  }
}

void gemmParallel(WorkerPool* pool, Op ta, Op tb, double alpha, ConstView a, ConstView b,
                  double beta, View c) {
  const int p = pool ? pool->size() : 1;
  if (p == 1) {
    gemm(ta, tb, alpha, a, b, beta, c);
    return;
  }
  // Split the longer side of C so each thread gets a large, independent product; the cut
  // points are multiples of the micro-tile so no tile is shared.
  const bool byCols = c.cols >= c.rows;
  const std::size_t len = byCols ? c.cols : c.rows;
  const std::size_t unit = byCols ? kNr : kMr;
  pool->run([&](int w) {
    const std::size_t units = (len + unit - 1) / unit;
    const std::size_t u0 = units * static_cast<std::size_t>(w) / static_cast<std::size_t>(p);
    const std::size_t u1 = units * static_cast<std::size_t>(w + 1) / static_cast<std::size_t>(p);
    const std::size_t lo = std::min(len, u0 * unit), hi = std::min(len, u1 * unit);
    if (lo >= hi) return;
    if (byCols) {
      ConstView bPart =
          tb == Op::N ? b.block(0, lo, b.rows, hi - lo) : b.block(lo, 0, hi - lo, b.cols);
      gemm(ta, tb, alpha, a, bPart, beta, c.block(0, lo, c.rows, hi - lo));
    } else {
      ConstView aPart =
          ta == Op::N ? a.block(lo, 0, hi - lo, a.cols) : a.block(0, lo, a.rows, hi - lo);
      gemm(ta, tb, alpha, aPart, b, beta, c.block(lo, 0, hi - lo, c.cols));
    }
  });
}

}  // namespace tunelab::workloads::factor
