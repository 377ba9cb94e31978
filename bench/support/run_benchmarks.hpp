// The end of every benchmark main(): Google Benchmark's flags, run, shut down.
#pragma once

namespace sipline::bench {

// Returns main()'s exit status: 1 for an unknown flag.
[[nodiscard]] int run_benchmarks(int argc, char** argv);

}  // namespace sipline::bench
