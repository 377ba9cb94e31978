// bench/sip_parse: parse + free of the same bytes by sipline, sofia-sip, libosip2 and libre.
//
// sipline's parse is eager for the request line and URI, every Via (with branch, received,
// rport), From/To (with tags), Call-ID, CSeq, Max-Forwards, Contact, Content-Type and
// Content-Length checked against the body; it checks the text of every other header and
// parses Date. Lazy (parsed when read): Allow, Supported, Authorization, Record-Route and the
// other typed headers. sofia-sip parses every header it knows into structs.
#include <functional>
#include <string>

#include <benchmark/benchmark.h>

#include "bench/sip_parse/baselines.hpp"
#include "bench/sip_parse/messages.hpp"
#include "bench/support/alloc_counter.hpp"
#include "bench/support/run_benchmarks.hpp"
#include "bench/support/thread_cpu.hpp"
#include "sip/message/parser.hpp"

namespace sipline::bench {
namespace {

bool parse_sipline(std::string_view bytes) {
  auto message = sip::parse_message(bytes);
  benchmark::DoNotOptimize(message);
  return message.has_value();
}

using Parser = std::function<bool(std::string_view)>;

struct Baseline {
  const char* name;
  bool (*parse)(std::string_view);
};

constexpr Baseline kBaselines[] = {
    {"sofia", parse_sofia}, {"osip", parse_osip}, {"libre", parse_libre}};

// One parser alone: CPU time per parse (Google Benchmark's own) and heap allocations per parse.
void run_single(benchmark::State& state, bool (*parse)(std::string_view),
                const std::string* bytes) {
  if (!parse(*bytes)) {
    state.SkipWithError("the parser rejected the input");
    return;
  }
  const std::uint64_t allocations_before = allocation_count();
  for (auto _ : state) {
    benchmark::DoNotOptimize(parse(*bytes));
  }
  state.counters["allocs"] =
      benchmark::Counter(static_cast<double>(allocation_count() - allocations_before),
                         benchmark::Counter::kAvgIterations);
  state.SetBytesProcessed(state.iterations() * static_cast<std::int64_t>(bytes->size()));
}

// BENCH.md §2.3 pattern B: blocks of 64 parses, sipline's then the baseline's, each timed with
// thread CPU time, so both see the same noise. speedup = baseline / sipline.
void run_pair(benchmark::State& state, const Baseline* baseline, const std::string* bytes) {
  if (!parse_sipline(*bytes) || !baseline->parse(*bytes)) {
    state.SkipWithError("a parser rejected the input");
    return;
  }
  constexpr int kBlock = 64;
  std::int64_t ours_ns = 0;
  std::int64_t base_ns = 0;
  for (auto _ : state) {
    const std::int64_t t0 = thread_cpu_ns();
    for (int i = 0; i < kBlock; ++i) {
      benchmark::DoNotOptimize(parse_sipline(*bytes));
    }
    const std::int64_t t1 = thread_cpu_ns();
    for (int i = 0; i < kBlock; ++i) {
      benchmark::DoNotOptimize(baseline->parse(*bytes));
    }
    const std::int64_t t2 = thread_cpu_ns();
    ours_ns += t1 - t0;
    base_ns += t2 - t1;
  }
  const double parses = static_cast<double>(state.iterations()) * kBlock;
  state.counters["ours_ns"] = static_cast<double>(ours_ns) / parses;
  state.counters["base_ns"] = static_cast<double>(base_ns) / parses;
  state.counters["speedup"] = static_cast<double>(base_ns) / static_cast<double>(ours_ns);
}

// The valid RFC 4475 messages, each parsed once per iteration; baselines that reject one of them
// parse it all the same (the work is theirs to do).
void run_corpus_pair(benchmark::State& state, const Baseline* baseline) {
  static const std::vector<BenchMessage> corpus = rfc4475_valid();
  std::int64_t ours_ns = 0;
  std::int64_t base_ns = 0;
  int base_rejects = 0;
  for (const BenchMessage& message : corpus) {
    if (!parse_sipline(message.bytes)) {
      state.SkipWithError("sipline rejected a valid RFC 4475 message");
      return;
    }
    base_rejects += baseline->parse(message.bytes) ? 0 : 1;
  }
  for (auto _ : state) {
    const std::int64_t t0 = thread_cpu_ns();
    for (const BenchMessage& message : corpus) {
      benchmark::DoNotOptimize(parse_sipline(message.bytes));
    }
    const std::int64_t t1 = thread_cpu_ns();
    for (const BenchMessage& message : corpus) {
      benchmark::DoNotOptimize(baseline->parse(message.bytes));
    }
    const std::int64_t t2 = thread_cpu_ns();
    ours_ns += t1 - t0;
    base_ns += t2 - t1;
  }
  const double rounds = static_cast<double>(state.iterations());
  state.counters["ours_ns"] = static_cast<double>(ours_ns) / rounds;
  state.counters["base_ns"] = static_cast<double>(base_ns) / rounds;
  state.counters["speedup"] = static_cast<double>(base_ns) / static_cast<double>(ours_ns);
  state.counters["base_rejects"] = base_rejects;
}

void register_all() {
  const std::pair<const char*, const std::string*> inputs[] = {
      {"invite", &invite_with_sdp()},
      {"register", &register_with_authorization()},
      {"ok", &ok_with_routes()}};
  for (const auto& [name, bytes] : inputs) {
    for (const Baseline& baseline : kBaselines) {
      benchmark::RegisterBenchmark(
          (std::string("pair/") + name + "/sipline_vs_" + baseline.name).c_str(), run_pair,
          &baseline, bytes);
    }
    benchmark::RegisterBenchmark((std::string("single/") + name + "/sipline").c_str(), run_single,
                                 parse_sipline, bytes);
    for (const Baseline& baseline : kBaselines) {
      benchmark::RegisterBenchmark((std::string("single/") + name + "/" + baseline.name).c_str(),
                                   run_single, baseline.parse, bytes);
    }
  }
  for (const Baseline& baseline : kBaselines) {
    benchmark::RegisterBenchmark(
        (std::string("pair/rfc4475_valid/sipline_vs_") + baseline.name).c_str(), run_corpus_pair,
        &baseline);
  }
}

}  // namespace
}  // namespace sipline::bench

int main(int argc, char** argv) {
  sipline::bench::init_sofia();
  sipline::bench::init_osip();
  sipline::bench::init_libre();
  sipline::bench::register_all();
  return sipline::bench::run_benchmarks(argc, argv);
}
