#pragma once

// The kernel of the `calibrate` workload (a known amount of work, for measuring tunelab's own
// regression detector): exposed so tests can check its two promises.

#include <cstddef>
#include <cstdint>
#include <vector>

namespace tunelab::workloads::calibrate {

// A single cycle through `entries` slots (Sattolo's shuffle, seeded): following next[] from
// any slot visits every slot before it returns, so the chase never settles into a short loop
// the cache could hold.
std::vector<std::uint32_t> makeCycle(std::size_t entries, std::uint64_t seed);

// Runs `units` units from `position` (updated); returns the mixed state. Every unit executes
// the same instructions: one dependent load, then rounds of multiply-xorshift; no branch
// depends on the data.
std::uint64_t runUnits(const std::uint32_t* next, std::uint64_t units, std::uint32_t& position,
                       std::uint64_t state);

}  // namespace tunelab::workloads::calibrate
