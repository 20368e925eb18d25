#include "engine/city/thread_pool.hpp"

#include <algorithm>
#include <atomic>
#include <thread>
#include <vector>

namespace suan::city {

int DefaultThreads() {
  unsigned n = std::thread::hardware_concurrency();
  return n == 0 ? 1 : int(n);
}

void ParallelFor(size_t n, int threads, const std::function<void(size_t, int)>& f,
                 const std::function<void()>& first) {
  if (threads <= 0) threads = DefaultThreads();
  threads = int(std::min<size_t>(size_t(threads), n));
  if (threads <= 1) {
    if (first) first();
    for (size_t i = 0; i < n; ++i) f(i, 0);
    return;
  }
  std::atomic<size_t> next{0};
  auto work = [&](int worker) {
    for (size_t i = next.fetch_add(1); i < n; i = next.fetch_add(1)) f(i, worker);
  };
  std::vector<std::thread> pool;
  pool.reserve(size_t(threads - 1));
  for (int w = 1; w < threads; ++w) pool.emplace_back(work, w);
  if (first) first();
  work(0);
  for (std::thread& t : pool) t.join();
}

}  // namespace suan::city
