#include "engine/thread_pool.hpp"

#include <algorithm>

namespace suan {

ThreadPool::ThreadPool(int threads) {
  int extra = std::max(1, threads) - 1;
  workers_.reserve(size_t(extra));
  for (int w = 1; w <= extra; ++w) workers_.emplace_back([this, w] { WorkerLoop(w); });
}

ThreadPool::~ThreadPool() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stop_ = true;
  }
  wake_.notify_all();
  for (std::thread& t : workers_) t.join();
}

void ThreadPool::Work(int worker) {
  for (size_t i = next_.fetch_add(1, std::memory_order_relaxed); i < tasks_;
       i = next_.fetch_add(1, std::memory_order_relaxed))
    (*job_)(i, worker);
}

void ThreadPool::WorkerLoop(int worker) {
  uint64_t seen = 0;
  for (;;) {
    {
      std::unique_lock<std::mutex> lock(mu_);
      wake_.wait(lock, [&] { return stop_ || generation_ != seen; });
      if (stop_) return;
      seen = generation_;
    }
    Work(worker);
    {
      std::lock_guard<std::mutex> lock(mu_);
      if (--busy_ == 0) done_.notify_one();
    }
  }
}

void ThreadPool::Run(size_t n, absl::FunctionRef<void(size_t, int)> f) {
  if (n == 0) return;
  if (workers_.empty() || n == 1) {
    for (size_t i = 0; i < n; ++i) f(i, 0);
    return;
  }
  {
    // The mutex orders the job's fields before the workers read them, and (below) everything
    // the workers wrote before the caller returns.
    std::lock_guard<std::mutex> lock(mu_);
    job_ = &f;
    tasks_ = n;
    next_.store(0, std::memory_order_relaxed);
    busy_ = int(workers_.size());
    ++generation_;
  }
  wake_.notify_all();
  Work(0);
  std::unique_lock<std::mutex> lock(mu_);
  done_.wait(lock, [&] { return busy_ == 0; });
  job_ = nullptr;
}

}  // namespace suan
