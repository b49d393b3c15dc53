#pragma once

#include <condition_variable>
#include <cstddef>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace tunelab::workloads {

// A fixed set of threads created once and reused for every parallel step, so a timed run
// does not pay for thread creation. The calling thread works as worker 0.
class WorkerPool {
 public:
  explicit WorkerPool(int threads);
  ~WorkerPool();
  WorkerPool(const WorkerPool&) = delete;
  WorkerPool& operator=(const WorkerPool&) = delete;

  int size() const { return m_size; }
  // Calls task(worker) once on each of size() workers and returns when all are done.
  void run(const std::function<void(int worker)>& task);

 private:
  void loop(int worker);
  int m_size;
  std::vector<std::thread> m_threads;
  std::mutex m_mutex;
  std::condition_variable m_start;
  std::condition_variable m_done;
  const std::function<void(int)>* m_task = nullptr;
  std::size_t m_generation = 0;
  int m_pending = 0;
  bool m_stop = false;
};

}  // namespace tunelab::workloads
