#include "tunelab/workloads/worker_pool.h"

namespace tunelab::workloads {

WorkerPool::WorkerPool(int threads) : m_size(threads < 1 ? 1 : threads) {
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
    m_pending = m_size - 1;
    ++m_generation;
  }
  m_start.notify_all();
  task(0);
  std::unique_lock lock(m_mutex);
  m_done.wait(lock, [this] { return m_pending == 0; });
  m_task = nullptr;
}

void WorkerPool::loop(int worker) {
  std::size_t seen = 0;
  for (;;) {
    const std::function<void(int)>* task = nullptr;
    {
      std::unique_lock lock(m_mutex);
      m_start.wait(lock, [&] { return m_stop || m_generation != seen; });
      if (m_stop) return;
      seen = m_generation;
      task = m_task;
    }
    (*task)(worker);
    {
      std::lock_guard lock(m_mutex);
      if (--m_pending == 0) m_done.notify_one();
    }
  }
}

}  // namespace tunelab::workloads
