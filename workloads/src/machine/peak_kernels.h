#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace tunelab::workloads::machine {

enum class Isa { Sse2, Avx2Fma, Avx512 };

std::string_view isaName(Isa isa);  // "sse2", "avx2+fma", "avx512f"
int vectorBits(Isa isa);
Isa bestIsa();  // the widest this CPU supports (cpuid)
bool supported(Isa isa);

// Runs `rounds` rounds of a fixed number of independent multiply-adds in registers and
// returns the floating-point operations done (a fused multiply-add counts two). The result
// depends on the inputs so the compiler cannot drop the work; `sink` receives it.
std::uint64_t fmaFloat(Isa isa, std::uint64_t rounds, float* sink);
std::uint64_t fmaDouble(Isa isa, std::uint64_t rounds, double* sink);

}  // namespace tunelab::workloads::machine
