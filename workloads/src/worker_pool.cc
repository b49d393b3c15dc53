#include "tunelab/workloads/worker_pool.h"

#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
#endif

namespace tunelab::workloads {
namespace {

// Polls `done` until it is true or `spin` has passed; true when it became true.
template <class Done>
bool pollFor(std::chrono::microseconds spin, Done done) {
  if (spin.count() <= 0) return done();
  const auto deadline = std::chrono::steady_clock::now() + spin;
  for (;;) {
    for (int i = 0; i < 64; ++i) {
      if (done()) return true;
#if defined(__x86_64__) || defined(__i386__)
      _mm_pause();  // yields the core's pipeline to its sibling, and saves power
#endif
    }
    if (std::chrono::steady_clock::now() >= deadline) return done();
  }
}

}  // namespace

WorkerPool::WorkerPool(int threads, std::chrono::microseconds spin)
    : m_size(threads < 1 ? 1 : threads), m_spin(spin) {
  m_threads.reserve(static_cast<std::size_t>(m_size - 1));
  for (int w = 1; w < m_size; ++w) m_threads.emplace_back([this, w] { loop(w); });
}

WorkerPool::~WorkerPool() {
  {
    std::lock_guard lock(m_mutex);
    m_stop = true;
  }
  m_start.notify_all();
  for (auto& t : m_threads) t.join();
}

void WorkerPool::run(const std::function<void(int)>& task) {
  if (m_size == 1) {
    task(0);
    return;
  }
  {
    std::lock_guard lock(m_mutex);
    m_task = &task;
    m_pending.store(m_size - 1);
    m_generation.fetch_add(1);
  }
  m_start.notify_all();
  task(0);
  pollFor(m_spin, [this] { return m_pending.load() == 0; });
  std::unique_lock lock(m_mutex);
  m_done.wait(lock, [this] { return m_pending.load() == 0; });
  m_task = nullptr;
}

void WorkerPool::loop(int worker) {
  std::size_t seen = 0;
  for (;;) {
    pollFor(m_spin, [&] { return m_stop.load() || m_generation.load() != seen; });
    const std::function<void(int)>* task = nullptr;
    {
      std::unique_lock lock(m_mutex);
      m_start.wait(lock, [&] { return m_stop.load() || m_generation.load() != seen; });
      if (m_stop) return;
      seen = m_generation.load();
      task = m_task;
    }
    (*task)(worker);
    {
      std::lock_guard lock(m_mutex);
      if (m_pending.fetch_sub(1) == 1) m_done.notify_one();
    }
  }
}

}  // namespace tunelab::workloads
