#pragma once

// Builders of synthetic runs for the analysis tests: known inputs, so every expected value
// can be derived by hand.

#include <cstdint>
#include <string>
#include <vector>

#include "tunelab/model/params.h"
#include "tunelab/model/run.h"

namespace tunelab::analysis::testing {

// A deterministic generator of multiplicative noise (splitmix64 → uniform in [−1, 1]).
class Noise {
 public:
  explicit Noise(std::uint64_t seed) : m_state(seed) {}
  double uniform() {  // in [−1, 1]
    std::uint64_t z = (m_state += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    z ^= z >> 31;
    return static_cast<double>(z >> 11) / static_cast<double>(1ull << 52) - 1;
  }
  // Approximately normal (sum of 12 uniforms on [−1, 1] has variance 4): N(0, 1).
  double normal() {
    double s = 0;
    for (int i = 0; i < 12; ++i) s += uniform();
    return s / 2;
  }

 private:
  std::uint64_t m_state;
};

inline model::Run makeRun(const std::string& workload, const std::string& variant,
                          std::vector<model::Param> params, int threads,
                          const std::vector<double>& wall) {
  model::Run r;
  r.workload = workload;
  r.variant = variant;
  r.params = std::move(params);
  r.threads = threads;
  r.name = model::benchmarkName(r);
  int rep = 0;
  for (double t : wall) {
    model::Sample s;
    s.repetition = rep++;
    s.wallSeconds = t;
    s.cpuSeconds = t * threads;
    r.samples.push_back(s);
  }
  return r;
}

}  // namespace tunelab::analysis::testing
