#include "calibrate_workload.h"

#include <array>
#include <cmath>
#include <numeric>

#include "tunelab/probe/region.h"
#include "tunelab/workloads/calibrate.h"

namespace tunelab::workloads {
namespace {

using model::Error;
using model::ErrorKind;

const std::array kVariants = {
    VariantSpec{"mixed",
                "dependent loads through a shuffled table and integer mixing, in identical units",
                false},
};

const std::array kParams = {
    ParamSpec{"work", ParamType::Int, "800000",
              "units per execution (about 10 ms of CPU at the default table size here)", 1, 1e10},
    ParamSpec{"extra", ParamType::Real, "0", "percent of work added: extra=1 runs 1 % more units",
              0, 1000},
    // In the core's own L2: a table in the shared L3 (4096 KiB) made identical processes land
    // on levels up to 16 % apart on this VM, through the other tenants' use of the cache
    // (docs/performance/detector.md).
    ParamSpec{"table", ParamType::Int, "256",
              "size of the shuffled table, KiB (larger than L1, inside a core's L2: a larger one "
              "reaches the shared L3, whose other users move the level between processes)",
              4, 1 << 22},
    ParamSpec{"seed", ParamType::Int, "42", "seed of the shuffle", 0, 9.0e15},
};

// Rounds of multiply-xorshift per unit: about as long as the load they follow.
constexpr int kMixRounds = 8;

class CalibrateInstance final : public Instance {
 public:
  CalibrateInstance(std::vector<std::uint32_t> cycle, std::uint64_t units, double extraActual)
      : m_cycle(std::move(cycle)), m_units(units), m_extraActual(extraActual) {}

  void run() override {
    TUNELAB_REGION("units");
    m_state = calibrate::runUnits(m_cycle.data(), m_units, m_position, m_state);
  }

  std::vector<model::Metric> metrics() const override {
    return {{"units", static_cast<double>(m_units), ""},
            {"extra_actual_percent", m_extraActual, "%"},
            // Keeps the work observable (and so not optimized away); its value means nothing.
            {"checksum", static_cast<double>(m_state >> 11), ""}};
  }

 private:
  std::vector<std::uint32_t> m_cycle;
  std::uint64_t m_units;
  double m_extraActual;
  std::uint32_t m_position = 0;
  std::uint64_t m_state = 0x243F6A8885A308D3ull;
};

}  // namespace

namespace calibrate {

std::vector<std::uint32_t> makeCycle(std::size_t entries, std::uint64_t seed) {
  std::vector<std::uint32_t> order(entries);
  std::iota(order.begin(), order.end(), 0u);
  std::uint64_t s = seed;
  auto next = [&s] {  // splitmix64
    std::uint64_t z = (s += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  };
  // Sattolo: j < i strictly, which makes the permutation a single cycle.
  for (std::size_t i = entries - 1; i > 0; --i) std::swap(order[i], order[next() % i]);
  std::vector<std::uint32_t> cycle(entries);
  for (std::size_t i = 0; i < entries; ++i) cycle[order[i]] = order[(i + 1) % entries];
  return cycle;
}

std::uint64_t runUnits(const std::uint32_t* next, std::uint64_t units, std::uint32_t& position,
                       std::uint64_t state) {
  std::uint32_t p = position;
  std::uint64_t x = state;
  for (std::uint64_t u = 0; u < units; ++u) {
    p = next[p];
    x ^= p;
    for (int r = 0; r < kMixRounds; ++r) {
      x *= 0x9E3779B97F4A7C15ull;
      x ^= x >> 29;
    }
  }
  position = p;
  return x;
}

}  // namespace calibrate

std::string_view CalibrateWorkload::name() const { return "calibrate"; }
std::string_view CalibrateWorkload::summary() const {
  return "a known amount of mixed memory and compute work; extra=X adds exactly X % (tests the "
         "detector)";
}
std::span<const VariantSpec> CalibrateWorkload::variants() const { return kVariants; }
std::span<const ParamSpec> CalibrateWorkload::params() const { return kParams; }

Result<std::unique_ptr<Instance>> CalibrateWorkload::prepare(const CaseConfig& config) const {
  const auto work = static_cast<std::uint64_t>(paramInt(config.params, "work"));
  const double extra = paramReal(config.params, "extra");
  const auto entries =
      static_cast<std::size_t>(paramInt(config.params, "table")) * 1024 / sizeof(std::uint32_t);
  const auto added =
      static_cast<std::uint64_t>(std::llround(static_cast<double>(work) * extra / 100));
  const double actual = 100.0 * static_cast<double>(added) / static_cast<double>(work);
  auto cycle =
      calibrate::makeCycle(entries, static_cast<std::uint64_t>(paramInt(config.params, "seed")));
  return std::unique_ptr<Instance>(
      std::make_unique<CalibrateInstance>(std::move(cycle), work + added, actual));
}

}  // namespace tunelab::workloads
