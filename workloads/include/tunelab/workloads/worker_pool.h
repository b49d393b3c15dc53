#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace tunelab::workloads {

// A fixed set of threads created once and reused for every parallel step, so a timed run
// does not pay for thread creation. The calling thread works as worker 0.
//
// `spin` > 0: between steps, idle workers (and the caller waiting for them) poll for that long
// before sleeping on the condition variable, as OpenMP runtimes do with an active wait
// policy. Algorithms with many short steps (a blocked factorization synchronizes twice per
// panel) then do not pay a futex wake-up and a scheduler round trip per step; the price is
// CPU time burnt while polling. 0 (the default) always sleeps.
class WorkerPool {
 public:
  explicit WorkerPool(int threads, std::chrono::microseconds spin = {});
  ~WorkerPool();
  WorkerPool(const WorkerPool&) = delete;
  WorkerPool& operator=(const WorkerPool&) = delete;

  int size() const { return m_size; }
  // Calls task(worker) once on each of size() workers and returns when all are done.
  void run(const std::function<void(int worker)>& task);

 private:
  void loop(int worker);
  int m_size;
  std::chrono::microseconds m_spin;
  std::vector<std::thread> m_threads;
  std::mutex m_mutex;
  std::condition_variable m_start;
  std::condition_variable m_done;
  const std::function<void(int)>* m_task = nullptr;
  // Written under m_mutex; atomic so the polling phase can read them without it.
  std::atomic<std::size_t> m_generation{0};
  std::atomic<int> m_pending{0};
  std::atomic<bool> m_stop{false};
};

}  // namespace tunelab::workloads
