#include "kmeans_workload.h"

#include <array>

#include "tunelab/workloads/kmeans.h"
#include "tunelab/workloads/worker_pool.h"

namespace tunelab::workloads {
namespace {

using model::Error;
using model::ErrorKind;

const std::array kVariants = {
    VariantSpec{"serial", "Lloyd's algorithm on one thread: float32 rows, fused argmin", false},
    VariantSpec{"threads", "serial split over a pool of worker threads, deterministic reduction",
                true},
};

const std::array kParams = {
    ParamSpec{"n", ParamType::Int, "20000", "number of points", 1, 1e9},
    ParamSpec{"d", ParamType::Int, "8", "dimensions per point", 1, 4096},
    ParamSpec{"k", ParamType::Int, "8", "number of clusters (at most n)", 1, 1e6},
    ParamSpec{"iters", ParamType::Int, "20", "maximum Lloyd iterations (stops early on convergence)",
              1, 1e6},
    ParamSpec{"spread", ParamType::Real, "1.5", "standard deviation of each Gaussian blob", 0, 1e6},
    ParamSpec{"seed", ParamType::Int, "42", "seed of the data set and of k-means++", 0, 9.0e15},
};

class KmeansInstance final : public Instance {
 public:
  KmeansInstance(kmeans::Points points, std::vector<float> init, std::size_t k, int iters,
                 int threads)
      : m_points(std::move(points)), m_init(std::move(init)), m_k(k), m_iters(iters) {
    if (threads > 1) m_pool = std::make_unique<WorkerPool>(threads);
  }

  void run() override { m_last = kmeans::lloyd(m_points, m_init, m_k, m_iters, m_pool.get()); }

  std::vector<model::Metric> metrics() const override {
    return {{"inertia", m_last.inertia, ""},
            {"iterations", static_cast<double>(m_last.iterations), ""}};
  }

 private:
  kmeans::Points m_points;
  std::vector<float> m_init;
  std::size_t m_k;
  int m_iters;
  std::unique_ptr<WorkerPool> m_pool;
  kmeans::LloydResult m_last;
};

}  // namespace

std::string_view KmeansWorkload::name() const { return "kmeans"; }
std::string_view KmeansWorkload::summary() const {
  return "k-means clustering (Lloyd) of seeded Gaussian blobs, float32";
}
std::span<const VariantSpec> KmeansWorkload::variants() const { return kVariants; }
std::span<const ParamSpec> KmeansWorkload::params() const { return kParams; }

Result<std::unique_ptr<Instance>> KmeansWorkload::prepare(const CaseConfig& config) const {
  const auto n = static_cast<std::size_t>(paramInt(config.params, "n"));
  const auto d = static_cast<std::size_t>(paramInt(config.params, "d"));
  const auto k = static_cast<std::size_t>(paramInt(config.params, "k"));
  const auto seed = static_cast<std::uint64_t>(paramInt(config.params, "seed"));
  if (k > n)
    return Error{ErrorKind::Input, "kmeans: k=" + std::to_string(k) + " is more than n=" +
                                       std::to_string(n) + " points; choose k <= n."};
  auto points = kmeans::generateBlobs({n, d, k, paramReal(config.params, "spread"), 10.0, seed});
  auto init = kmeans::kmeansPlusPlus(points, k, seed);
  const int threads = config.variant == "threads" ? config.threads : 1;
  return std::unique_ptr<Instance>(std::make_unique<KmeansInstance>(
      std::move(points), std::move(init), k, static_cast<int>(paramInt(config.params, "iters")),
      threads));
}

}  // namespace tunelab::workloads
