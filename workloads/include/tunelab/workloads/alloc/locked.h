#pragma once

#include <memory>
#include <mutex>

#include "tunelab/workloads/alloc/allocator.h"

namespace tunelab::workloads::alloc {

// A single-threaded allocator shared by several threads the way a user would have to share
// it: every call under one mutex. The workload uses it where a pattern hands blocks from
// thread to thread (producer-consumer) and the allocator is not thread-safe.
template <class A>
class Locked final : public Allocator {
 public:
  static constexpr bool kThreadSafe = true;
  static constexpr bool kResets = A::kResets;  // resetAll() frees everything at once
  explicit Locked(std::unique_ptr<A> inner) : m_inner(std::move(inner)) {}
  static model::Result<std::unique_ptr<Locked>> create(const AllocatorShape& shape) {
    auto inner = A::create(shape);
    if (!inner) return inner.error();
    return std::make_unique<Locked>(std::move(*inner));
  }

  std::string_view name() const noexcept override { return m_inner->name(); }
  bool threadSafe() const noexcept override { return true; }
  void* allocate(std::size_t size, std::size_t alignment) override {
    std::lock_guard lock(m_mutex);
    return m_inner->allocate(size, alignment);
  }
  void deallocate(void* p, std::size_t size, std::size_t alignment) noexcept override {
    std::lock_guard lock(m_mutex);
    m_inner->deallocate(p, size, alignment);
  }
  bool resetAll() noexcept override {
    std::lock_guard lock(m_mutex);
    return m_inner->resetAll();
  }
  AllocatorStats stats() const override {
    std::lock_guard lock(m_mutex);
    return m_inner->stats();
  }
  void releaseUnused() noexcept override {
    std::lock_guard lock(m_mutex);
    m_inner->releaseUnused();
  }

 private:
  std::unique_ptr<A> m_inner;
  mutable std::mutex m_mutex;
};

}  // namespace tunelab::workloads::alloc
