// bench/jitter CPU: one packet's work in steady state (no jitter, after 1,000 packets of
// warm-up) — sipline's JitterBuffer insert + next_decision against speexdsp's put + get + tick,
// BENCH.md §4. speex runs without copying payloads (a destroy callback set), its fastest mode.
// Pattern B: blocks of 256 packets each, timed with thread CPU time. Decoding and audio are not
// part of either (the time-stretch cost per frame is its own benchmark below).
#include <array>
#include <cmath>
#include <string>
#include <vector>

#include <benchmark/benchmark.h>
#include <speex/speex_jitter.h>

#include "bench/support/alloc_counter.hpp"
#include "bench/support/run_benchmarks.hpp"
#include "bench/support/thread_cpu.hpp"
#include "media/playout/time_stretch.hpp"
#include "rtp/jitter/jitter_buffer.hpp"

namespace sipline::bench {
namespace {

constexpr int kBlock = 256;
constexpr std::int64_t kFrameUs = 20'000;

struct Ours {
  rtp::JitterBuffer buffer{rtp::JitterBufferConfig{}};
  std::array<std::byte, 160> payload{};
  std::int64_t buffered = 0;
  bool step(int i) {
    const std::int64_t send = std::int64_t{i} * kFrameUs;
    if (buffer.insert({1, static_cast<std::uint16_t>(i), static_cast<std::uint32_t>(i) * 160U, 160,
                       0, false, payload},
                      TimePoint(Duration(send + 30'000))) != rtp::InsertResult::kStored) {
      return false;
    }
    const TimePoint pull(Duration(send + 47'000));
    while (buffered < 160) {
      const rtp::Decision d = buffer.next_decision(pull, buffered);
      if (d.operation == rtp::Operation::kNone) {
        break;
      }
      buffered += d.packet ? d.packet->span : d.amount;
      benchmark::DoNotOptimize(d);
    }
    buffered -= 160;
    return true;
  }
};

void no_destroy(void*) {}

struct Speex {
  JitterBuffer* jitter = jitter_buffer_init(160);
  std::array<char, 160> payload{};
  std::array<char, 2048> out{};
  Speex() {
    auto callback = &no_destroy;
    jitter_buffer_ctl(jitter, JITTER_BUFFER_SET_DESTROY_CALLBACK,
                      reinterpret_cast<void*>(callback));
  }
  ~Speex() { jitter_buffer_destroy(jitter); }
  Speex(const Speex&) = delete;
  Speex& operator=(const Speex&) = delete;
  bool step(int i) {
    JitterBufferPacket packet{};
    packet.data = payload.data();
    packet.len = static_cast<spx_uint32_t>(payload.size());
    packet.timestamp = static_cast<spx_uint32_t>(i) * 160U;
    packet.span = 160;
    packet.sequence = static_cast<spx_uint16_t>(i);
    jitter_buffer_put(jitter, &packet);
    JitterBufferPacket got{};
    got.data = out.data();
    got.len = static_cast<spx_uint32_t>(out.size());
    spx_int32_t offset = 0;
    const int result = jitter_buffer_get(jitter, &got, 160, &offset);
    benchmark::DoNotOptimize(result);
    jitter_buffer_tick(jitter);
    return true;
  }
};

void pair(benchmark::State& state) {
  Ours ours;
  Speex speex;
  int i = 0;
  for (; i < 1000; ++i) {
    ours.step(i);
    speex.step(i);
  }
  std::int64_t ours_ns = 0;
  std::int64_t base_ns = 0;
  std::uint64_t ours_allocations = 0;
  bool ok = true;
  for (auto _ : state) {
    const std::uint64_t a0 = allocation_count();
    const std::int64_t t0 = thread_cpu_ns();
    for (int k = 0; k < kBlock; ++k) {
      ok &= ours.step(i + k);
    }
    const std::int64_t t1 = thread_cpu_ns();
    const std::uint64_t a1 = allocation_count();
    for (int k = 0; k < kBlock; ++k) {
      ok &= speex.step(i + k);
    }
    const std::int64_t t2 = thread_cpu_ns();
    i += kBlock;
    ours_ns += t1 - t0;
    base_ns += t2 - t1;
    ours_allocations += a1 - a0;
  }
  const auto& stats = ours.buffer.statistics();
  if (!ok || stats.late != 0 || stats.lost != 0) {
    state.SkipWithError("sipline's buffer did not play every packet");
    return;
  }
  const double packets = static_cast<double>(state.iterations()) * kBlock;
  state.counters["ours_ns"] = static_cast<double>(ours_ns) / packets;
  state.counters["base_ns"] = static_cast<double>(base_ns) / packets;
  state.counters["speedup"] = static_cast<double>(base_ns) / static_cast<double>(ours_ns);
  state.counters["ours_allocs"] = static_cast<double>(ours_allocations) / packets;
}

// One accelerate or preemptive expand on a 30 ms block of a voiced 8 kHz or 48 kHz signal: the
// per-frame cost of time-stretching, paid only on frames that stretch.
void stretch(benchmark::State& state, std::uint32_t rate, bool expand) {
  const std::size_t n = rate * 30 / 1000;
  std::vector<std::int16_t> voice(n);
  for (std::size_t k = 0; k < n; ++k) {  // 180 Hz with two harmonics
    const double t = static_cast<double>(k) / rate;
    voice[k] = static_cast<std::int16_t>(6000 * std::sin(2 * 3.14159265 * 180 * t) +
                                         3000 * std::sin(2 * 3.14159265 * 360 * t + 0.5) +
                                         1500 * std::sin(2 * 3.14159265 * 540 * t + 1.0));
  }
  std::vector<std::int16_t> work(2 * n);
  std::ptrdiff_t change = 0;
  for (auto _ : state) {
    std::copy(voice.begin(), voice.end(), work.begin());
    change = expand ? media::preemptive_expand(work, n, rate / 200, rate)
                    : media::accelerate(std::span(work).first(n), rate / 200, rate);
    benchmark::DoNotOptimize(work.data());
  }
  if (change == 0) {
    state.SkipWithError("nothing was stretched");
  }
}

}  // namespace
}  // namespace sipline::bench

int main(int argc, char** argv) {
  using sipline::bench::stretch;
  benchmark::RegisterBenchmark("pair/jitter_insert_decide/sipline_vs_speex", sipline::bench::pair);
  for (const std::uint32_t rate : {8000U, 48000U}) {
    for (const bool expand : {false, true}) {
      const std::string name = std::string("stretch/") +
                               (expand ? "preemptive_expand_" : "accelerate_") +
                               std::to_string(rate / 1000) + "k";
      benchmark::RegisterBenchmark(name.c_str(), stretch, rate, expand);
    }
  }
  return sipline::bench::run_benchmarks(argc, argv);
}
