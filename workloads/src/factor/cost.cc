#include "tunelab/workloads/factor/cost.h"

#include <algorithm>
#include <cmath>

#include "jacobi.h"

namespace tunelab::workloads::factor {
namespace {

constexpr double kWord = 8.0;
constexpr std::size_t kLapackBlock = 256;

double d(std::size_t v) { return static_cast<double>(v); }

// Elements read and written by a right-looking factorization that passes over the trailing
// matrix once per step of `step` columns; `lower` counts only a triangle (Cholesky).
// `readsPerPass` is 1 for a read-modify-write update, 2 for QR's (Vᵀ·C, then C −= V·W).
double trailingTraffic(std::size_t m, std::size_t n, std::size_t step, bool lower,
                       double readsPerPass) {
  const std::size_t kmax = std::min(m, n);
  step = std::max<std::size_t>(step, 1);
  double elements = lower ? d(n) * d(n + 1) / 2 : d(m) * d(n);  // the input, read once
  elements *= 2;                                                // … and the factors written
  for (std::size_t j = 0; j < kmax; j += step) {
    const std::size_t jb = std::min(step, kmax - j);
    const double rows = d(m - j - std::min(jb, m - j)), cols = d(n - j - jb);
    const double trailing = lower ? rows * (rows + 1) / 2 : rows * cols;
    const double panel = d(m - j) * d(jb);
    elements += trailing * (readsPerPass + 1) + panel * 2;
  }
  return elements * kWord;
}

double qrFlops(std::size_t rows, std::size_t cols) {
  const double m = d(std::max(rows, cols)), n = d(std::min(rows, cols));
  return 2 * m * n * n - 2 * n * n * n / 3;
}

}  // namespace

std::optional<OpKind> parseOp(std::string_view name) {
  if (name == "cholesky") return OpKind::Cholesky;
  if (name == "lu") return OpKind::Lu;
  if (name == "qr") return OpKind::Qr;
  if (name == "svd") return OpKind::Svd;
  if (name == "rsvd") return OpKind::Rsvd;
  return std::nullopt;
}

const char* opName(OpKind op) {
  switch (op) {
    case OpKind::Cholesky:
      return "cholesky";
    case OpKind::Lu:
      return "lu";
    case OpKind::Qr:
      return "qr";
    case OpKind::Svd:
      return "svd";
    case OpKind::Rsvd:
      return "rsvd";
  }
  return "?";
}

double flopCount(const CostInputs& c) {
  const double m = d(std::max(c.m, c.n)), n = d(std::min(c.m, c.n));
  switch (c.op) {
    case OpKind::Cholesky:
      return n * n * n / 3;
    case OpKind::Lu:
      return m * n * n - n * n * n / 3;  // 2n³/3 when square
    case OpKind::Qr:
      return qrFlops(c.m, c.n);
    case OpKind::Svd:
      return 14 * m * n * n + 8 * n * n * n;
    case OpKind::Rsvd: {
      const double l = d(std::min(c.rsvd.rank + c.rsvd.oversample, std::min(c.m, c.n)));
      const double k = std::min(d(c.rsvd.rank), l), q = d(c.rsvd.power);
      const double rows = d(c.m), cols = d(c.n);
      const double products = (2 * q + 2) * 2 * rows * cols * l;
      const double qrs = (2 * q + 1) * (4 * rows * l * l - 4 * l * l * l / 3) +
                         q * (4 * cols * l * l - 4 * l * l * l / 3);
      return products + qrs + 14 * cols * l * l + 8 * l * l * l + 2 * rows * l * k;
    }
  }
  return 0;
}

double trafficBytes(const CostInputs& c) {
  const std::size_t nb = c.variant == Variant::Naive    ? 1
                         : c.variant == Variant::Lapack ? kLapackBlock
                                                        : std::max<std::size_t>(c.block, 1);
  switch (c.op) {
    case OpKind::Cholesky:
      return trailingTraffic(c.n, c.n, nb, true, 1);
    case OpKind::Lu:
      return trailingTraffic(c.m, c.n, nb, false, 1);
    case OpKind::Qr:
      return trailingTraffic(c.m, c.n, nb, false, 2);
    case OpKind::Svd: {
      const std::size_t m = std::max(c.m, c.n), n = std::min(c.m, c.n);
      const double pairs = d(n) * d(n - 1) / 2, sweeps = std::max(1, c.sweeps);
      if (c.variant == Variant::Naive)
        return kWord * sweeps * pairs * (2.0 * d(m) * 3 + 4.0 * d(m) + 4.0 * d(n));
      if (c.variant == Variant::Lapack) {
        double elements = 0;
        for (std::size_t k = 0; k < n; ++k) elements += 2 * d(m - k) * d(n - k);
        return kWord * elements;
      }
      const std::size_t tile = detail::jacobiTile(n, n, n);
      const double blocks = std::ceil(d(n) / d(tile));
      const double jacobi = sweeps * blocks * (blocks + 1) / 2 * (2 * 2.0 * d(tile) * 2 * d(n));
      return trailingTraffic(m, n, nb, false, 2) * 2 + kWord * jacobi + kWord * 3 * d(m) * d(n);
    }
    case OpKind::Rsvd: {
      const double l = d(std::min(c.rsvd.rank + c.rsvd.oversample, std::min(c.m, c.n)));
      const double products = d(2 * c.rsvd.power + 2);
      const double passes = products * (c.variant == Variant::Naive ? l : 1.0);
      return kWord * (passes * d(c.m) * d(c.n) + products * 2 * d(c.m + c.n) * l);
    }
  }
  return 0;
}

}  // namespace tunelab::workloads::factor
