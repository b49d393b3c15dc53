#pragma once

// The k smallest (distance, id) pairs seen so far: a max-heap on distance whose top is the
// threshold a new candidate must beat. Ties go to the lower id, so every variant that finds
// the same distances returns the same neighbours in the same order.
#include <algorithm>
#include <cstdint>
#include <limits>
#include <utility>
#include <vector>

namespace tunelab::workloads::ann {

template <typename D>
class TopK {
 public:
  explicit TopK(std::size_t k = 0) { reset(k); }
  void reset(std::size_t k) {
    m_k = k;
    m_heap.clear();
    m_heap.reserve(k);
  }
  // The distance a candidate must be below (or equal to, with a lower id) to enter.
  D threshold() const {
    return m_heap.size() < m_k ? std::numeric_limits<D>::max() : m_heap.front().first;
  }
  void push(D dist, std::uint32_t id) {
    if (m_k == 0) return;
    if (m_heap.size() < m_k) {
      m_heap.emplace_back(dist, id);
      std::push_heap(m_heap.begin(), m_heap.end());
      return;
    }
    if (std::pair(dist, id) >= m_heap.front()) return;
    std::pop_heap(m_heap.begin(), m_heap.end());
    m_heap.back() = {dist, id};
    std::push_heap(m_heap.begin(), m_heap.end());
  }
  // Nearest first; the heap is consumed.
  std::vector<std::pair<D, std::uint32_t>>& sorted() {
    std::sort_heap(m_heap.begin(), m_heap.end());
    return m_heap;
  }
  std::size_t size() const { return m_heap.size(); }

 private:
  std::size_t m_k = 0;
  std::vector<std::pair<D, std::uint32_t>> m_heap;
};

}  // namespace tunelab::workloads::ann
