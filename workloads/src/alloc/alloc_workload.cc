#include "alloc_workload.h"

#include <array>
#include <string>

#include "allocator_types.h"
#include "make_instance.h"
#include "null_allocator.h"
#include "patterns.h"
#include "tunelab/workloads/alloc/locked.h"

namespace tunelab::workloads {
namespace {

using model::Error;
using model::ErrorKind;
using namespace alloc;

const std::array kVariants = {
    VariantSpec{"null", "the loop's floor: addresses planned from the trace, no allocator work",
                true, false, true},
    VariantSpec{"glibc", "glibc 2.36 malloc/free (ptmalloc2: per-thread tcache, arenas)", true},
    VariantSpec{"jemalloc", "jemalloc 5.3 mallocx/sdallocx (Debian's build, private copy)", true},
    VariantSpec{"tcmalloc", "gperftools 2.10 tcmalloc (minimal): tc_malloc/tc_free_sized", true},
    VariantSpec{"mimalloc", "mimalloc 2.0.9: mi_malloc/mi_free_size", true},
    VariantSpec{"pmr-unsync", "std::pmr::unsynchronized_pool_resource over new/delete", true},
    VariantSpec{"pmr-sync", "std::pmr::synchronized_pool_resource over new/delete", true},
    VariantSpec{"pmr-monotonic", "std::pmr::monotonic_buffer_resource: frees only at a reset",
                true},
    VariantSpec{"object-pool", "tunelab's fixed-size pool with thread-local magazines", true},
    VariantSpec{"size-class-pool", "tunelab's segregated size classes with thread-local magazines",
                true},
    VariantSpec{"arena", "tunelab's bump arena: frees everything at once, per phase", true},
};

// "fixed-churn,mixed-small,…": ParamSpec's list of choices.
std::string patternChoices() {
  std::string out;
  for (auto p : kPatternNames) out += std::string(out.empty() ? "" : ",") + std::string(p);
  return out;
}

const std::array kParams = {
    ParamSpec{"pattern", ParamType::Text, "all",
              "the allocation pattern; for producer-consumer -t counts producer → consumer pairs",
              0, 0, patternChoices()},
    ParamSpec{"touch", ParamType::Text, "lines",
              "what the pattern does with its blocks: lines (writes and reads every cache line) or "
              "none (the allocator alone)",
              0, 0, "lines,none"},
    ParamSpec{"scale", ParamType::Real, "1",
              "multiplies every trace's length (1: the default sweep's small size)", 0.01, 1000},
    ParamSpec{"seed", ParamType::Int, "42", "seed of the traces", 0, 9.0e15},
};

}  // namespace

std::string_view AllocWorkload::name() const { return "alloc"; }
std::string_view AllocWorkload::summary() const {
  return "allocators × allocation patterns: ops/s, latency percentiles, RSS, utilization R over "
         "the trace";
}
std::span<const VariantSpec> AllocWorkload::variants() const { return kVariants; }
std::span<const ParamSpec> AllocWorkload::params() const { return kParams; }

Result<std::unique_ptr<Instance>> AllocWorkload::prepare(const CaseConfig& config) const {
  const auto pattern = parsePattern(paramText(config.params, "pattern"));
  if (!pattern)
    return Error{ErrorKind::Usage,
                 "alloc: pattern '" + paramText(config.params, "pattern") +
                     "' is not one of fixed-churn, mixed-small, producer-consumer, "
                     "large-buffers, phase."};
  const Touch touch = paramText(config.params, "touch") == "none" ? Touch::None : Touch::Lines;
  using R = Result<std::unique_ptr<Instance>>;
  if (config.variant == "null") return makeInstance<NullAllocator>(*pattern, touch, config);
  return withAllocatorType(
      config.variant,
      [&](auto type) -> R {
        using A = typename decltype(type)::type;
        // Blocks that cross threads need an allocator all threads may use: a single-threaded
        // one is shared behind a mutex, as a user would have to.
        if constexpr (!A::kThreadSafe)
          if (patternCrossesThreads(*pattern))
            return makeInstance<Locked<A>>(*pattern, touch, config);
        return makeInstance<A>(*pattern, touch, config);
      },
      [&]() -> R {
        return Error{ErrorKind::Usage, "alloc: unknown variant '" + config.variant + "'."};
      });
}

}  // namespace tunelab::workloads
