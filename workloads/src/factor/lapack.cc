#include "lapack.h"

#include <cblas.h>
#include <lapacke.h>

#include <algorithm>

extern "C" {
// In OpenBLAS's cblas.h, but declared here as well so the dependency is explicit.
void openblas_set_num_threads(int num_threads);
char* openblas_get_corename(void);
// Exported by OpenBLAS (its fork handler uses it): stops and joins the library's worker
// threads; the next threaded call starts them again.
int blas_thread_shutdown_(void);
}

namespace tunelab::workloads::factor::lapack {
namespace {

lapack_int ld(std::size_t rows, std::size_t ld) {
  return static_cast<lapack_int>(std::max<std::size_t>({1, rows, ld}));
}
lapack_int li(std::size_t v) { return static_cast<lapack_int>(v); }

}  // namespace

void setThreads(int threads) {
#if defined(__SANITIZE_THREAD__)
  // OpenBLAS is not instrumented: ThreadSanitizer cannot see its threads synchronize and
  // reports every result they write as a race. Under TSan the library runs single-threaded.
  threads = 1;
#endif
  threads = std::max(1, threads);
  openblas_set_num_threads(threads);
  // After a threaded call OpenBLAS's workers keep polling for a while (its THREAD_TIMEOUT,
  // ~2^28 cycles): measured here, the case after a lapack p = 2 case ran with a busy second
  // core (CPU/wall 1.35 for a serial loop). Stopping them makes every case start clean.
  if (threads == 1) blas_thread_shutdown_();
}

std::string coreName() {
  const char* name = openblas_get_corename();
  return name ? name : "unknown";
}

int potrf(View a) {
  return LAPACKE_dpotrf(LAPACK_COL_MAJOR, 'L', li(a.rows), a.data, ld(a.rows, a.ld));
}

int getrf(View a, std::vector<std::size_t>& pivots) {
  std::vector<lapack_int> ipiv(std::min(a.rows, a.cols));
  const int info = LAPACKE_dgetrf(LAPACK_COL_MAJOR, li(a.rows), li(a.cols), a.data,
                                  ld(a.rows, a.ld), ipiv.data());
  pivots.resize(ipiv.size());
  for (std::size_t k = 0; k < ipiv.size(); ++k) pivots[k] = static_cast<std::size_t>(ipiv[k] - 1);
  return info;
}

void geqrf(View a, std::vector<double>& tau) {
  tau.assign(std::min(a.rows, a.cols), 0.0);
  LAPACKE_dgeqrf(LAPACK_COL_MAJOR, li(a.rows), li(a.cols), a.data, ld(a.rows, a.ld), tau.data());
}

void orgqr(View q, const std::vector<double>& tau) {
  LAPACKE_dorgqr(LAPACK_COL_MAJOR, li(q.rows), li(q.cols), li(std::min(tau.size(), q.cols)), q.data,
                 ld(q.rows, q.ld), tau.data());
}

bool gesdd(ConstView a, SvdResult& out) {
  const std::size_t m = a.rows, n = a.cols, r = std::min(m, n);
  Matrix work = Matrix::copyOf(a);
  out.u = Matrix(m, r);
  out.s.assign(r, 0.0);
  Matrix vt(r, n);
  const int info = LAPACKE_dgesdd(LAPACK_COL_MAJOR, 'S', li(m), li(n), work.data(), ld(m, m),
                                  out.s.data(), out.u.data(), ld(m, m), vt.data(), ld(r, r));
  out.v = Matrix(n, r);
  transpose(vt.view(), out.v.view());
  out.sweeps = 0;
  out.converged = info == 0;
  return info == 0;
}

std::vector<double> singularValues(ConstView a) {
  Matrix work = Matrix::copyOf(a);
  std::vector<double> s(std::min(a.rows, a.cols));
  double dummy = 0;
  const int info = LAPACKE_dgesdd(LAPACK_COL_MAJOR, 'N', li(a.rows), li(a.cols), work.data(),
                                  ld(a.rows, a.rows), s.data(), &dummy, 1, &dummy, 1);
  if (info != 0) return {};
  return s;
}

void gemm(Op ta, Op tb, double alpha, ConstView a, ConstView b, double beta, View c) {
  const std::size_t k = ta == Op::N ? a.cols : a.rows;
  cblas_dgemm(CblasColMajor, ta == Op::N ? CblasNoTrans : CblasTrans,
              tb == Op::N ? CblasNoTrans : CblasTrans, li(c.rows), li(c.cols), li(k), alpha, a.data,
              ld(a.rows, a.ld), b.data, ld(b.rows, b.ld), beta, c.data, ld(c.rows, c.ld));
}

}  // namespace tunelab::workloads::factor::lapack
