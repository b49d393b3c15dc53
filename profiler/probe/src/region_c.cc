// The C API of the region API (region_c.h), over the C++ listener. Built as a user's program
// is, with the $TUNELAB_REGIONS recorder (env_recorder.h) in.
#include "tunelab/probe/region_c.h"

#include "tunelab/probe/region.h"

extern "C" void tunelab_region_begin(const char* name) {
  if (auto* l = tunelab::probe::detail::g_listener.load(std::memory_order_relaxed)) [[unlikely]]
    l->enter(name);
}

extern "C" void tunelab_region_end(const char* name) {
  if (auto* l = tunelab::probe::detail::g_listener.load(std::memory_order_relaxed)) [[unlikely]]
    l->exit(name);
}
