// A small fixed thread pool for the engine's own parallel work (full recalculation by
// topological level). Its threads live as long as the pool and sleep between runs, so a run
// costs a wake-up, not a thread start: a recalculation may hand it dozens of levels.
//
// Run(n, f) calls f(task, worker) for every task in [0, n): tasks are handed out one at a time
// (a slow one does not hold up a fixed share of the others), the calling thread works too (as
// worker 0), and no two calls with the same worker overlap, so per-worker scratch can be
// indexed by it. Run returns once every call has returned; everything the calls wrote is then
// visible to the caller. Runs do not nest and one pool serves one caller at a time.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <mutex>
#include <thread>
#include <vector>

#include "absl/functional/function_ref.h"

namespace suan {

class ThreadPool {
 public:
  // `threads` counts the caller: ThreadPool(2) starts one thread. At least 1.
  explicit ThreadPool(int threads);
  ~ThreadPool();
  ThreadPool(const ThreadPool&) = delete;
  ThreadPool& operator=(const ThreadPool&) = delete;

  int threads() const { return int(workers_.size()) + 1; }
  void Run(size_t n, absl::FunctionRef<void(size_t task, int worker)> f);

 private:
  void WorkerLoop(int worker);
  void Work(int worker);

  std::vector<std::thread> workers_;
  std::mutex mu_;
  std::condition_variable wake_;  // workers: a new run (or the end)
  std::condition_variable done_;  // the caller: the last worker finished
  uint64_t generation_ = 0;       // under mu_
  bool stop_ = false;             // under mu_
  int busy_ = 0;                  // workers still in the current run; under mu_
  // The current run; written by the caller before it wakes the workers (under mu_).
  const absl::FunctionRef<void(size_t, int)>* job_ = nullptr;
  size_t tasks_ = 0;
  std::atomic<size_t> next_{0};
};

}  // namespace suan
