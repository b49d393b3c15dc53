#include "tunelab/io/matrix_market.h"

#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <fstream>
#include <iterator>
#include <system_error>

#include "tunelab/io/parse_error.h"

namespace tunelab::io {
namespace {

using model::Error;
using model::ErrorKind;

enum class Format { Array, Coordinate };
enum class Field { Real, Integer, Pattern };
enum class Symmetry { General, Symmetric, SkewSymmetric };

std::string lower(std::string_view s) {
  std::string out(s);
  for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// Walks the text line by line and token by token, keeping the 1-based line and column of the
// token it returned last, so every complaint can point at it.
class Cursor {
 public:
  Cursor(std::string_view text, std::string_view file) : m_text(text), m_file(file) {}

  // The next line that is neither a comment ('%') nor blank; false at the end of the text.
  bool nextDataLine() {
    while (readLine()) {
      std::size_t i = firstNonSpace(0);
      if (i < m_line.size() && m_line[i] != '%') return true;
    }
    return false;
  }
  // The very first line, whatever it holds (the banner).
  bool firstLine() { return readLine(); }

  std::string_view line() const { return m_line; }
  std::size_t bytesLeft() const { return m_pos < m_text.size() ? m_text.size() - m_pos : 0; }
  std::size_t lineNumber() const { return m_lineNumber; }

  // The next whitespace-separated token of the current line (empty when there is none);
  // tokenColumn() is its 1-based column.
  std::string_view token() {
    std::size_t i = firstNonSpace(m_col);
    std::size_t j = i;
    while (j < m_line.size() && !std::isspace(static_cast<unsigned char>(m_line[j]))) ++j;
    m_tokenCol = i + 1;
    m_col = j;
    return m_line.substr(i, j - i);
  }
  std::size_t tokenColumn() const { return m_tokenCol; }

  Error error(std::string_view what, std::string_view hint = {}) const {
    return parseError({std::string(m_file), m_lineNumber, m_tokenCol}, what, hint);
  }
  Error errorAtLine(std::string_view what, std::string_view hint = {}) const {
    return parseError({std::string(m_file), m_lineNumber, 0}, what, hint);
  }

 private:
  bool readLine() {
    if (m_pos >= m_text.size() && m_started) return false;
    m_started = true;
    std::size_t end = m_text.find('\n', m_pos);
    if (end == std::string_view::npos) end = m_text.size();
    m_line = m_text.substr(m_pos, end - m_pos);
    if (!m_line.empty() && m_line.back() == '\r') m_line.remove_suffix(1);
    m_pos = end + 1;
    ++m_lineNumber;
    m_col = 0;
    m_tokenCol = 1;
    return true;
  }
  std::size_t firstNonSpace(std::size_t from) const {
    while (from < m_line.size() && std::isspace(static_cast<unsigned char>(m_line[from]))) ++from;
    return from;
  }

  std::string_view m_text;
  std::string_view m_file;
  std::string_view m_line;
  std::size_t m_pos = 0;
  std::size_t m_lineNumber = 0;
  std::size_t m_col = 0;
  std::size_t m_tokenCol = 1;
  bool m_started = false;
};

model::Result<std::size_t> readIndex(Cursor& c, std::string_view what) {
  auto tok = c.token();
  if (tok.empty()) return c.error("expected " + std::string(what) + ", found the end of the line");
  std::size_t v = 0;
  auto [end, ec] = std::from_chars(tok.data(), tok.data() + tok.size(), v);
  if (ec != std::errc() || end != tok.data() + tok.size())
    return c.error("expected " + std::string(what) + " (a non-negative integer), found '" +
                   std::string(tok) + "'");
  return v;
}

model::Result<double> readValue(Cursor& c, Field field) {
  auto tok = c.token();
  if (tok.empty())
    return c.error("expected a value, found the end of the line",
                   "Each entry needs its value on the same line");
  double v = 0;
  auto [end, ec] = std::from_chars(tok.data(), tok.data() + tok.size(), v);
  if (ec == std::errc::result_out_of_range)
    return c.error("the value '" + std::string(tok) + "' is out of the range of a double");
  if (ec != std::errc() || end != tok.data() + tok.size())
    return c.error("expected a number, found '" + std::string(tok) + "'");
  if (!std::isfinite(v)) return c.error("the value '" + std::string(tok) + "' is not finite");
  if (field == Field::Integer && v != std::floor(v))
    return c.error("the value '" + std::string(tok) + "' is not an integer",
                   "The banner declares the field 'integer'; declare 'real' for fractions");
  return v;
}

model::Status expectEndOfLine(Cursor& c) {
  auto tok = c.token();
  if (!tok.empty())
    return c.error("unexpected '" + std::string(tok) + "' after the entry",
                   "Write one entry per line");
  return model::Ok{};
}

struct Header {
  Format format = Format::Array;
  Field field = Field::Real;
  Symmetry symmetry = Symmetry::General;
};

model::Result<Header> readBanner(Cursor& c) {
  if (!c.firstLine() || c.line().empty())
    return c.errorAtLine("the first line is empty",
                         "A Matrix Market file starts with "
                         "'%%MatrixMarket matrix array real general'");
  Header h;
  auto banner = c.token();
  if (banner != "%%MatrixMarket")
    return c.error("not a Matrix Market file: the first line must start with '%%MatrixMarket'",
                   "Expected e.g. '%%MatrixMarket matrix array real general'");
  auto object = c.token();
  if (lower(object) != "matrix")
    return c.error("unsupported object '" + std::string(object) + "'; only 'matrix' is read");
  auto format = c.token();
  const auto fmt = lower(format);
  if (fmt == "array")
    h.format = Format::Array;
  else if (fmt == "coordinate")
    h.format = Format::Coordinate;
  else
    return c.error("unknown format '" + std::string(format) + "'; expected array or coordinate");
  auto field = c.token();
  const auto fld = lower(field);
  if (fld == "real" || fld == "double")
    h.field = Field::Real;
  else if (fld == "integer")
    h.field = Field::Integer;
  else if (fld == "pattern")
    h.field = Field::Pattern;
  else if (fld == "complex")
    return c.error("complex matrices are not supported", "Only real matrices can be factored here");
  else
    return c.error("unknown field '" + std::string(field) + "'; expected real, integer or pattern");
  if (h.field == Field::Pattern && h.format == Format::Array)
    return c.error("the field 'pattern' is only valid with the coordinate format");
  auto symmetry = c.token();
  const auto sym = lower(symmetry);
  if (sym == "general")
    h.symmetry = Symmetry::General;
  else if (sym == "symmetric")
    h.symmetry = Symmetry::Symmetric;
  else if (sym == "skew-symmetric")
    h.symmetry = Symmetry::SkewSymmetric;
  else if (sym == "hermitian")
    return c.error("hermitian matrices are not supported");
  else
    return c.error("unknown symmetry '" + std::string(symmetry) +
                   "'; expected general, symmetric or skew-symmetric");
  if (auto s = expectEndOfLine(c); !s) return s.error();
  return h;
}

std::string entriesText(std::size_t n) {
  for (int bit = 0; bit < 64; ++bit)
    if (n == std::size_t{1} << bit) return "2^" + std::to_string(bit);
  return std::to_string(n);
}

model::Status checkSize(Cursor& c, std::size_t rows, std::size_t cols, const Header& h,
                        std::size_t maxEntries) {
  if (rows == 0 || cols == 0) return c.errorAtLine("the matrix has no rows or no columns");
  if (rows > maxEntries / cols)
    return c.errorAtLine(std::to_string(rows) + " × " + std::to_string(cols) +
                         " is too large to hold densely (more than " + entriesText(maxEntries) +
                         " entries)");
  if (h.symmetry != Symmetry::General && rows != cols)
    return c.errorAtLine("a symmetric or skew-symmetric matrix must be square, not " +
                         std::to_string(rows) + " × " + std::to_string(cols));
  return model::Ok{};
}

model::Result<DenseMatrix> readArray(Cursor& c, const Header& h, std::size_t rows,
                                     std::size_t cols) {
  // The values are collected first and the dense matrix is made only once the file has
  // delivered all of them: a short file that declares a huge size (found by fuzzing: 70
  // bytes asking for 16 GiB) costs memory in proportion to what it holds, not to what it
  // claims.
  std::vector<double> listed;
  listed.reserve(std::min(rows * cols, c.bytesLeft() / 2 + 1));
  // Symmetric files store the lower triangle column by column (diagonal included); skew-
  // symmetric ones the strictly lower triangle (the diagonal is zero).
  const std::size_t skip = h.symmetry == Symmetry::SkewSymmetric ? 1 : 0;
  for (std::size_t j = 0; j < cols; ++j) {
    const std::size_t first = h.symmetry == Symmetry::General ? 0 : j + skip;
    for (std::size_t i = first; i < rows; ++i) {
      if (!c.nextDataLine())
        return c.errorAtLine("the file ends before entry (" + std::to_string(i + 1) + ", " +
                                 std::to_string(j + 1) + ") of the " + std::to_string(rows) +
                                 " × " + std::to_string(cols) + " array",
                             "Array files list every entry, column by column");
      auto v = readValue(c, h.field);
      if (!v) return v.error();
      if (auto s = expectEndOfLine(c); !s) return s.error();
      listed.push_back(*v);
    }
  }
  if (c.nextDataLine())
    return c.errorAtLine("more entries than the declared " + std::to_string(rows) + " × " +
                         std::to_string(cols) + " array");
  DenseMatrix m{rows, cols, std::vector<double>(rows * cols, 0.0)};
  std::size_t next = 0;
  for (std::size_t j = 0; j < cols; ++j) {
    const std::size_t first = h.symmetry == Symmetry::General ? 0 : j + skip;
    for (std::size_t i = first; i < rows; ++i) {
      const double v = listed[next++];
      m.values[i + j * rows] = v;
      if (h.symmetry == Symmetry::Symmetric) m.values[j + i * rows] = v;
      if (h.symmetry == Symmetry::SkewSymmetric) m.values[j + i * rows] = -v;
    }
  }
  return m;
}

model::Result<DenseMatrix> readCoordinate(Cursor& c, const Header& h, std::size_t rows,
                                          std::size_t cols, std::size_t entries) {
  DenseMatrix m{rows, cols, std::vector<double>(rows * cols, 0.0)};
  std::vector<bool> seen(rows * cols, false);
  for (std::size_t e = 0; e < entries; ++e) {
    if (!c.nextDataLine())
      return c.errorAtLine("the file ends after " + std::to_string(e) + " of the " +
                           std::to_string(entries) + " declared entries");
    auto i = readIndex(c, "a row index");
    if (!i) return i.error();
    if (*i < 1 || *i > rows)
      return c.error("row index " + std::to_string(*i) + " is outside 1.." + std::to_string(rows));
    auto j = readIndex(c, "a column index");
    if (!j) return j.error();
    if (*j < 1 || *j > cols)
      return c.error("column index " + std::to_string(*j) + " is outside 1.." +
                     std::to_string(cols));
    double v = 1.0;
    if (h.field != Field::Pattern) {
      auto r = readValue(c, h.field);
      if (!r) return r.error();
      v = *r;
    }
    if (auto s = expectEndOfLine(c); !s) return s.error();
    const std::size_t r0 = *i - 1, c0 = *j - 1;
    if (h.symmetry != Symmetry::General && r0 < c0)
      return c.errorAtLine("entry (" + std::to_string(*i) + ", " + std::to_string(*j) +
                               ") is above the diagonal of a symmetric file",
                           "Symmetric files store only the lower triangle");
    if (h.symmetry == Symmetry::SkewSymmetric && r0 == c0)
      return c.errorAtLine("a skew-symmetric matrix has no diagonal entries");
    if (seen[r0 + c0 * rows])
      return c.errorAtLine("duplicate entry (" + std::to_string(*i) + ", " + std::to_string(*j) +
                           ")");
    seen[r0 + c0 * rows] = true;
    m.values[r0 + c0 * rows] = v;
    if (h.symmetry == Symmetry::Symmetric) m.values[c0 + r0 * rows] = v;
    if (h.symmetry == Symmetry::SkewSymmetric) m.values[c0 + r0 * rows] = -v;
  }
  if (c.nextDataLine())
    return c.errorAtLine("more entries than the " + std::to_string(entries) + " declared");
  return m;
}

}  // namespace

model::Result<DenseMatrix> parseMatrixMarket(std::string_view text, std::string_view fileName,
                                             std::size_t maxEntries) {
  Cursor c(text, fileName);
  auto h = readBanner(c);
  if (!h) return h.error();
  if (!c.nextDataLine())
    return c.errorAtLine("the size line is missing", h->format == Format::Array
                                                         ? "Expected 'ROWS COLS'"
                                                         : "Expected 'ROWS COLS ENTRIES'");
  auto rows = readIndex(c, "the number of rows");
  if (!rows) return rows.error();
  auto cols = readIndex(c, "the number of columns");
  if (!cols) return cols.error();
  std::size_t entries = 0;
  if (h->format == Format::Coordinate) {
    auto e = readIndex(c, "the number of entries");
    if (!e) return e.error();
    entries = *e;
  }
  if (auto s = expectEndOfLine(c); !s) return s.error();
  if (auto s = checkSize(c, *rows, *cols, *h, maxEntries); !s) return s.error();
  if (h->format == Format::Array) return readArray(c, *h, *rows, *cols);
  if (entries > *rows * *cols)
    return c.errorAtLine(std::to_string(entries) + " entries cannot fit a " +
                         std::to_string(*rows) + " × " + std::to_string(*cols) + " matrix");
  return readCoordinate(c, *h, *rows, *cols, entries);
}

model::Result<DenseMatrix> readMatrixMarket(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in)
    return Error{ErrorKind::Input, path.string() + ": cannot open the matrix file (" +
                                       std::error_code(errno, std::generic_category()).message() +
                                       "). Check the path."};
  std::string text{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  if (in.bad()) return Error{ErrorKind::Io, path.string() + ": reading the matrix file failed."};
  return parseMatrixMarket(text, path.string());
}

model::Status writeMatrixMarket(const std::filesystem::path& path, std::size_t rows,
                                std::size_t cols, std::span<const double> columnMajor,
                                std::string_view comment) {
  if (columnMajor.size() != rows * cols)
    return Error{ErrorKind::Input, path.string() + ": " + std::to_string(columnMajor.size()) +
                                       " values do not make a " + std::to_string(rows) + " × " +
                                       std::to_string(cols) + " matrix."};
  std::string out = "%%MatrixMarket matrix array real general\n";
  for (std::size_t pos = 0; pos < comment.size();) {
    auto end = comment.find('\n', pos);
    if (end == std::string_view::npos) end = comment.size();
    out += "% ";
    out += comment.substr(pos, end - pos);
    out += '\n';
    pos = end + 1;
  }
  out += std::to_string(rows) + ' ' + std::to_string(cols) + '\n';
  out.reserve(out.size() + columnMajor.size() * 24);
  char buf[32];
  for (double v : columnMajor) {
    // to_chars without a precision writes the shortest text that reads back to the same double.
    auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v);
    out.append(buf, end);
    out += '\n';
  }
  auto tmp = path;
  tmp += ".tmp." + std::to_string(::getpid());
  {
    std::ofstream f(tmp, std::ios::binary | std::ios::trunc);
    if (!f)
      return Error{ErrorKind::Io, path.string() + ": cannot create the file (" +
                                      std::error_code(errno, std::generic_category()).message() +
                                      "). Check that the directory exists and is writable."};
    f.write(out.data(), static_cast<std::streamsize>(out.size()));
    f.close();
    if (!f) {
      std::error_code ignored;
      std::filesystem::remove(tmp, ignored);
      return Error{ErrorKind::Io, path.string() + ": writing failed (disk full?)."};
    }
  }
  std::error_code ec;
  std::filesystem::rename(tmp, path, ec);
  if (ec) {
    std::error_code ignored;
    std::filesystem::remove(tmp, ignored);
    return Error{ErrorKind::Io,
                 path.string() + ": cannot replace the file (" + ec.message() + ")."};
  }
  return model::Ok{};
}

}  // namespace tunelab::io
