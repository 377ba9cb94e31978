// bench/media: per 20 ms frame and direction, what sipline's audio pipeline costs beyond the codec
// itself, measured against the codec called directly in the same run (BENCH.md §2.3 pattern B:
// interleaved blocks, thread CPU time).
//
// - send_<codec>: SendStream::send (gather ptime, encode, RTP header, statistics, sink) vs the
//   bare encoder (libopus at the same settings; sipline's G.711 table codec, the fastest there is).
// - receive_<codec>: ReceiveStream::receive (RTP parse, statistics, jitter buffer) plus four 5 ms
//   play() pulls (decision, decode, playout) vs the bare decoder on the same payload.
// - opus_encode/<complexity>: libopus's own cost at complexity 0, 5 and 10.
// - resample/<from>/<to>: the SpeexDSP resampler, one 20 ms frame.
// Device and codec rates are equal in send/receive (48 kHz Opus, 8 kHz G.711): the resampler is
// priced on its own. Allocations are counted over the timed blocks (goal 0 in steady state).
#include <array>
#include <cmath>
#include <numbers>
#include <vector>

#include <benchmark/benchmark.h>

#include "bench/media/baselines.hpp"
#include "bench/support/alloc_counter.hpp"
#include "bench/support/run_benchmarks.hpp"
#include "bench/support/thread_cpu.hpp"
#include "media/codec/codec_factory.hpp"
#include "media/codec/g711.hpp"
#include "media/dsp/resampler.hpp"
#include "media/pipeline/receive_stream.hpp"
#include "media/pipeline/send_stream.hpp"
#include "rtp/packet/rtp_packet.hpp"

namespace sipline::bench {
namespace {

constexpr std::size_t kBlock = 32;  // frames per timed block (≥ 100 µs for either side)

// One second of a voice-like signal at `rate`: two tones and some noise, so codecs do real work.
std::vector<std::int16_t> voice_like(std::uint32_t rate) {
  std::vector<std::int16_t> out(rate);
  std::uint32_t seed = 12345;
  for (std::size_t i = 0; i < out.size(); ++i) {
    const double t = static_cast<double>(i) / rate;
    seed = seed * 1664525U + 1013904223U;
    const double noise = (static_cast<double>(seed >> 8) / 8388608.0 - 1.0) * 800;
    out[i] = static_cast<std::int16_t>(5000 * std::sin(2 * std::numbers::pi * 220 * t) +
                                       2500 * std::sin(2 * std::numbers::pi * 1430 * t) + noise);
  }
  return out;
}

struct Totals {
  std::int64_t ours_ns = 0;
  std::int64_t base_ns = 0;
  std::uint64_t allocations = 0;
  std::uint64_t frames = 0;
  void report(benchmark::State& state) const {
    const auto per = [this](std::int64_t ns) {
      return static_cast<double>(ns) / static_cast<double>(frames);
    };
    state.counters["ours_ns"] = per(ours_ns);
    state.counters["base_ns"] = per(base_ns);
    state.counters["overhead_ns"] = per(ours_ns - base_ns);
    state.counters["allocs_per_frame"] =
        static_cast<double>(allocations) / static_cast<double>(frames);
  }
};

// Times `f` on thread CPU; adds the allocations it made to `totals`.
template <class F>
std::int64_t timed(Totals& totals, F&& f) {
  const std::uint64_t allocations = allocation_count();
  const std::int64_t start = thread_cpu_ns();
  f();
  const std::int64_t elapsed = thread_cpu_ns() - start;
  totals.allocations += allocation_count() - allocations;
  return elapsed;
}

// --- send ----------------------------------------------------------------------------------

template <class Baseline>
void send_pair(benchmark::State& state, media::SendStream& stream, Baseline&& baseline,
               std::uint32_t rate) {
  const auto signal = voice_like(rate);
  const std::size_t frame = rate / 50;
  std::size_t sent_bytes = 0;
  stream.on_packet([&sent_bytes](Bytes packet, TimePoint) { sent_bytes += packet.size(); });
  Totals totals;
  std::size_t at = 0;
  TimePoint now{};
  for (auto _ : state) {
    const std::size_t first = at;
    totals.ours_ns += timed(totals, [&] {
      for (std::size_t i = 0; i < kBlock; ++i) {
        now += Duration{20'000};
        stream.send(std::span(signal).subspan(((first + i) % 50) * frame, frame), now);
      }
    });
    const std::uint64_t ours_allocations = totals.allocations;
    totals.base_ns += timed(totals, [&] {
      for (std::size_t i = 0; i < kBlock; ++i) {
        baseline(std::span(signal).subspan(((first + i) % 50) * frame, frame));
      }
    });
    totals.allocations = ours_allocations;  // count ours only
    at += kBlock;
    totals.frames += kBlock;
  }
  if (sent_bytes == 0 || stream.encode_errors() != 0) {
    state.SkipWithError("the send stream sent nothing or failed to encode");
  }
  totals.report(state);
}

void send_opus(benchmark::State& state) {
  const int complexity = static_cast<int>(state.range(0));
  media::CodecOptions options;
  options.opus.complexity = complexity;
  auto codec = media::make_codec("opus", 48000, options);
  auto stream = media::SendStream::create(std::move(codec->encoder), 48000, {.payload_type = 96});
  RawOpus raw(complexity);
  std::array<std::byte, 1500> out{};
  send_pair(
      state, **stream,
      [&](std::span<const std::int16_t> pcm) { benchmark::DoNotOptimize(raw.encode(pcm, out)); },
      48000);
}
BENCHMARK(send_opus)->Arg(0)->Arg(5)->Arg(10);

void send_pcmu(benchmark::State& state) {
  auto codec = media::make_codec("PCMU", 8000);
  auto stream = media::SendStream::create(std::move(codec->encoder), 8000, {.payload_type = 0});
  media::G711Encoder raw(media::G711Law::kMuLaw);
  std::array<std::byte, 1500> out{};
  send_pair(
      state, **stream,
      [&](std::span<const std::int16_t> pcm) { benchmark::DoNotOptimize(raw.encode(pcm, out)); },
      8000);
}
BENCHMARK(send_pcmu);

// --- receive -------------------------------------------------------------------------------

// Payloads for one second, encoded once; each block gets them in fresh RTP headers.
template <class Baseline>
void receive_pair(benchmark::State& state, media::ReceiveStream& stream,
                  const std::vector<std::vector<std::byte>>& payloads, std::uint32_t rate,
                  Baseline&& baseline) {
  const std::size_t frame = rate / 50;
  std::vector<std::vector<std::byte>> packets(kBlock, std::vector<std::byte>(1500));
  std::vector<std::size_t> lengths(kBlock);
  std::vector<std::int16_t> speaker(stream.frame_samples());
  std::uint16_t sequence = 0;
  std::uint32_t timestamp = 0;
  TimePoint now{};
  Totals totals;
  std::size_t at = 0;
  for (auto _ : state) {
    for (std::size_t i = 0; i < kBlock; ++i) {  // untimed: the sender's work
      const auto& payload = payloads[(at + i) % payloads.size()];
      lengths[i] = *rtp::write_rtp({false, 96, sequence++, timestamp, 0xABCD}, payload, packets[i]);
      timestamp += static_cast<std::uint32_t>(frame);
    }
    totals.ours_ns += timed(totals, [&] {
      for (std::size_t i = 0; i < kBlock; ++i) {
        stream.receive(std::span(packets[i]).first(lengths[i]), now);
        for (int pull = 0; pull < 4; ++pull) {
          stream.play(now, speaker);
          now += Duration{5000};
        }
      }
    });
    const std::uint64_t ours_allocations = totals.allocations;
    totals.base_ns += timed(totals, [&] {
      for (std::size_t i = 0; i < kBlock; ++i) {
        baseline(payloads[(at + i) % payloads.size()]);
      }
    });
    totals.allocations = ours_allocations;
    at += kBlock;
    totals.frames += kBlock;
  }
  const auto& played = stream.playout_statistics();
  if (stream.counters().malformed != 0 || played.decode_errors != 0 ||
      stream.jitter_statistics().received < totals.frames) {
    state.SkipWithError("the receive stream dropped or failed packets");
  }
  // Time-stretch operations per second of audio: each one is a pitch search.
  state.counters["stretches_per_s"] =
      static_cast<double>(played.accelerates + played.preemptive_expands) * 50.0 /
      static_cast<double>(std::max<std::uint64_t>(totals.frames, 1));
  state.counters["concealed_pct"] =
      100.0 * static_cast<double>(played.concealed_samples) /
      static_cast<double>(std::max<std::uint64_t>(played.played_samples, 1));
  totals.report(state);
}

void receive_opus(benchmark::State& state) {
  RawOpus encoder(5);
  const auto signal = voice_like(48000);
  std::vector<std::vector<std::byte>> payloads;
  for (std::size_t i = 0; i < 50; ++i) {
    std::vector<std::byte> payload(1500);
    const int n = encoder.encode(std::span(signal).subspan(i * 960, 960), payload);
    payload.resize(static_cast<std::size_t>(std::max(n, 0)));
    payloads.push_back(std::move(payload));
  }
  auto codec = media::make_codec("opus", 48000);
  auto stream =
      media::ReceiveStream::create(std::move(codec->decoder), 48000, {.payload_type = 96});
  RawOpus raw(5);
  std::vector<std::int16_t> pcm(960);
  receive_pair(state, **stream, payloads, 48000, [&](std::span<const std::byte> payload) {
    benchmark::DoNotOptimize(raw.decode(payload, pcm));
  });
}
BENCHMARK(receive_opus);

void receive_pcmu(benchmark::State& state) {
  media::G711Encoder encoder(media::G711Law::kMuLaw);
  const auto signal = voice_like(8000);
  std::vector<std::vector<std::byte>> payloads;
  for (std::size_t i = 0; i < 50; ++i) {
    std::vector<std::byte> payload(160);
    (void)encoder.encode(std::span(signal).subspan(i * 160, 160), payload);
    payloads.push_back(std::move(payload));
  }
  auto codec = media::make_codec("PCMU", 8000);
  auto stream = media::ReceiveStream::create(std::move(codec->decoder), 8000, {.payload_type = 96});
  media::G711Decoder raw(media::G711Law::kMuLaw);
  std::vector<std::int16_t> pcm(160);
  receive_pair(state, **stream, payloads, 8000, [&](std::span<const std::byte> payload) {
    benchmark::DoNotOptimize(raw.decode(payload, pcm));
  });
}
BENCHMARK(receive_pcmu);

// --- libopus and the resampler on their own ------------------------------------------------

void opus_encode(benchmark::State& state) {
  RawOpus raw(static_cast<int>(state.range(0)));
  const auto signal = voice_like(48000);
  std::array<std::byte, 1500> out{};
  std::size_t i = 0;
  for (auto _ : state) {
    benchmark::DoNotOptimize(raw.encode(std::span(signal).subspan((i++ % 50) * 960, 960), out));
  }
  state.counters["frame_us"] =
      benchmark::Counter(static_cast<double>(state.iterations()) * 1e-6,
                         benchmark::Counter::kIsRate | benchmark::Counter::kInvert);
}
BENCHMARK(opus_encode)->Arg(0)->Arg(5)->Arg(10);

void resample(benchmark::State& state) {
  const auto from = static_cast<std::uint32_t>(state.range(0));
  const auto to = static_cast<std::uint32_t>(state.range(1));
  auto resampler = media::Resampler::create(from, to);
  const auto signal = voice_like(from);
  std::vector<std::int16_t> out(to / 50 + 16);
  std::size_t i = 0;
  const std::uint64_t allocations = allocation_count();
  for (auto _ : state) {
    const auto frame = std::span(signal).subspan((i++ % 50) * (from / 50), from / 50);
    benchmark::DoNotOptimize((*resampler)->process(frame, out));
  }
  state.counters["allocs_per_frame"] =
      static_cast<double>(allocation_count() - allocations) /
      static_cast<double>(std::max<benchmark::IterationCount>(state.iterations(), 1));
}
BENCHMARK(resample)
    ->Args({48000, 8000})
    ->Args({8000, 48000})
    ->Args({48000, 16000})
    ->Args({16000, 48000});

}  // namespace
}  // namespace sipline::bench

int main(int argc, char** argv) { return sipline::bench::run_benchmarks(argc, argv); }
