#include "kmeans_workload.h"

#include <array>
#include <chrono>

#include "tunelab/io/points.h"
#include "tunelab/workloads/worker_pool.h"

namespace tunelab::workloads {
namespace {

using model::Error;
using model::ErrorKind;

const std::array kVariants = {
    VariantSpec{"naive",
                "textbook Lloyd: array of point structs, sqrt distances in double (the baseline)",
                false},
    VariantSpec{"serial",
                "tuned Lloyd, one thread: float32, ‖x‖²−2x·c+‖c‖² as a register-blocked product "
                "with fused argmin, AVX-512/AVX2/SSE2 picked at run time",
                false},
    VariantSpec{"threads",
                "serial over a pool created once; per-block partial sums folded in a fixed order "
                "(bit-identical for every p)",
                true},
    VariantSpec{"mpi",
                "serial on each MPI rank's shard of the blocks, partial sums folded in block "
                "order along the ranks (bit-identical for every rank count; swept over --ranks, "
                "started with mpirun)",
                false, true},
    VariantSpec{"hamerly",
                "Hamerly's triangle-inequality bounds skip most distance computations, the rest "
                "through the serial kernel (same answer as naive), over the pool",
                true},
};

const std::array kParams = {
    ParamSpec{"n", ParamType::Int, "20000", "number of points (input=blobs; a file sets it)", 1,
              1e9},
    ParamSpec{"d", ParamType::Int, "8", "dimensions per point (input=blobs; a file sets it)", 1,
              4096},
    ParamSpec{"k", ParamType::Int, "8", "number of clusters (at most n)", 1, 1e6},
    ParamSpec{"iters", ParamType::Int, "20",
              "maximum Lloyd iterations (stops early on convergence)", 1, 1e6},
    ParamSpec{"spread", ParamType::Real, "1.5", "standard deviation of each Gaussian blob", 0, 1e6},
    ParamSpec{"seed", ParamType::Int, "42", "seed of the blobs and of the initialization", 0,
              9.0e15},
    ParamSpec{"init", ParamType::Text, "kmeans++", "initial centroids (seeded by seed)", 0, 0,
              "kmeans++,first,random"},
    ParamSpec{"input", ParamType::Text, "blobs",
              "blobs (generated from n, d, k, spread, seed) or a points file: FILE.csv or "
              "FILE.f32 (`tunelab generate blobs` writes both)",
              0, 0},
    ParamSpec{"columns", ParamType::Text, "all",
              "CSV columns to cluster: all, or 1-based numbers, ranges and header names "
              "(1,3-4,x2)",
              0, 0},
    ParamSpec{"simd", ParamType::Text, "auto",
              "instruction set of the tuned kernels (all variants but naive); auto: the widest "
              "this CPU runs",
              0, 0, "auto,avx512,avx2,sse2"},
};

enum class Variant { Naive, Serial, Threads, Hamerly, Mpi };

Variant variantOf(const std::string& name) {
  if (name == "naive") return Variant::Naive;
  if (name == "threads") return Variant::Threads;
  if (name == "hamerly") return Variant::Hamerly;
  if (name == "mpi") return Variant::Mpi;
  return Variant::Serial;
}

void setParam(std::vector<model::Param>& params, std::string_view key, std::string value) {
  for (auto& p : params)
    if (p.key == key) p.value = std::move(value);
}

class KmeansInstance final : public Instance {
 public:
  KmeansInstance(Variant variant, kmeans::Points points, std::vector<float> init, std::size_t k,
                 int iters, int threads, kmeans::Simd simd)
      : m_variant(variant),
        m_points(std::move(points)),
        m_init(std::move(init)),
        m_k(k),
        m_iters(iters),
        m_simd(kmeans::resolveSimd(simd)) {
    m_n = m_points.n;
    m_d = m_points.d;
    if (variant == Variant::Mpi) {
      // Every rank built the whole data set (the initialization needs it, and is the same
      // everywhere); it keeps its own rows only: whole blocks of the serial layout.
      const auto world = kmeans::mpiWorld();
      const auto [begin, end] = kmeans::shardRange(m_n, m_k, m_d, world.rank, world.size);
      m_points = kmeans::Points{
          end - begin, m_d,
          std::vector<float>(m_points.values.begin() + static_cast<std::ptrdiff_t>(begin * m_d),
                             m_points.values.begin() + static_cast<std::ptrdiff_t>(end * m_d))};
    }
    if (variant == Variant::Naive) {
      m_textbook = kmeans::toTextbook(m_points);
      m_points = {};  // the textbook keeps its own copy, as such a program would
    }
    if (threads > 1) m_pool = std::make_unique<WorkerPool>(threads);
  }

  void run() override {
    const auto start = std::chrono::steady_clock::now();
    switch (m_variant) {
      case Variant::Naive:
        m_last = kmeans::lloydNaive(m_textbook, m_init, m_k, m_iters);
        break;
      case Variant::Serial:
      case Variant::Threads:
        m_last = kmeans::lloyd(m_points, m_init, m_k, m_iters, m_pool.get(), m_simd);
        break;
      case Variant::Hamerly:
        m_last = kmeans::hamerly(m_points, m_init, m_k, m_iters, m_pool.get(), m_simd);
        break;
      case Variant::Mpi:
        m_last = kmeans::lloydDistributed(m_points, m_n, m_init, m_k, m_iters, m_simd);
        break;
    }
    m_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  }

  std::vector<model::Metric> metrics() const override {
    const auto& r = m_last;
    const double n = static_cast<double>(m_n), d = static_cast<double>(m_d);
    const double evals = static_cast<double>(r.distanceEvaluations);
    const double lloydEvals = n * static_cast<double>(m_k) * r.iterations;
    // Flop count: 2·d per point–centroid distance (the multiply-add of the expanded form),
    // for every variant, so rates compare the same useful work.
    const double flops = 2.0 * d * evals;
    // Memory traffic model per pass: the points (4·n·d bytes), labels read and written
    // (8·n), the centroids (4·k·d); Hamerly also reads and writes a double bound per point.
    double bytesPerPass = 4 * n * d + 8 * n + 4 * static_cast<double>(m_k) * d;
    if (m_variant == Variant::Hamerly) bytesPerPass += 16 * n;
    std::vector<model::Metric> out = {
        {"inertia", r.inertia, ""},
        {"iterations", static_cast<double>(r.iterations), ""},
        {"distance_evaluations", evals, ""},
        {"skipped_fraction", lloydEvals > 0 ? 1.0 - evals / lloydEvals : 0.0, ""},
        {"throughput", m_seconds > 0 ? evals * d / m_seconds : 0.0, "pcd/s"},
        {"gflops", m_seconds > 0 ? flops / m_seconds * 1e-9 : 0.0, "GFLOP/s"},
        {"assign_gflops", r.assignSeconds > 0 ? flops / r.assignSeconds * 1e-9 : 0.0, "GFLOP/s"},
        {"arithmetic_intensity", flops / (bytesPerPass * r.iterations), "FLOP/B"},
    };
    if (m_variant == Variant::Serial || m_variant == Variant::Threads ||
        m_variant == Variant::Mpi) {
      out.push_back({"exact_fallbacks", static_cast<double>(r.exactFallbacks), ""});
      out.push_back({"simd_lanes", static_cast<double>(kmeans::simdLanes(m_simd)), ""});
    }
    return out;
  }

  std::vector<model::Series> series() const override {
    model::Series s{"inertia", "", "iteration", {}, m_last.inertiaPerIteration};
    for (std::size_t i = 0; i < s.y.size(); ++i) s.x.push_back(static_cast<double>(i + 1));
    return {s};
  }

 private:
  Variant m_variant;
  kmeans::Points m_points;
  std::vector<kmeans::TextbookPoint> m_textbook;
  std::vector<float> m_init;
  std::size_t m_k, m_n = 0, m_d = 0;
  int m_iters;
  kmeans::Simd m_simd;
  std::unique_ptr<WorkerPool> m_pool;
  kmeans::LloydResult m_last;
  double m_seconds = 0;
};

}  // namespace

std::string_view KmeansWorkload::name() const { return "kmeans"; }
std::string_view KmeansWorkload::summary() const {
  return "k-means clustering (Lloyd, Hamerly) of seeded Gaussian blobs or a points file, float32";
}
std::span<const VariantSpec> KmeansWorkload::variants() const { return kVariants; }
std::span<const ParamSpec> KmeansWorkload::params() const { return kParams; }

namespace {

// The text parameters name one of a few choices; the CPU must run the SIMD width asked for.
model::Status checkChoices(const std::vector<model::Param>& params) {
  const std::string init = paramText(params, "init");
  if (!kmeans::parseInit(init))
    return Error{ErrorKind::Usage,
                 "kmeans: parameter init=" + init + " is not one of kmeans++, first, random."};
  const std::string simdName = paramText(params, "simd");
  const auto simd = kmeans::parseSimd(simdName);
  if (!simd)
    return Error{ErrorKind::Usage,
                 "kmeans: parameter simd=" + simdName + " is not one of auto, avx512, avx2, sse2."};
  if (!kmeans::simdSupported(*simd)) {
    std::string have;
    for (auto s : {kmeans::Simd::Avx512, kmeans::Simd::Avx2, kmeans::Simd::Sse2})
      if (kmeans::simdSupported(s))
        have += (have.empty() ? "" : ", ") + std::string(kmeans::toString(s));
    return Error{ErrorKind::Usage, "kmeans: simd=" + simdName +
                                       " is not supported by this CPU; it runs " + have +
                                       " (or simd=auto)."};
  }
  if (paramText(params, "input") == "blobs" && paramText(params, "columns") != "all")
    return Error{ErrorKind::Usage,
                 "kmeans: columns= selects columns of a CSV file; it needs input=FILE.csv."};
  return model::Ok{};
}

model::Status checkK(const std::vector<model::Param>& params, std::size_t n) {
  const auto k = static_cast<std::size_t>(paramInt(params, "k"));
  const std::string input = paramText(params, "input");
  if (k > n)
    return Error{ErrorKind::Input,
                 "kmeans: k=" + std::to_string(k) + " is more than the n=" + std::to_string(n) +
                     " points" + (input == "blobs" ? "" : " of " + input) + "; choose k <= n."};
  return model::Ok{};
}

}  // namespace

Result<std::vector<model::Param>> KmeansWorkload::checkParams(
    std::vector<model::Param> params) const {
  if (auto s = checkChoices(params); !s) return s.error();
  if (paramText(params, "input") != "blobs") {
    // The whole file is read (and refused here, with its line and column, if malformed):
    // the run is named by the file's real n and d.
    auto points = kmeans::loadPoints(params);
    if (!points) return points.error();
    setParam(params, "n", std::to_string(points->n));
    setParam(params, "d", std::to_string(points->d));
  }
  if (auto s = checkK(params, static_cast<std::size_t>(paramInt(params, "n"))); !s)
    return s.error();
  return params;
}

Result<std::unique_ptr<Instance>> KmeansWorkload::prepare(const CaseConfig& config) const {
  if (auto s = checkChoices(config.params); !s) return s.error();
  auto points = kmeans::loadPoints(config.params);
  if (!points) return points.error();
  if (auto s = checkK(config.params, points->n); !s) return s.error();
  if (points->n != static_cast<std::size_t>(paramInt(config.params, "n")) ||
      points->d != static_cast<std::size_t>(paramInt(config.params, "d")))
    return Error{ErrorKind::Input, "kmeans: " + paramText(config.params, "input") + " has " +
                                       std::to_string(points->n) + " × " +
                                       std::to_string(points->d) +
                                       " values, not the n × d the run was planned with (did it "
                                       "change?); run again."};
  const auto k = static_cast<std::size_t>(paramInt(config.params, "k"));
  const auto seed = static_cast<std::uint64_t>(paramInt(config.params, "seed"));
  auto init = kmeans::initialCentroids(*points, k,
                                       *kmeans::parseInit(paramText(config.params, "init")), seed);
  const Variant variant = variantOf(config.variant);
  if (variant == Variant::Mpi) {
    const auto world = kmeans::mpiWorld();
    if (world.size != config.ranks)
      return Error{ErrorKind::Usage,
                   "kmeans: variant mpi was asked for " + std::to_string(config.ranks) +
                       " ranks but runs in an MPI world of " + std::to_string(world.size) +
                       "; start it with `tunelab run kmeans -v mpi --ranks R`, which uses mpirun."};
  }
  const bool threaded = variant == Variant::Threads || variant == Variant::Hamerly;
  return std::unique_ptr<Instance>(std::make_unique<KmeansInstance>(
      variant, std::move(*points), std::move(init), k,
      static_cast<int>(paramInt(config.params, "iters")), threaded ? config.threads : 1,
      *kmeans::parseSimd(paramText(config.params, "simd"))));
}

}  // namespace tunelab::workloads
