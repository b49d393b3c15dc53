#pragma once

// Name → concrete allocator type, in one place: makeAllocator builds the type-erased
// Allocator from it, and the workload instantiates its patterns over the concrete type.
#include <array>
#include <string_view>
#include <type_traits>

#include "tunelab/workloads/alloc/arena.h"
#include "tunelab/workloads/alloc/object_pool.h"
#include "tunelab/workloads/alloc/pmr_allocators.h"
#include "tunelab/workloads/alloc/size_class_pool.h"
#include "tunelab/workloads/alloc/system_allocators.h"

namespace tunelab::workloads::alloc {

inline constexpr std::array<std::string_view, 10> kAllocatorNames = {
    "glibc",    "jemalloc",      "tcmalloc",    "mimalloc",        "pmr-unsync",
    "pmr-sync", "pmr-monotonic", "object-pool", "size-class-pool", "arena"};

// Calls f(std::type_identity<A>{}) for the allocator named `name`; onUnknown() otherwise.
template <class F, class U>
auto withAllocatorType(std::string_view name, F&& f, U&& onUnknown) {
  if (name == "glibc") return f(std::type_identity<GlibcAllocator>{});
  if (name == "jemalloc") return f(std::type_identity<JemallocAllocator>{});
  if (name == "tcmalloc") return f(std::type_identity<TcmallocAllocator>{});
  if (name == "mimalloc") return f(std::type_identity<MimallocAllocator>{});
  if (name == "pmr-unsync") return f(std::type_identity<PmrUnsyncAllocator>{});
  if (name == "pmr-sync") return f(std::type_identity<PmrSyncAllocator>{});
  if (name == "pmr-monotonic") return f(std::type_identity<PmrMonotonicAllocator>{});
  if (name == "object-pool") return f(std::type_identity<ObjectPool>{});
  if (name == "size-class-pool") return f(std::type_identity<SizeClassPool>{});
  if (name == "arena") return f(std::type_identity<Arena>{});
  return onUnknown();
}

}  // namespace tunelab::workloads::alloc
