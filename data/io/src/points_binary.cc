#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <bit>
#include <cerrno>
#include <cmath>
#include <cstring>
#include <utility>

#include "atomic_file.h"
#include "tunelab/io/parse_error.h"
#include "tunelab/io/points.h"

namespace tunelab::io {
namespace {

using model::Error;
using model::ErrorKind;

// The format is little-endian; on a big-endian host the mapping could not be used as is.
static_assert(std::endian::native == std::endian::little,
              "the .f32 points format is read by mapping little-endian floats directly");

template <class T>
T readField(const unsigned char* base, std::size_t offset) {
  T v;
  std::memcpy(&v, base + offset, sizeof v);
  return v;
}

constexpr const char* kHint = "Write one with `tunelab generate blobs --out FILE.f32`";

}  // namespace

MappedPoints::~MappedPoints() {
  if (m_base) ::munmap(m_base, m_length);
}

MappedPoints::MappedPoints(MappedPoints&& other) noexcept { *this = std::move(other); }

MappedPoints& MappedPoints::operator=(MappedPoints&& other) noexcept {
  if (this != &other) {
    if (m_base) ::munmap(m_base, m_length);
    m_base = std::exchange(other.m_base, nullptr);
    m_length = std::exchange(other.m_length, 0);
    m_data = std::exchange(other.m_data, nullptr);
    m_rows = std::exchange(other.m_rows, 0);
    m_cols = std::exchange(other.m_cols, 0);
  }
  return *this;
}

model::Result<MappedPoints> mapPointsBinary(const std::string& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0)
    return Error{ErrorKind::Input,
                 "cannot read " + path + ": " + std::strerror(errno) +
                     ". Check the path (relative paths start in the current directory)."};
  struct stat st {};
  if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    ::close(fd);
    return Error{ErrorKind::Input, path + " is not a regular file."};
  }
  const auto size = static_cast<std::size_t>(st.st_size);
  if (size < kPointsHeaderBytes) {
    ::close(fd);
    return parseError({path, 0, size},
                      "truncated: " + std::to_string(size) +
                          " bytes, but a .f32 points file starts with a " +
                          std::to_string(kPointsHeaderBytes) + "-byte header",
                      kHint);
  }
  void* base = ::mmap(nullptr, size, PROT_READ, MAP_PRIVATE, fd, 0);
  ::close(fd);  // the mapping keeps the file open
  if (base == MAP_FAILED)
    return Error{ErrorKind::Input, "cannot map " + path + ": " + std::strerror(errno) + "."};
  MappedPoints out;
  out.m_base = base;
  out.m_length = size;
  const auto* bytes = static_cast<const unsigned char*>(base);

  if (std::memcmp(bytes, kPointsMagic, sizeof kPointsMagic) != 0)
    return parseError({path, 0, 0},
                      "not a tunelab points file (it does not start with \"TLPNTF32\")",
                      std::string(kHint) + "; CSV files need a name that does not end in .f32");
  const auto version = readField<std::uint32_t>(bytes, 8);
  const auto cols = readField<std::uint32_t>(bytes, 12);
  const auto rows = readField<std::uint64_t>(bytes, 16);
  const auto reserved = readField<std::uint64_t>(bytes, 24);
  if (version != kPointsVersion)
    return parseError({path, 0, 8},
                      "format version " + std::to_string(version) +
                          ", but this tunelab reads version " + std::to_string(kPointsVersion),
                      "Rewrite the file with this tunelab's `tunelab generate`");
  if (cols == 0) return parseError({path, 0, 12}, "the header says 0 columns", kHint);
  if (rows == 0) return parseError({path, 0, 16}, "no data rows: the header says 0 rows", kHint);
  if (reserved != 0)
    return parseError({path, 0, 24}, "header bytes 24–31 must be 0 (reserved)", kHint);
  // rows × cols × 4 must fit; anything that would overflow cannot match the file size anyway.
  const std::size_t maxValues = (size - kPointsHeaderBytes) / sizeof(float);
  const bool fits = rows <= maxValues && cols <= maxValues && rows * cols <= maxValues;
  const std::size_t dataBytes = size - kPointsHeaderBytes;
  if (!fits || rows * cols * sizeof(float) != dataBytes) {
    const std::string expect =
        std::to_string(rows) + " rows × " + std::to_string(cols) + " columns";
    if (!fits || rows * cols * sizeof(float) > dataBytes)
      return parseError({path, 0, size},
                        "truncated: the header promises " + expect + ", but the file holds only " +
                            std::to_string(dataBytes) + " bytes of data",
                        "The file was cut short (an interrupted copy or write?); write it again");
    return parseError({path, 0, kPointsHeaderBytes + rows * cols * sizeof(float)},
                      std::to_string(dataBytes - rows * cols * sizeof(float)) +
                          " bytes after the data the header promises (" + expect + ")",
                      "The header does not match the data; write the file again");
  }
  out.m_data = reinterpret_cast<const float*>(bytes + kPointsHeaderBytes);
  out.m_rows = rows;
  out.m_cols = cols;
  const std::size_t count = rows * cols;
  for (std::size_t i = 0; i < count; ++i)
    if (!std::isfinite(out.m_data[i])) {
      const std::size_t r = i / cols, c = i % cols;
      return parseError({path, 0, kPointsHeaderBytes + i * sizeof(float)},
                        std::string(std::isnan(out.m_data[i]) ? "NaN" : "an infinity") +
                            " at row " + std::to_string(r + 1) + ", column " +
                            std::to_string(c + 1),
                        "k-means needs finite coordinates: remove or impute that point");
    }
  return out;
}

model::Status writePointsBinary(const std::string& path, const PointTable& table) {
  if (table.values.size() != table.rows * table.cols || table.cols > 0xffffffffu)
    return Error{ErrorKind::Usage, "writePointsBinary: table shape does not match its values"};
  auto file = AtomicFile::open(path);
  if (!file) return file.error();
  unsigned char header[kPointsHeaderBytes] = {};
  const auto cols = static_cast<std::uint32_t>(table.cols);
  const auto rows = static_cast<std::uint64_t>(table.rows);
  std::memcpy(header, kPointsMagic, sizeof kPointsMagic);
  std::memcpy(header + 8, &kPointsVersion, 4);
  std::memcpy(header + 12, &cols, 4);
  std::memcpy(header + 16, &rows, 8);
  (*file)->write(header, sizeof header);
  (*file)->write(table.values.data(), table.values.size() * sizeof(float));
  return (*file)->commit();
}

bool isBinaryPointsPath(std::string_view path) {
  return path.size() > 4 && path.substr(path.size() - 4) == ".f32";
}

model::Result<PointTable> readPoints(const std::string& path, const CsvOptions& options) {
  if (!isBinaryPointsPath(path)) return readPointsCsv(path, options);
  if (!options.columns.empty() && options.columns != "all")
    return Error{ErrorKind::Input, path + ": columns=" + options.columns +
                                       " selects CSV columns, but this is a binary .f32 file "
                                       "(all of its columns are used)."};
  auto mapped = mapPointsBinary(path);
  if (!mapped) return mapped.error();
  PointTable t;
  t.rows = mapped->rows();
  t.cols = mapped->cols();
  t.values.assign(mapped->data(), mapped->data() + t.rows * t.cols);
  return t;
}

model::Status writePoints(const std::string& path, const PointTable& table,
                          const std::vector<std::string>& csvComments) {
  if (isBinaryPointsPath(path)) return writePointsBinary(path, table);
  return writePointsCsv(path, table, csvComments);
}

}  // namespace tunelab::io
