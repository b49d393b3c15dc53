#include "machine_workload.h"

#include <algorithm>
#include <array>
#include <chrono>
#include <cstdlib>
#include <memory>
#include <vector>

#include "peak_kernels.h"
#include "tunelab/workloads/worker_pool.h"

namespace tunelab::workloads {
namespace {

using model::Error;
using model::ErrorKind;

const std::array kVariants = {
    VariantSpec{"triad", "STREAM triad a = b + s·c over arrays far larger than the caches: sustained memory bandwidth", true},
    VariantSpec{"fma-f32", "independent fused multiply-adds in registers, float: peak fp32 rate", true},
    VariantSpec{"fma-f64", "independent fused multiply-adds in registers, double: peak fp64 rate", true},
};

const std::array kParams = {
    ParamSpec{"mib", ParamType::Int, "128", "triad: size of each of the three arrays, MiB (well above the last-level cache)", 1, 65536},
    ParamSpec{"mflop", ParamType::Int, "2000", "fma: millions of floating-point operations per execution and thread", 1, 1e7},
    ParamSpec{"isa", ParamType::Text, "best", "fma: the instruction set", 0, 0,
              "best,avx512f,avx2+fma,sse2"},
};

// Splits [0, n) into `parts` contiguous ranges; part i gets [begin, end).
std::pair<std::size_t, std::size_t> share(std::size_t n, int parts, int i) {
  const std::size_t per = n / static_cast<std::size_t>(parts), rest = n % static_cast<std::size_t>(parts);
  const auto ui = static_cast<std::size_t>(i);
  const std::size_t begin = ui * per + std::min(ui, rest);
  return {begin, begin + per + (ui < rest ? 1 : 0)};
}

struct FreeDeleter {
  void operator()(double* p) const { std::free(p); }
};
using Array = std::unique_ptr<double[], FreeDeleter>;

Array allocate(std::size_t n) {
  // Page-aligned, and touched first by the thread that will use each part (first touch).
  return Array(static_cast<double*>(std::aligned_alloc(4096, (n * sizeof(double) + 4095) / 4096 * 4096)));
}

class TriadInstance final : public Instance {
 public:
  TriadInstance(std::size_t n, int threads) : m_n(n), m_pool(threads) {
    m_a = allocate(n);
    m_b = allocate(n);
    m_c = allocate(n);
    m_pool.run([this](int w) {
      auto [begin, end] = share(m_n, m_pool.size(), w);
      for (std::size_t i = begin; i < end; ++i) {
        m_a[i] = 0;
        m_b[i] = 1.0 + static_cast<double>(i % 7);
        m_c[i] = 2.0;
      }
    });
  }

  void run() override {
    const auto start = std::chrono::steady_clock::now();
    m_pool.run([this](int w) {
      auto [begin, end] = share(m_n, m_pool.size(), w);
      double* __restrict a = m_a.get();
      const double* __restrict b = m_b.get();
      const double* __restrict c = m_c.get();
      const double s = 3.0;
      for (std::size_t i = begin; i < end; ++i) a[i] = b[i] + s * c[i];
    });
    m_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  }

  std::vector<model::Metric> metrics() const override {
    // STREAM's convention: 3 × 8 bytes per element (the write-allocate read of a[i] is not
    // counted), 2 flops per element.
    const double bytes = 24.0 * static_cast<double>(m_n);
    const double gbs = m_seconds > 0 ? bytes / m_seconds / 1e9 : 0;
    return {{"bandwidth", gbs, "GB/s"},
            {"gflops", m_seconds > 0 ? 2.0 * static_cast<double>(m_n) / m_seconds / 1e9 : 0, "GFLOP/s"},
            {"arithmetic_intensity", 2.0 / 24.0, "FLOP/B"}};
  }

 private:
  std::size_t m_n;
  WorkerPool m_pool;
  Array m_a, m_b, m_c;
  double m_seconds = 0;
};

class FmaInstance final : public Instance {
 public:
  FmaInstance(bool f64, machine::Isa isa, std::uint64_t rounds, int threads)
      : m_f64(f64), m_isa(isa), m_rounds(rounds), m_pool(threads), m_flops(static_cast<std::size_t>(threads)) {}

  void run() override {
    const auto start = std::chrono::steady_clock::now();
    m_pool.run([this](int w) {
      float sf = 0;
      double sd = 0;
      m_flops[static_cast<std::size_t>(w)] =
          m_f64 ? machine::fmaDouble(m_isa, m_rounds, &sd) : machine::fmaFloat(m_isa, m_rounds, &sf);
      // Stored per worker, so the result is used and no two threads share a write.
      m_sinks[static_cast<std::size_t>(w)] = static_cast<double>(sf) + sd;
    });
    m_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  }

  std::vector<model::Metric> metrics() const override {
    double flops = 0;
    for (auto f : m_flops) flops += static_cast<double>(f);
    return {{"gflops", m_seconds > 0 ? flops / m_seconds / 1e9 : 0, "GFLOP/s"},
            {"vector_bits", static_cast<double>(machine::vectorBits(m_isa)), "bit"}};
  }

 private:
  bool m_f64;
  machine::Isa m_isa;
  std::uint64_t m_rounds;
  WorkerPool m_pool;
  std::vector<std::uint64_t> m_flops;
  std::vector<double> m_sinks = std::vector<double>(static_cast<std::size_t>(m_pool.size()));
  double m_seconds = 0;
};

}  // namespace

std::string_view MachineWorkload::name() const { return "machine"; }
std::string_view MachineWorkload::summary() const {
  return "the machine's ceilings for rooflines: memory bandwidth (triad), peak fp32/fp64 FMA rate";
}
std::span<const VariantSpec> MachineWorkload::variants() const { return kVariants; }
std::span<const ParamSpec> MachineWorkload::params() const { return kParams; }

Result<std::unique_ptr<Instance>> MachineWorkload::prepare(const CaseConfig& config) const {
  if (config.variant == "triad") {
    const auto mib = static_cast<std::size_t>(paramInt(config.params, "mib"));
    return std::unique_ptr<Instance>(
        std::make_unique<TriadInstance>(mib * 1024 * 1024 / sizeof(double), config.threads));
  }
  const std::string isaText = paramText(config.params, "isa");
  machine::Isa isa = machine::bestIsa();
  if (isaText != "best") {
    bool known = false;
    for (auto candidate : {machine::Isa::Avx512, machine::Isa::Avx2Fma, machine::Isa::Sse2})
      if (machine::isaName(candidate) == isaText) {
        isa = candidate;
        known = true;
      }
    if (!known)
      return Error{ErrorKind::Usage, "machine: parameter isa=" + isaText +
                                         " is not one of best, avx512f, avx2+fma, sse2."};
    if (!machine::supported(isa))
      return Error{ErrorKind::Input, "machine: this CPU does not support " + isaText +
                                         "; use isa=best (here: " +
                                         std::string(machine::isaName(machine::bestIsa())) + ")."};
  }
  const bool f64 = config.variant == "fma-f64";
  // Operations per round: 8 unrolled × 12 chains × lanes × 2 (see peak_kernels.cc).
  const double perRound = 8.0 * 12.0 * (machine::vectorBits(isa) / (f64 ? 64.0 : 32.0)) * 2.0;
  const auto rounds = static_cast<std::uint64_t>(static_cast<double>(paramInt(config.params, "mflop")) * 1e6 / perRound) + 1;
  return std::unique_ptr<Instance>(std::make_unique<FmaInstance>(f64, isa, rounds, config.threads));
}

}  // namespace tunelab::workloads
