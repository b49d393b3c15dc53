#pragma once

// The general-purpose allocators: glibc, and the Debian builds of jemalloc, tcmalloc and
// mimalloc called through their own APIs. All three libraries also export malloc and free;
// linked or preloaded the usual way they would replace the process's allocator (and fight
// each other and tunelab's allocation hooks). So none of them enters the global symbol
// scope (docs/ARCHITECTURE.md, "Changes from the seed design"):
//  - tcmalloc (libtcmalloc_minimal.so.4) and mimalloc (libmimalloc.so.2) are dlopen'ed with
//    RTLD_LOCAL on first use: their malloc stays invisible to everyone else;
//  - jemalloc cannot be: its 2.6 KiB of initial-exec TLS does not fit glibc's 512-byte
//    surplus for dlopen'ed libraries ("cannot allocate memory in static TLS block"). It is
//    linked from Debian's libjemalloc_pic.a into tunelab's own shared library
//    (libtunelab_jemalloc.so) that hides every jemalloc symbol and exports only
//    tunelab_je_*: loaded at start-up like any dependency, so its TLS is static, and its
//    malloc is local to it.

#include <cstddef>
#include <memory>

#include "tunelab/workloads/alloc/allocator.h"
#include "tunelab/workloads/alloc/handoff.h"

namespace tunelab::workloads::alloc {

namespace detail {
// Blocks up to this alignment come from glibc's plain malloc.
inline constexpr std::size_t kMallocAlignment = alignof(std::max_align_t);
// jemalloc and tcmalloc align a block to 16 only from their 16-byte class up (an 8-byte
// request gets an 8-byte class, 8-aligned), mimalloc only to 8 (it has 24- and 40-byte
// bins): beyond that a request takes their aligned entry point.
inline bool plainAlignsClassed(std::size_t size, std::size_t alignment) noexcept {
  return alignment <= 8 || (alignment <= 16 && size > 8);
}
inline bool plainAlignsWordwise(std::size_t, std::size_t alignment) noexcept {
  return alignment <= 8;
}

struct GlibcApi {
  void* (*malloc)(std::size_t);
  void* (*memalign)(std::size_t alignment, std::size_t size);
  void (*free)(void*);
};
const GlibcApi& glibcApi() noexcept;

struct JemallocApi {
  void* (*mallocx)(std::size_t size, int flags);
  void (*sdallocx)(void* p, std::size_t size, int flags);
  int (*mallctl)(const char* name, void* oldp, std::size_t* oldlenp, void* newp,
                 std::size_t newlen);
};
const JemallocApi& jemallocApi() noexcept;
// MALLOCX_ALIGN(a): log2 of the alignment in the low bits of the flags.
int jemallocAlignFlags(std::size_t alignment) noexcept;

struct TcmallocApi {
  void* (*malloc)(std::size_t);
  void* (*memalign)(std::size_t alignment, std::size_t size);
  void (*free)(void*);
  void (*freeSized)(void*, std::size_t);
  int (*numericProperty)(const char* name, std::size_t* value);
  void (*releaseFreeMemory)();
};
// Loads the library on first use; an error says what failed and how to install it.
model::Result<const TcmallocApi*> tcmallocApi();

struct MimallocApi {
  void* (*malloc)(std::size_t);
  void* (*mallocAligned)(std::size_t size, std::size_t alignment);
  void (*freeSize)(void*, std::size_t);
  void (*freeSizeAligned)(void*, std::size_t, std::size_t);
  void (*processInfo)(std::size_t*, std::size_t*, std::size_t*, std::size_t*, std::size_t*,
                      std::size_t*, std::size_t*, std::size_t*);
  void (*collect)(bool force);
};
model::Result<const MimallocApi*> mimallocApi();
}  // namespace detail

// glibc's malloc, through its __libc_* entry points (see libc_malloc.h: tunelab's own
// allocation hooks add nothing to it).
class GlibcAllocator final : public Allocator {
 public:
  static constexpr bool kThreadSafe = true;
  static constexpr bool kResets = false;
  GlibcAllocator() : m_api(detail::glibcApi()) {}
  static model::Result<std::unique_ptr<GlibcAllocator>> create(const AllocatorShape&);
  std::string_view name() const noexcept override { return "glibc"; }
  bool threadSafe() const noexcept override { return true; }
  AllocatorStats stats() const override;   // mallinfo2
  void releaseUnused() noexcept override;  // malloc_trim(0)

  void* allocate(std::size_t size, std::size_t alignment) override {
    return detail::acquired(alignment <= detail::kMallocAlignment
                                ? m_api.malloc(size)
                                : m_api.memalign(alignment, size));
  }
  void deallocate(void* p, std::size_t, std::size_t) noexcept override {
    detail::releasing(p);
    m_api.free(p);
  }

 private:
  const detail::GlibcApi& m_api;
};

// jemalloc 5.3: mallocx / sdallocx (the sized free: the size tunelab passes is the one
// allocated, as jemalloc requires).
class JemallocAllocator final : public Allocator {
 public:
  static constexpr bool kThreadSafe = true;
  static constexpr bool kResets = false;
  JemallocAllocator() : m_api(detail::jemallocApi()) {}
  static model::Result<std::unique_ptr<JemallocAllocator>> create(const AllocatorShape&);
  std::string_view name() const noexcept override { return "jemalloc"; }
  bool threadSafe() const noexcept override { return true; }
  AllocatorStats stats() const override;   // mallctl stats.resident, stats.allocated
  void releaseUnused() noexcept override;  // arena.<all>.purge

  // mallocx(0) is undefined behaviour: an empty request takes one byte, and so does its free.
  void* allocate(std::size_t size, std::size_t alignment) override {
    size += size == 0;
    return detail::acquired(m_api.mallocx(size, detail::plainAlignsClassed(size, alignment)
                                                    ? 0
                                                    : detail::jemallocAlignFlags(alignment)));
  }
  void deallocate(void* p, std::size_t size, std::size_t alignment) noexcept override {
    if (!p) return;
    size += size == 0;
    detail::releasing(p);
    m_api.sdallocx(
        p, size,
        detail::plainAlignsClassed(size, alignment) ? 0 : detail::jemallocAlignFlags(alignment));
  }

 private:
  const detail::JemallocApi& m_api;
};

// gperftools' tcmalloc 2.10 (the minimal library: no heap profiler or checker).
class TcmallocAllocator final : public Allocator {
 public:
  static constexpr bool kThreadSafe = true;
  static constexpr bool kResets = false;
  explicit TcmallocAllocator(const detail::TcmallocApi& api) : m_api(api) {}
  static model::Result<std::unique_ptr<TcmallocAllocator>> create(const AllocatorShape&);
  std::string_view name() const noexcept override { return "tcmalloc"; }
  bool threadSafe() const noexcept override { return true; }
  AllocatorStats stats() const override;   // MallocExtension numeric properties
  void releaseUnused() noexcept override;  // MallocExtension::ReleaseFreeMemory

  void* allocate(std::size_t size, std::size_t alignment) override {
    return detail::acquired(detail::plainAlignsClassed(size, alignment)
                                ? m_api.malloc(size)
                                : m_api.memalign(alignment, size));
  }
  void deallocate(void* p, std::size_t size, std::size_t alignment) noexcept override {
    detail::releasing(p);
    // The sized free looks the size class up from the size: right for tc_malloc blocks
    // only, so memaligned ones take the plain free.
    if (detail::plainAlignsClassed(size, alignment))
      m_api.freeSized(p, size);
    else
      m_api.free(p);
  }

 private:
  const detail::TcmallocApi& m_api;
};

// mimalloc 2.0.9.
class MimallocAllocator final : public Allocator {
 public:
  static constexpr bool kThreadSafe = true;
  static constexpr bool kResets = false;
  explicit MimallocAllocator(const detail::MimallocApi& api) : m_api(api) {}
  static model::Result<std::unique_ptr<MimallocAllocator>> create(const AllocatorShape&);
  std::string_view name() const noexcept override { return "mimalloc"; }
  bool threadSafe() const noexcept override { return true; }
  AllocatorStats stats() const override;   // mi_process_info: committed bytes
  void releaseUnused() noexcept override;  // mi_collect(true)

  void* allocate(std::size_t size, std::size_t alignment) override {
    return detail::acquired(detail::plainAlignsWordwise(size, alignment)
                                ? m_api.malloc(size)
                                : m_api.mallocAligned(size, alignment));
  }
  void deallocate(void* p, std::size_t size, std::size_t alignment) noexcept override {
    detail::releasing(p);
    if (detail::plainAlignsWordwise(size, alignment))
      m_api.freeSize(p, size);
    else
      m_api.freeSizeAligned(p, size, alignment);
  }

 private:
  const detail::MimallocApi& m_api;
};

}  // namespace tunelab::workloads::alloc
