#pragma once

#include <cstddef>
#include <new>
#include <vector>

namespace tunelab::workloads::factor {

// Storage aligned to a cache line, so packed panels and columns of a leading dimension that
// is a multiple of 8 start on one: the micro-kernel's loads never split a line.
template <class T>
struct CacheAligned {
  using value_type = T;
  static constexpr std::align_val_t kAlign{64};
  CacheAligned() = default;
  template <class U>
  CacheAligned(const CacheAligned<U>&) noexcept {}  // NOLINT: allocator rebinding
  T* allocate(std::size_t n) { return static_cast<T*>(::operator new(n * sizeof(T), kAlign)); }
  void deallocate(T* p, std::size_t) noexcept { ::operator delete(p, kAlign); }
  template <class U>
  bool operator==(const CacheAligned<U>&) const noexcept {
    return true;
  }
};

using AlignedVector = std::vector<double, CacheAligned<double>>;

// A column-major window into someone else's doubles: element (i, j) is data[i + j * ld].
struct View {
  double* data = nullptr;
  std::size_t rows = 0;
  std::size_t cols = 0;
  std::size_t ld = 0;

  double& operator()(std::size_t i, std::size_t j) const { return data[i + j * ld]; }
  double* col(std::size_t j) const { return data + j * ld; }
  View block(std::size_t i, std::size_t j, std::size_t r, std::size_t c) const {
    return {data + i + j * ld, r, c, ld};
  }
};

struct ConstView {
  const double* data = nullptr;
  std::size_t rows = 0;
  std::size_t cols = 0;
  std::size_t ld = 0;

  ConstView() = default;
  ConstView(const double* d, std::size_t r, std::size_t c, std::size_t l)
      : data(d), rows(r), cols(c), ld(l) {}
  ConstView(View v) : data(v.data), rows(v.rows), cols(v.cols), ld(v.ld) {}  // NOLINT

  double operator()(std::size_t i, std::size_t j) const { return data[i + j * ld]; }
  const double* col(std::size_t j) const { return data + j * ld; }
  ConstView block(std::size_t i, std::size_t j, std::size_t r, std::size_t c) const {
    return {data + i + j * ld, r, c, ld};
  }
};

// An owning rows × cols matrix, column-major with ld = rows, zero-initialized.
class Matrix {
 public:
  Matrix() = default;
  Matrix(std::size_t rows, std::size_t cols) : m_rows(rows), m_cols(cols), m_values(rows * cols) {}
  static Matrix identity(std::size_t rows, std::size_t cols);
  static Matrix copyOf(ConstView v);

  std::size_t rows() const { return m_rows; }
  std::size_t cols() const { return m_cols; }
  std::size_t ld() const { return m_rows; }
  double* data() { return m_values.data(); }
  const double* data() const { return m_values.data(); }
  double& operator()(std::size_t i, std::size_t j) { return m_values[i + j * m_rows]; }
  double operator()(std::size_t i, std::size_t j) const { return m_values[i + j * m_rows]; }
  View view() { return {m_values.data(), m_rows, m_cols, m_rows}; }
  ConstView view() const { return {m_values.data(), m_rows, m_cols, m_rows}; }
  ConstView cview() const { return view(); }

 private:
  std::size_t m_rows = 0;
  std::size_t m_cols = 0;
  AlignedVector m_values;
};

// Copies src into dst (same shape).
void copy(ConstView src, View dst);
// B = Aᵀ (B is cols × rows of A).
void transpose(ConstView a, View b);
// ‖A‖_F, with scaling so that neither huge nor tiny entries overflow or underflow.
double frobeniusNorm(ConstView a);
// max |a_ij|.
double maxAbs(ConstView a);
// True when every entry is finite.
bool allFinite(ConstView a);

}  // namespace tunelab::workloads::factor
