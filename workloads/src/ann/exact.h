#pragma once

#include <atomic>
#include <chrono>
#include <functional>
#include <vector>

#include "ann.h"
#include "topk.h"
#include "tunelab/probe/region.h"

namespace tunelab::workloads::ann {

// ‖row‖² of every row, in float.
std::vector<float> rowNorms(const Matrix& m);

// Runs body(begin', end') on each worker's contiguous share of [begin, end) (inline without a
// pool or with one worker).
void forEachShare(WorkerPool* pool, std::size_t begin, std::size_t end,
                  const std::function<void(std::size_t, std::size_t)>& body);

// The `keep` nearest base rows of queries [begin, end) in float32 by ‖q‖² − 2q·x + ‖x‖²:
// batches of `batch` queries against tiles of 1024 base rows (OpenBLAS sgemm), each tile
// scanned into the queries' top-k while it is in cache. found(q, list) receives each query's
// list, nearest first, distances clamped at 0.
void gemmSearch(const Matrix& base, const std::vector<float>& baseNorms, const Matrix& queries,
                std::size_t begin, std::size_t end, std::size_t keep, std::size_t batch,
                const std::function<void(std::size_t q,
                                         std::vector<std::pair<float, std::uint32_t>>&)>& found);

// Seconds since t0 on the steady clock (build phases' train and encode times).
double secondsSince(std::chrono::steady_clock::time_point t0);

// One phase of an index build: the region `name` (train, encode: the run's setup regions, as
// build() runs while the case is prepared) and its seconds written to `seconds` at end(), or
// when it goes out of scope.
class Phase {
 public:
  Phase(const char* name, double& seconds) noexcept
      : m_name(name), m_seconds(seconds), m_listener(probe::listener()) {
    if (m_listener) m_listener->enter(m_name);
  }
  ~Phase() { end(); }
  Phase(const Phase&) = delete;
  Phase& operator=(const Phase&) = delete;
  void end() noexcept {
    if (m_done) return;
    m_done = true;
    m_seconds = secondsSince(m_t0);
    if (m_listener) m_listener->exit(m_name);
  }

 private:
  const char* m_name;
  double& m_seconds;
  probe::Listener* m_listener;
  std::chrono::steady_clock::time_point m_t0 = std::chrono::steady_clock::now();
  bool m_done = false;
};

// An index that counts the distances its searches compute: stats() is the build's figures
// with the evaluations counted since the last call (searches may count concurrently).
class CountingIndex : public Index {
 public:
  IndexStats stats() const override {
    IndexStats s = m_stats;
    s.distanceEvaluations = m_evals.exchange(0);
    return s;
  }

 protected:
  void count(double evaluations) const {
    m_evals.fetch_add(evaluations, std::memory_order_relaxed);
  }
  IndexStats m_stats;

 private:
  mutable std::atomic<double> m_evals{0};
};

// Writes a query's sorted list (at most out.k entries) into row q of out.
void store(Neighbors& out, std::size_t q, const std::vector<std::pair<float, std::uint32_t>>& list);

}  // namespace tunelab::workloads::ann
