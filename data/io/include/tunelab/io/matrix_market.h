#pragma once

#include <cstddef>
#include <filesystem>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "tunelab/model/result.h"

namespace tunelab::io {

// A dense matrix of doubles, column-major: element (i, j) is values[i + j * rows].
struct DenseMatrix {
  std::size_t rows = 0;
  std::size_t cols = 0;
  std::vector<double> values;
  double at(std::size_t i, std::size_t j) const { return values[i + j * rows]; }
};

// Matrix Market (NIST) files into a dense matrix. Read:
//   - array (dense) format: general, symmetric (lower triangle stored), skew-symmetric;
//   - coordinate (sparse) format: general, symmetric, skew-symmetric, filled into a dense
//     matrix (so a sparse matrix costs rows × cols doubles here);
//   - fields real, integer, pattern (coordinate only; entries are 1).
// Complex and Hermitian matrices are refused. Every value must be a finite number; a
// malformed, missing or extra entry, an index out of range or a duplicate coordinate entry is
// refused as "FILE:LINE:COL: what. hint" (io::parseError).
model::Result<DenseMatrix> readMatrixMarket(const std::filesystem::path& path);

// The largest matrix a file may declare: 2^31 entries (16 GiB of doubles). Beyond that the
// header is more likely corrupt than meant, and allocating it would only end in bad_alloc.
inline constexpr std::size_t kMaxDenseEntries = std::size_t{1} << 31;

// The same from text in memory; `fileName` is only used in messages. `maxEntries` lowers the
// size limit (the fuzz target does, so that libFuzzer explores parsing rather than how long
// zeroing a legitimately declared 16 GiB takes).
model::Result<DenseMatrix> parseMatrixMarket(std::string_view text, std::string_view fileName,
                                             std::size_t maxEntries = kMaxDenseEntries);

// Writes `columnMajor` (rows × cols values) as "%%MatrixMarket matrix array real general",
// one value per line in the shortest form that reads back to the same double. `comment`
// lines (may be empty; split at '\n') follow the banner as "% …". The file is written next
// to its destination and renamed over it, so an existing file is replaced whole or not at all.
model::Status writeMatrixMarket(const std::filesystem::path& path, std::size_t rows,
                                std::size_t cols, std::span<const double> columnMajor,
                                std::string_view comment = {});

}  // namespace tunelab::io
