// Thread CPU clock.
#include "bench/support/thread_cpu.hpp"

#include <time.h>

namespace sipline::bench {

std::int64_t thread_cpu_ns() noexcept {
  timespec now{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
  return std::int64_t{now.tv_sec} * 1'000'000'000 + now.tv_nsec;
}

}  // namespace sipline::bench
