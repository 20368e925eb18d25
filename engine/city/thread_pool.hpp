// Work spread over threads: ParallelFor runs f(i) for i in [0, n) on up to `threads` threads
// (the calling thread is one of them), handing out indexes one at a time so a slow item does
// not hold up a fixed share of the others. With one thread it is a plain loop, so a run can be
// made serial to compare.
#pragma once

#include <cstddef>
#include <functional>

namespace suan::city {

// The threads to use when the caller says 0: the hardware's, at least 1.
int DefaultThreads();

// f(index, worker) where worker is in [0, threads) and no two calls with the same worker
// overlap (per-worker scratch can be indexed by it). Returns once every call has returned.
// `first`, when given, is work of the calling thread's own: it runs that, then joins the
// others (which have started on f meanwhile).
void ParallelFor(size_t n, int threads, const std::function<void(size_t, int)>& f,
                 const std::function<void()>& first = {});

}  // namespace suan::city
