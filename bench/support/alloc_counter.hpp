// Heap allocation counting for benchmarks: malloc, calloc, realloc, memalign and friends are
// interposed in the benchmark executable (glibc 2.36 has no malloc hooks; BENCH.md §2.4).
#pragma once

#include <cstdint>

namespace sipline::bench {

// Allocations made by the whole process since it started.
[[nodiscard]] std::uint64_t allocation_count() noexcept;

}  // namespace sipline::bench
