// Running the registered benchmarks.
#include "bench/support/run_benchmarks.hpp"

#include <benchmark/benchmark.h>

namespace sipline::bench {

int run_benchmarks(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) {
    return 1;
  }
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}

}  // namespace sipline::bench
