#pragma once

// A bounded single-producer/single-consumer ring: the hop between two pipeline stages on
// different cores. One thread pushes, one thread pops, nothing else touches it.
//
// What makes it fast (rigtorp/SPSCQueue, Folly's ProducerConsumerQueue and Erik Rigtorp's
// notes are the references):
//   - the head (consumer's) and tail (producer's) indices live on their own cache lines, so a
//     push does not invalidate the line the consumer spins on, and vice versa;
//   - each side keeps a cached copy of the other side's index and reloads it (an acquire load
//     of a line the other core owns) only when the cached value says the ring looks full or
//     empty: in steady state a push or pop touches no shared line but the slot itself;
//   - the capacity is a power of two, so a slot is an index & mask, and the indices run
//     freely (no wrap test);
//   - pushN/popN move a whole micro-batch with one index publication.
//
// T must be trivially copyable (events are): slots are plain storage, copied in and out.
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <new>
#include <type_traits>

namespace tunelab::workloads::stream {

inline constexpr std::size_t kCacheLine = 64;

template <class T>
class SpscRing {
  static_assert(std::is_trivially_copyable_v<T>, "SpscRing holds trivially copyable values");

 public:
  // capacity is rounded up to a power of two (at least 2).
  explicit SpscRing(std::size_t capacity) {
    std::size_t c = 2;
    while (c < capacity) c <<= 1;
    m_mask = c - 1;
    m_slots = std::make_unique<T[]>(c);
  }
  SpscRing(const SpscRing&) = delete;
  SpscRing& operator=(const SpscRing&) = delete;

  std::size_t capacity() const { return m_mask + 1; }

  // Producer side. False when full (the caller decides: spin, yield, or count backpressure).
  bool tryPush(const T& value) {
    const std::uint64_t tail = m_tail.value.load(std::memory_order_relaxed);
    if (tail - m_producer.cachedHead > m_mask) {
      m_producer.cachedHead = m_head.value.load(std::memory_order_acquire);
      if (tail - m_producer.cachedHead > m_mask) return false;
    }
    m_slots[tail & m_mask] = value;
    m_tail.value.store(tail + 1, std::memory_order_release);
    return true;
  }

  // Pushes as many of values[0..n) as fit; returns how many.
  std::size_t tryPushN(const T* values, std::size_t n) {
    const std::uint64_t tail = m_tail.value.load(std::memory_order_relaxed);
    std::size_t room = capacity() - static_cast<std::size_t>(tail - m_producer.cachedHead);
    if (room < n) {
      m_producer.cachedHead = m_head.value.load(std::memory_order_acquire);
      room = capacity() - static_cast<std::size_t>(tail - m_producer.cachedHead);
    }
    const std::size_t count = n < room ? n : room;
    for (std::size_t i = 0; i < count; ++i) m_slots[(tail + i) & m_mask] = values[i];
    if (count) m_tail.value.store(tail + count, std::memory_order_release);
    return count;
  }

  // Consumer side. False when empty.
  bool tryPop(T& out) {
    const std::uint64_t head = m_head.value.load(std::memory_order_relaxed);
    if (head == m_consumer.cachedTail) {
      m_consumer.cachedTail = m_tail.value.load(std::memory_order_acquire);
      if (head == m_consumer.cachedTail) return false;
    }
    out = m_slots[head & m_mask];
    m_head.value.store(head + 1, std::memory_order_release);
    return true;
  }

  // Pops up to max values into out; returns how many.
  std::size_t tryPopN(T* out, std::size_t max) {
    const std::uint64_t head = m_head.value.load(std::memory_order_relaxed);
    std::size_t avail = static_cast<std::size_t>(m_consumer.cachedTail - head);
    if (avail < max) {
      m_consumer.cachedTail = m_tail.value.load(std::memory_order_acquire);
      avail = static_cast<std::size_t>(m_consumer.cachedTail - head);
    }
    const std::size_t count = max < avail ? max : avail;
    for (std::size_t i = 0; i < count; ++i) out[i] = m_slots[(head + i) & m_mask];
    if (count) m_head.value.store(head + count, std::memory_order_release);
    return count;
  }

  // Either side, approximate: the number of values in the ring at some recent moment.
  std::size_t sizeApprox() const {
    const std::uint64_t head = m_head.value.load(std::memory_order_acquire);
    const std::uint64_t tail = m_tail.value.load(std::memory_order_acquire);
    return tail >= head ? static_cast<std::size_t>(tail - head) : 0;
  }

 private:
  struct alignas(kCacheLine) Index {
    std::atomic<std::uint64_t> value{0};
  };
  struct alignas(kCacheLine) ProducerCache {
    std::uint64_t cachedHead = 0;
  };
  struct alignas(kCacheLine) ConsumerCache {
    std::uint64_t cachedTail = 0;
  };
  Index m_head;               // written by the consumer
  ConsumerCache m_consumer;   // the consumer's view of the tail
  Index m_tail;               // written by the producer
  ProducerCache m_producer;   // the producer's view of the head
  alignas(kCacheLine) std::size_t m_mask = 0;
  std::unique_ptr<T[]> m_slots;
};

}  // namespace tunelab::workloads::stream
