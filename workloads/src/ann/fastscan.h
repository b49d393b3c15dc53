#pragma once

// 4-bit PQ "fast-scan" (André, Kermarrec, Le Scouarnec, VLDB 2015; FAISS's IndexPQFastScan):
// with 16 centroids per sub-space a lookup table row is 16 bytes once quantized to uint8, so
// it fits one SIMD register and `vpshufb` looks up 32 codes at once.
//
// Layout: vectors in blocks of 32. A block holds, per pair of sub-quantizers (2p, 2p+1), 32
// bytes: 16 for sub-quantizer 2p then 16 for 2p+1, byte j holding vector j's code in its low
// nibble and vector j+16's in its high one. A lookup table holds, per pair, 32 bytes: the
// 16 entries of 2p then the 16 of 2p+1. M is padded to an even count (a zero table row).
#include <cstddef>
#include <cstdint>
#include <vector>

#include "topk.h"

namespace tunelab::workloads::ann {

struct PackedCodes {
  std::size_t n = 0;      // vectors
  std::size_t pairs = 0;  // ⌈M/2⌉
  std::vector<std::uint8_t> bytes;  // ⌈n/32⌉ blocks × pairs × 32
  std::size_t blockBytes() const { return pairs * 32; }
};
// codes: n × m values < 16, row-major.
PackedCodes pack4(const std::uint8_t* codes, std::size_t n, std::size_t m);
// Code j of sub-quantizer s of vector i, read back from the packing (tests, re-encoding).
std::uint8_t unpack4(const PackedCodes& packed, std::size_t i, std::size_t s);

// A query's float table (m rows of 16 squared distances) as uint8 for the kernel:
// q = round((L − min_row) · scale). `scale` is given (one scale for every table a query scans,
// so estimates from different tables compare); bias = Σ row minima.
struct QuantizedTable {
  std::vector<std::uint8_t> bytes;  // pairs × 32
  float scale = 1;
  float bias = 0;
};
// The largest row range (max − min) of a float table: 255 / it is the scale that uses the
// whole uint8 range.
float tableRange(const float* table, std::size_t m);
void quantizeTable(const float* table, std::size_t m, float scale, QuantizedTable& out);

// Scans every vector of `packed`: estimate = Σ table bytes / scale + bias, pushed into `top`
// with id ids[i] (or i when ids is null) when it can beat top's threshold. The AVX-512, AVX2 and
// scalar kernels push exactly the same candidates (integer sums). Returns the vectors scanned.
enum class ScanKernel { Auto, Avx512, Avx2, Scalar };
std::size_t scan4(const PackedCodes& packed, const QuantizedTable& table, const std::uint32_t* ids,
                  TopK<float>& top, ScanKernel kernel = ScanKernel::Auto);
bool scan4HasSimd();    // the CPU runs the AVX2 kernel (and this build has it)
bool scan4HasAvx512();  // … and the AVX-512 (BW) one

namespace detail {
// Sums of the 32 vectors of one block (the kernels' shared contract), and the mask of the
// vectors whose sum is at most `bar` (bit j: vector j), so the caller looks only at those.
std::uint32_t blockSumsScalar(const std::uint8_t* block, const std::uint8_t* table,
                              std::size_t pairs, std::uint16_t bar, std::uint16_t* sums);
std::uint32_t blockSumsAvx2(const std::uint8_t* block, const std::uint8_t* table,
                            std::size_t pairs, std::uint16_t bar, std::uint16_t* sums);
std::uint32_t blockSumsAvx512(const std::uint8_t* block, const std::uint8_t* table,
                              std::size_t pairs, std::uint16_t bar, std::uint16_t* sums);
}  // namespace detail

}  // namespace tunelab::workloads::ann
