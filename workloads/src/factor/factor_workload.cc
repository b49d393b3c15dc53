#include "factor/factor_workload.h"

#include <array>
#include <chrono>
#include <cmath>
#include <limits>

#include "factor/input.h"
#include "factor/lapack.h"
#include "tunelab/io/matrix_market.h"
#include "tunelab/workloads/factor/checks.h"
#include "tunelab/workloads/factor/cost.h"
#include "tunelab/workloads/factor/factorizations.h"
#include "tunelab/workloads/worker_pool.h"

namespace tunelab::workloads {
namespace {

using model::Error;
using model::ErrorKind;
using namespace factor;

const std::array kVariants = {
    VariantSpec{"naive",
                "textbook loops: inner-product (Crout) Cholesky and LU, column-by-column "
                "Householder QR, cyclic one-sided Jacobi SVD, triple-loop products",
                false},
    VariantSpec{"blocked",
                "right-looking blocked (panel width = block); trailing update in a "
                "packed, register-blocked AVX2/FMA gemm; QR-preconditioned Jacobi SVD",
                false},
    VariantSpec{"parallel",
                "blocked with the trailing update (Jacobi: the rotation rounds) split "
                "over p threads",
                true},
    VariantSpec{"lapack",
                "OpenBLAS + LAPACKE (dpotrf, dgetrf, dgeqrf, dgesdd; rsvd on dgemm), OpenBLAS "
                "set to p threads",
                true},
};

const std::array kParams = {
    ParamSpec{"op", ParamType::Text, "cholesky,lu,qr,svd,rsvd",
              "the factorization: A=LLᵀ, PA=LU, A=QR, A=UΣVᵀ, or the randomized rank-k SVD", 0, 0,
              "cholesky,lu,qr,svd,rsvd"},
    ParamSpec{"n", ParamType::Int, "192", "columns (and rows unless m is set)", 1, 32768},
    ParamSpec{"m", ParamType::Int, "0", "rows; 0: square (qr, svd, rsvd may be rectangular)", 0,
              32768},
    ParamSpec{"matrix", ParamType::Text, "auto",
              "input generator; auto: spd for cholesky, lowrank for rsvd, general otherwise", 0, 0,
              "auto,spd,general,graded,lowrank"},
    ParamSpec{"cond", ParamType::Real, "100", "condition number of spd and graded", 1, 1e16},
    ParamSpec{"rank", ParamType::Int, "32", "rank of the lowrank signal", 1, 32768},
    ParamSpec{"noise", ParamType::Real, "0.01",
              "lowrank: spectral norm of the Gaussian noise (the signal's top singular value is 1)",
              0, 1e6},
    ParamSpec{"k", ParamType::Int, "32", "rsvd: the rank computed", 1, 32768},
    ParamSpec{"oversample", ParamType::Int, "10", "rsvd: extra columns of the test matrix", 0,
              1024},
    ParamSpec{"power", ParamType::Int, "2", "rsvd: power (subspace) iterations q", 0, 50},
    ParamSpec{"block", ParamType::Int, "96", "blocked/parallel: panel width nb", 1, 4096},
    ParamSpec{"seed", ParamType::Int, "42",
              "seed of the generated matrix and of rsvd's test matrix", 0, 9.0e15},
    ParamSpec{"input", ParamType::Text, "",
              "a Matrix Market file to factor instead (n and m are then the file's)"},
    ParamSpec{
        "output", ParamType::Text, "",
        "write the factor to this Matrix Market file: L, packed LU, R, or the singular values"},
};

std::string fmtDouble(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.3g", v);
  return buf;
}

double secondsSince(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

class FactorInstance final : public Instance {
 public:
  FactorInstance(OpKind op, Options options, Input input, RsvdParams rsvd, int threads)
      : m_op(op), m_options(options), m_input(std::move(input)), m_rsvd(rsvd), m_threads(threads) {
    if (options.variant == Variant::Parallel && threads > 1) {
      // Factorization steps are short and end in a barrier: idle workers poll briefly
      // instead of sleeping (see WorkerPool), so a step does not start with a wake-up.
      m_pool = std::make_unique<WorkerPool>(threads, std::chrono::microseconds(200));
      m_options.pool = m_pool.get();
    }
    m_cost.op = op;
    m_cost.variant = options.variant;
    m_cost.m = a().rows;
    m_cost.n = a().cols;
    m_cost.block = options.block;
    m_cost.rsvd = rsvd;
  }

  ConstView a() const { return m_input.a->view(); }
  void setOptimalError(double e) { m_optimal = e; }

  // OpenBLAS's threads are process-wide: another case may have stopped or resized them since
  // this one last ran. lapack at p threads gets them back — and one untimed execution starts
  // the workers, so their start-up is not timed; every other variant runs with none polling.
  void resume() override {
    if (m_options.variant == Variant::Lapack) {
      lapack::setThreads(m_threads);
      if (m_threads > 1) (void)execute();
    } else {
      lapack::setThreads(1);
    }
  }

  // One execution without timing; what prepare() uses to refuse a matrix before measuring.
  std::optional<Breakdown> execute() {
    switch (m_op) {
      case OpKind::Cholesky:
        prepareWork();
        return cholesky(m_work.view(), m_options);
      case OpKind::Lu:
        prepareWork();
        return lu(m_work.view(), m_pivots, m_options);
      case OpKind::Qr:
        prepareWork();
        qr(m_work.view(), m_tau, m_options);
        return std::nullopt;
      case OpKind::Svd:
        m_svd = svd(a(), m_options);
        return std::nullopt;
      case OpKind::Rsvd:
        m_svd = randomizedSvd(a(), m_rsvd, m_options);
        return std::nullopt;
    }
    return std::nullopt;
  }

  void run() override {
    const auto t0 = std::chrono::steady_clock::now();
    execute();
    m_seconds += secondsSince(t0);
    ++m_runs;
  }

  std::vector<model::Metric> metrics() const override {
    m_cost.sweeps = m_svd.sweeps;
    const double flops = flopCount(m_cost);
    std::vector<model::Metric> out;
    if (m_runs > 0 && m_seconds > 0)
      out.push_back({"gflops", flops * static_cast<double>(m_runs) / m_seconds / 1e9, "GFLOP/s"});
    m_runs = 0;
    m_seconds = 0;
    out.push_back({"arithmetic_intensity", flops / trafficBytes(m_cost), "FLOP/B"});
    for (auto& m : accuracy()) out.push_back(std::move(m));
    return out;
  }

  // The factor of the last execution as one matrix (for `output`).
  Matrix factorForOutput() const {
    const std::size_t m = a().rows, n = a().cols;
    switch (m_op) {
      case OpKind::Cholesky: {
        Matrix l(n, n);
        for (std::size_t j = 0; j < n; ++j)
          for (std::size_t i = j; i < n; ++i) l(i, j) = m_work(i, j);
        return l;
      }
      case OpKind::Lu:
        return m_work;
      case OpKind::Qr: {
        const std::size_t k = std::min(m, n);
        Matrix r(k, n);
        for (std::size_t j = 0; j < n; ++j)
          for (std::size_t i = 0; i <= std::min(j, k - 1); ++i) r(i, j) = m_work(i, j);
        return r;
      }
      case OpKind::Svd:
      case OpKind::Rsvd: {
        Matrix s(m_svd.s.size(), 1);
        std::copy(m_svd.s.begin(), m_svd.s.end(), s.data());
        return s;
      }
    }
    return {};
  }
  const std::vector<std::size_t>& pivots() const { return m_pivots; }
  const Matrix& work() const { return m_work; }

 private:
  void prepareWork() {
    if (m_work.rows() != a().rows || m_work.cols() != a().cols) m_work = Matrix(a().rows, a().cols);
    copy(a(), m_work.view());
  }

  std::vector<model::Metric> accuracy() const {
    std::vector<model::Metric> out;
    switch (m_op) {
      case OpKind::Cholesky:
        out.push_back({"residual", choleskyResidual(a(), m_work.view()), ""});
        break;
      case OpKind::Lu:
        out.push_back({"residual", luResidual(a(), m_work.view(), m_pivots), ""});
        break;
      case OpKind::Qr: {
        Matrix q(a().rows, std::min(a().rows, a().cols));
        formQ(m_work.view(), m_tau, q.view(), Options{Variant::Blocked, 64, nullptr, false});
        out.push_back({"residual", qrResidual(a(), q.view(), m_work.view()), ""});
        out.push_back({"orthogonality", orthogonality(q.view()), ""});
        break;
      }
      case OpKind::Svd:
      case OpKind::Rsvd: {
        const double orth = std::max(orthogonality(m_svd.u.view()), orthogonality(m_svd.v.view()));
        if (m_op == OpKind::Svd) {
          out.push_back({"residual", svdResidual(a(), m_svd), ""});
        } else {
          const double error = truncationError(a(), m_svd, m_rsvd.rank);
          const double norm = frobeniusNorm(a());
          out.push_back({"residual", norm > 0 ? error / norm : error, ""});
          if (m_optimal > 0) out.push_back({"error_ratio", error / m_optimal, ""});
        }
        out.push_back({"orthogonality", orth, ""});
        if (m_options.variant != Variant::Lapack)
          out.push_back({"sweeps", static_cast<double>(m_svd.sweeps), ""});
        break;
      }
    }
    return out;
  }

  OpKind m_op;
  Options m_options;
  Input m_input;
  RsvdParams m_rsvd;
  int m_threads = 1;
  std::unique_ptr<WorkerPool> m_pool;
  Matrix m_work;
  std::vector<std::size_t> m_pivots;
  std::vector<double> m_tau;
  SvdResult m_svd;
  double m_optimal = 0;
  mutable CostInputs m_cost;
  // Executions and their time since the last metrics(): one repetition's GFLOP/s.
  mutable double m_seconds = 0;
  mutable std::int64_t m_runs = 0;
};

std::string shape(ConstView a) { return std::to_string(a.rows) + " × " + std::to_string(a.cols); }

// Refuses what the op cannot take, naming the problem and what to do instead.
model::Status checkInput(OpKind op, const Input& in, const RsvdParams& rsvd) {
  const ConstView a = in.a->view();
  const std::string name = opName(op);
  if ((op == OpKind::Cholesky || op == OpKind::Lu) && a.rows != a.cols)
    return Error{ErrorKind::Input, "factor: " + name + " needs a square matrix; the input is " +
                                       shape(a) + ". Use op=qr or op=svd for a rectangular one."};
  if (op == OpKind::Cholesky) {
    const double tol =
        static_cast<double>(a.rows) * std::numeric_limits<double>::epsilon() * maxAbs(a);
    for (std::size_t j = 0; j < a.cols; ++j)
      for (std::size_t i = j + 1; i < a.rows; ++i)
        if (std::abs(a(i, j) - a(j, i)) > tol)
          return Error{ErrorKind::Input,
                       "factor: cholesky needs a symmetric matrix; A(" + std::to_string(i + 1) +
                           ", " + std::to_string(j + 1) + ") = " + fmtDouble(a(i, j)) + " but A(" +
                           std::to_string(j + 1) + ", " + std::to_string(i + 1) +
                           ") = " + fmtDouble(a(j, i)) + ". Use op=lu for a general matrix."};
  }
  if (op == OpKind::Rsvd) {
    const std::size_t r = std::min(a.rows, a.cols);
    if (rsvd.rank + rsvd.oversample > r)
      return Error{ErrorKind::Usage,
                   "factor: rsvd with k=" + std::to_string(rsvd.rank) +
                       " and oversample=" + std::to_string(rsvd.oversample) +
                       " needs k + oversample <= min(m, n) = " + std::to_string(r) +
                       ". Lower k or oversample, or use op=svd."};
  }
  return model::Ok{};
}

// What a breakdown found in the warm-up execution means, as an error for the run.
Error breakdownError(OpKind op, const Breakdown& b, Variant v) {
  const std::string col = std::to_string(b.column + 1);
  if (op == OpKind::Cholesky) {
    std::string what =
        "factor: cholesky: the matrix is not positive definite: the pivot of column " + col;
    what += b.pivot ? " is " + fmtDouble(*b.pivot) + " (must be > 0)"
                    : std::string(" is not positive (LAPACK dpotrf info = ") + col + ")";
    return Error{ErrorKind::Input,
                 what + ", so the leading minor of order " + col +
                     " is not positive definite. Use an SPD input (matrix=spd) or op=lu."};
  }
  (void)v;
  return Error{ErrorKind::Input, "factor: lu: the matrix is singular: column " + col +
                                     " has no nonzero pivot (U(" + col + ", " + col +
                                     ") = 0). Use a nonsingular input (matrix=general or graded)."};
}

// LU succeeds on a matrix that is singular to working precision, with a pivot of rounding
// size; the factors are then meaningless, so such a matrix is refused too.
std::optional<Error> tinyPivot(const FactorInstance& inst, ConstView a) {
  const std::size_t n = a.rows;
  const double limit = static_cast<double>(n) * std::numeric_limits<double>::epsilon() * maxAbs(a);
  for (std::size_t k = 0; k < n; ++k) {
    const double u = std::abs(inst.work()(k, k));
    if (u <= limit) {
      const std::string col = std::to_string(k + 1);
      return Error{ErrorKind::Input,
                   "factor: lu: the matrix is singular to working precision: |U(" + col + ", " +
                       col + ")| = " + fmtDouble(u) + " <= n·ε·max|A| = " + fmtDouble(limit) +
                       ". Use a nonsingular input (matrix=general or graded)."};
    }
  }
  return std::nullopt;
}

}  // namespace

std::string_view FactorWorkload::name() const { return "factor"; }
std::string_view FactorWorkload::summary() const {
  return "dense Cholesky, LU, QR, SVD and randomized SVD, float64, LAPACK as reference";
}
std::span<const VariantSpec> FactorWorkload::variants() const { return kVariants; }
std::span<const ParamSpec> FactorWorkload::params() const { return kParams; }

// 50 ms per repetition: at the default n = 192 that is still 25–500 executions averaged per
// sample, and it keeps 30 cases (5 ops × 6 variant/thread pairs) within the default sweep's
// budget; --min-time overrides it.
std::optional<double> FactorWorkload::preferredMinTimeSeconds() const { return 0.05; }

Result<std::vector<model::Param>> FactorWorkload::checkParams(
    std::vector<model::Param> params) const {
  const auto op = parseOp(paramText(params, "op"));
  if (!op) return params;  // resolveParams has checked the choices
  auto set = [&](std::string_view key, std::size_t value) {
    for (auto& p : params)
      if (p.key == key) p.value = std::to_string(value);
  };
  std::size_t rows = 0, cols = static_cast<std::size_t>(paramInt(params, "n"));
  rows = paramInt(params, "m") > 0 ? static_cast<std::size_t>(paramInt(params, "m")) : cols;
  const std::string file = paramText(params, "input");
  if (!file.empty()) {
    auto a = readInputFile(file);
    if (!a) return a.error();
    rows = (*a)->rows();
    cols = (*a)->cols();
    set("n", cols);
    set("m", rows == cols ? 0 : rows);
    // Shape and symmetry are checked here, on the data; definiteness and singularity only a
    // factorization can tell (prepare).
    Input in{*a, "file:" + file, "file"};
    RsvdParams rsvd;
    rsvd.rank = static_cast<std::size_t>(paramInt(params, "k"));
    rsvd.oversample = static_cast<std::size_t>(paramInt(params, "oversample"));
    if (auto s = checkInput(*op, in, rsvd); !s) return s.error();
    return params;
  }
  const std::string kind = paramText(params, "matrix");
  if ((*op == OpKind::Cholesky || kind == "spd") && rows != cols)
    return Error{ErrorKind::Usage,
                 "factor: " + std::string(*op == OpKind::Cholesky ? "cholesky" : "matrix=spd") +
                     " needs a square matrix, but m=" + std::to_string(rows) +
                     " and n=" + std::to_string(cols) + ". Drop m (or set it to n)."};
  if (*op == OpKind::Lu && rows != cols)
    return Error{ErrorKind::Usage, "factor: lu needs a square matrix, but m=" +
                                       std::to_string(rows) + " and n=" + std::to_string(cols) +
                                       ". Use op=qr or op=svd for a rectangular one."};
  if (*op == OpKind::Rsvd) {
    const auto k = static_cast<std::size_t>(paramInt(params, "k")),
               over = static_cast<std::size_t>(paramInt(params, "oversample"));
    if (k + over > std::min(rows, cols))
      return Error{
          ErrorKind::Usage,
          "factor: rsvd with k=" + std::to_string(k) + " and oversample=" + std::to_string(over) +
              " needs k + oversample <= min(m, n) = " + std::to_string(std::min(rows, cols)) +
              ". Lower k or oversample, or use op=svd."};
  }
  return params;
}

Result<std::unique_ptr<Instance>> FactorWorkload::prepare(const CaseConfig& config) const {
  const auto& p = config.params;
  const auto op = parseOp(paramText(p, "op"));
  const auto variant = parseVariant(config.variant);
  if (!op || !variant)
    return Error{ErrorKind::Usage, "factor: unknown op or variant '" + config.variant + "'."};
  const int threads = config.threads < 1 ? 1 : config.threads;
  // OpenBLAS's own threads: p for the lapack variant, 1 for everything else, so that no
  // OpenBLAS thread competes with a measured run (lapack::setThreads).
  lapack::setThreads(1);

  InputSpec spec;
  spec.file = paramText(p, "input");
  spec.kind = paramText(p, "matrix");
  spec.cols = static_cast<std::size_t>(paramInt(p, "n"));
  spec.rows = paramInt(p, "m") > 0 ? static_cast<std::size_t>(paramInt(p, "m")) : spec.cols;
  spec.cond = paramReal(p, "cond");
  spec.rank = static_cast<std::size_t>(paramInt(p, "rank"));
  spec.noise = paramReal(p, "noise");
  spec.seed = static_cast<std::uint64_t>(paramInt(p, "seed"));
  auto input = loadInput(spec, *op);
  if (!input) return input.error();

  RsvdParams rsvd;
  rsvd.rank = static_cast<std::size_t>(paramInt(p, "k"));
  rsvd.oversample = static_cast<std::size_t>(paramInt(p, "oversample"));
  rsvd.power = static_cast<std::size_t>(paramInt(p, "power"));
  rsvd.seed = spec.seed + 1000;
  if (auto s = checkInput(*op, *input, rsvd); !s) return s.error();

  Options options;
  options.variant = *variant;
  options.block = static_cast<std::size_t>(paramInt(p, "block"));
  auto inst = std::make_unique<FactorInstance>(*op, options, *input, rsvd, threads);
  if (*op == OpKind::Rsvd) {
    const auto sigma = referenceSingularValues(*input);
    if (sigma->empty())
      return Error{ErrorKind::Workload,
                   "factor: the reference SVD (LAPACK dgesdd) of the input "
                   "did not converge; no optimal error to compare with."};
    inst->setOptimalError(optimalTruncationError(*sigma, rsvd.rank));
  }
  if (*variant == Variant::Lapack) lapack::setThreads(threads);

  // Cholesky and LU can fail on their input: one untimed execution finds out before anything
  // is measured, and every timed one then succeeds (the input and the arithmetic are fixed).
  const std::string output = paramText(p, "output");
  if (*op == OpKind::Cholesky || *op == OpKind::Lu || !output.empty()) {
    if (auto b = inst->execute()) return breakdownError(*op, *b, *variant);
    if (*op == OpKind::Lu)
      if (auto e = tinyPivot(*inst, inst->a())) return *e;
  }
  if (!output.empty()) {
    const Matrix f = inst->factorForOutput();
    std::string comment = "tunelab factor: op=" + std::string(opName(*op)) +
                          " variant=" + config.variant + " input=" + input->key;
    if (*op == OpKind::Lu) {
      comment +=
          "\npacked L (unit diagonal, below) and U (on and above); row k was swapped with "
          "row pivots[k] at step k, pivots (1-based):";
      std::string line;
      for (auto piv : inst->pivots()) line += " " + std::to_string(piv + 1);
      comment += "\n" + line;
    }
    if (auto s =
            io::writeMatrixMarket(output, f.rows(), f.cols(),
                                  std::span<const double>(f.data(), f.rows() * f.cols()), comment);
        !s)
      return s.error();
  }
  return std::unique_ptr<Instance>(std::move(inst));
}

}  // namespace tunelab::workloads
