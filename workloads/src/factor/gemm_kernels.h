#pragma once

#include <cstddef>

namespace tunelab::workloads::factor::detail {

// The micro-tile: kMr rows × kNr columns of C in registers. With AVX2 a column of 8 doubles
// is two ymm registers, so the tile takes 12 accumulators, leaving 4 of 16 for the two A
// vectors and the broadcast B value; per k step: 2 loads, 6 broadcasts, 12 FMAs.
constexpr std::size_t kMr = 8;
constexpr std::size_t kNr = 6;

// c[i + j·ldc] += Σ_p a[p·kMr + i]·b[p·kNr + j] for the full kMr × kNr tile. `a` is 64-byte
// aligned (a packed sliver), `b` 8-byte aligned.
using Kernel = void (*)(std::size_t kc, const double* a, const double* b, double* c,
                        std::size_t ldc);

void kernelGeneric(std::size_t kc, const double* a, const double* b, double* c, std::size_t ldc);
void kernelAvx2Fma(std::size_t kc, const double* a, const double* b, double* c, std::size_t ldc);

}  // namespace tunelab::workloads::factor::detail
