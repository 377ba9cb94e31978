// Thread CPU time for interleaved same-run comparisons (BENCH.md §2.3, pattern B).
#pragma once

#include <cstdint>

namespace sipline::bench {

// Nanoseconds of CPU time this thread has used (CLOCK_THREAD_CPUTIME_ID).
[[nodiscard]] std::int64_t thread_cpu_ns() noexcept;

}  // namespace sipline::bench
