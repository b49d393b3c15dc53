#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "tunelab/model/result.h"

namespace tunelab::io {

// n rows × d float32 columns, row-major and contiguous: what the point readers return and
// the writers take (k-means points, one row per point).
struct PointTable {
  std::size_t rows = 0;
  std::size_t cols = 0;
  std::vector<float> values;       // rows * cols
  std::vector<std::string> names;  // column names from a CSV header; empty when it had none
};

// ---- CSV ------------------------------------------------------------------------------
// Numeric columns separated by ',' (or ';', a tab, or runs of spaces: the first data line
// decides). '#' starts a comment to the end of the line; blank lines are skipped; a field
// may be "quoted". The header is optional: in Auto mode the first line is a header when
// none of its fields is a number. Only the selected columns must be numeric, so a label
// column (iris' species) can stay in the file. NaN, infinities, values outside float32,
// empty fields, ragged rows and a file without data rows are refused as FILE:LINE:COL.

enum class HeaderMode { Auto, Present, Absent };

struct CsvOptions {
  // Which columns to read, as a user writes them: "" or "all" for every column, else a
  // comma-separated list of 1-based numbers, ranges ("2-5") and header names, in the order
  // wanted ("petal_length,1").
  std::string columns;
  HeaderMode header = HeaderMode::Auto;
};

model::Result<PointTable> readPointsCsv(const std::string& path, const CsvOptions& options = {});
// The same on text in memory; `name` stands for the file in messages.
model::Result<PointTable> parsePointsCsv(std::string_view text, const std::string& name,
                                         const CsvOptions& options = {});
// Writes a header when table.names is set, then every value in the shortest form that reads
// back to the same float. `comments` become leading "# " lines (provenance). Written to a
// temporary file and renamed, so a failure never leaves half a file under `path`.
model::Status writePointsCsv(const std::string& path, const PointTable& table,
                             const std::vector<std::string>& comments = {});

// ---- binary float32 (.f32) --------------------------------------------------------------
// A 32-byte little-endian header, then rows × cols float32 values row-major:
//   0  char[8]  magic "TLPNTF32"      16  uint64 rows
//   8  uint32   version (1)            24  uint64 reserved, 0
//  12  uint32   cols
// The data starts 32 bytes into a page-aligned mapping, so rows are 32-byte aligned when
// cols is a multiple of 8. Read by mmap: no parsing, and a reader may touch only the rows it
// needs (an MPI rank its shard).

inline constexpr char kPointsMagic[8] = {'T', 'L', 'P', 'N', 'T', 'F', '3', '2'};
inline constexpr std::uint32_t kPointsVersion = 1;
inline constexpr std::size_t kPointsHeaderBytes = 32;

// A read-only mapping of a validated .f32 file (header, size, every value finite).
// Move-only; the mapping lives as long as the object.
class MappedPoints {
 public:
  MappedPoints() = default;
  ~MappedPoints();
  MappedPoints(MappedPoints&& other) noexcept;
  MappedPoints& operator=(MappedPoints&& other) noexcept;
  MappedPoints(const MappedPoints&) = delete;
  MappedPoints& operator=(const MappedPoints&) = delete;

  std::size_t rows() const { return m_rows; }
  std::size_t cols() const { return m_cols; }
  const float* data() const { return m_data; }
  const float* row(std::size_t i) const { return m_data + i * m_cols; }

 private:
  friend model::Result<MappedPoints> mapPointsBinary(const std::string& path);
  void* m_base = nullptr;
  std::size_t m_length = 0;
  const float* m_data = nullptr;
  std::size_t m_rows = 0;
  std::size_t m_cols = 0;
};

model::Result<MappedPoints> mapPointsBinary(const std::string& path);
// Written to a temporary file and renamed, like writePointsCsv.
model::Status writePointsBinary(const std::string& path, const PointTable& table);

// ---- by extension --------------------------------------------------------------------
// ".f32" is the binary format (its values copied out of the mapping), anything else CSV.
bool isBinaryPointsPath(std::string_view path);
model::Result<PointTable> readPoints(const std::string& path, const CsvOptions& options = {});
model::Status writePoints(const std::string& path, const PointTable& table,
                          const std::vector<std::string>& csvComments = {});

}  // namespace tunelab::io
