#include "tunelab/profiler/alloc_tracking.h"

namespace tunelab::profiler {

namespace detail {
// Weak: a program without tunelab::alloc_hooks links, and sees null here. The hooks'
// definitions stay strong (their translation unit does not see this redeclaration).
[[gnu::weak]] void allocHooksStart() noexcept;
[[gnu::weak]] model::AllocStats allocHooksStop() noexcept;
}  // namespace detail

bool allocTrackingAvailable() noexcept {
  return detail::allocHooksStart != nullptr && detail::allocHooksStop != nullptr;
}

void allocTrackingStart() noexcept {
  if (allocTrackingAvailable()) detail::allocHooksStart();
}

model::AllocStats allocTrackingStop() noexcept {
  return allocTrackingAvailable() ? detail::allocHooksStop() : model::AllocStats{};
}

}  // namespace tunelab::profiler
