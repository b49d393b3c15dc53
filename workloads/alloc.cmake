# The alloc workload: allocators (workloads/include/tunelab/workloads/alloc/) and allocation
# patterns (workloads/src/alloc/). Part of tunelab::workloads.
target_sources(tunelab_workloads PRIVATE
  src/alloc/allocator.cc
  src/alloc/span_source.cc
  src/alloc/pool_core.cc
  src/alloc/object_pool.cc
  src/alloc/size_class_pool.cc
  src/alloc/arena.cc
  src/alloc/null_allocator.cc
  src/alloc/pmr_allocators.cc
  src/alloc/system_allocators.cc
  src/alloc/measure.cc
  src/alloc/patterns.cc
  src/alloc/trace_split.cc
  src/alloc/alloc_workload.cc
  src/alloc/alloc_instances_system.cc
  src/alloc/alloc_instances_pmr.cc
  src/alloc/alloc_instances_pools.cc
)
target_link_libraries(tunelab_workloads PRIVATE ${CMAKE_DL_LIBS})

# jemalloc, privately: Debian's position-independent archive linked into a shared library of
# ours that exports only tunelab_je_* (see src/alloc/jemalloc_shim.cc for why it cannot be
# dlopen'ed or linked the usual way).
find_library(TUNELAB_JEMALLOC_PIC NAMES libjemalloc_pic.a)
if(NOT TUNELAB_JEMALLOC_PIC)
  message(FATAL_ERROR "libjemalloc_pic.a not found: install libjemalloc-dev (scripts/setup does).")
endif()
add_library(tunelab_jemalloc SHARED src/alloc/jemalloc_shim.cc)
set_target_properties(tunelab_jemalloc PROPERTIES CXX_VISIBILITY_PRESET hidden
                                                  VISIBILITY_INLINES_HIDDEN ON)
target_link_libraries(tunelab_jemalloc PRIVATE ${TUNELAB_JEMALLOC_PIC} Threads::Threads m ${CMAKE_DL_LIBS})
target_link_options(tunelab_jemalloc PRIVATE -Wl,--exclude-libs,ALL -Wl,--no-undefined)
tunelab_target_defaults(tunelab_jemalloc)
target_link_libraries(tunelab_workloads PRIVATE tunelab_jemalloc)
tunelab_install_private_library(tunelab_jemalloc)
