// bench/rtp: the per-packet media work that knows no codec.
//
// - rtp_parse_stats: a received 172-byte G.711 packet parsed (header, CSRCs, extension, padding)
//   and counted in the source's statistics (RFC 3550 A.1 sequence, A.3 loss, A.8 jitter), with
//   one clock read for its arrival time; baseline libre 1.1, rtp_hdr_decode + rtcp_sess_rx_rtp.
// - srtp_protect / srtp_unprotect: one 160-byte payload through SrtpContext; baseline libsrtp2
//   called directly with the same policy, so the ratio is sipline's overhead.
// Pattern B of BENCH.md §2.3: blocks of kBlock operations, sipline's then the baseline's, each
// timed with thread CPU time; everything a block needs (fresh sequence numbers, packets to
// unprotect) is prepared outside the timed part, identically for both.
#include <array>
#include <cstring>
#include <string>
#include <vector>

#include <benchmark/benchmark.h>

#include "base/clock.hpp"
#include "bench/rtp/baselines.hpp"
#include "bench/support/alloc_counter.hpp"
#include "bench/support/run_benchmarks.hpp"
#include "bench/support/thread_cpu.hpp"
#include "rtp/packet/rtp_packet.hpp"
#include "rtp/srtp/srtp_context.hpp"
#include "rtp/stats/receive_statistics.hpp"

namespace sipline::bench {
namespace {

constexpr std::size_t kBlock = 256;
constexpr std::size_t kPayload = 160;
constexpr std::uint32_t kSsrc = 0x5EC0DE01;

// kBlock packets of 12 + 160 bytes with room for an SRTP trailer; sequence numbers are rewritten
// before each block so that every packet a receiver sees is the next one.
struct PacketBlock {
  std::vector<std::vector<std::byte>> packets;
  std::vector<std::size_t> lengths;
  std::uint16_t next_sequence = 1000;

  PacketBlock() : packets(kBlock), lengths(kBlock) {
    std::array<std::byte, kPayload> payload{};
    for (std::size_t i = 0; i < payload.size(); ++i) {
      payload[i] = static_cast<std::byte>(0xD5 ^ i);  // G.711 A-law silence, varied
    }
    for (std::size_t i = 0; i < kBlock; ++i) {
      packets[i].resize(12 + kPayload + rtp::kSrtpMaxTrailer);
      lengths[i] = *rtp::write_rtp({false, 8, 0, 0, kSsrc}, payload, packets[i]);
    }
  }
  // The next kBlock sequence numbers and timestamps, in plain text again.
  void renumber() {
    for (std::size_t i = 0; i < kBlock; ++i) {
      const std::uint16_t sequence = next_sequence++;
      const std::uint32_t timestamp = static_cast<std::uint32_t>(sequence) * 160U;
      auto& p = packets[i];
      p[2] = static_cast<std::byte>(sequence >> 8);
      p[3] = static_cast<std::byte>(sequence);
      for (std::size_t b = 0; b < 4; ++b) {
        p[4 + b] = static_cast<std::byte>(timestamp >> (24 - 8 * b));
      }
      lengths[i] = 12 + kPayload;
    }
  }
};

double packets_run(const benchmark::State& state) {
  return static_cast<double>(state.iterations()) * static_cast<double>(kBlock);
}

// --- RTP parse + statistics --------------------------------------------------------------

// With kReadClock, each packet's arrival time comes from the monotonic clock, as libre's does
// (one clock_gettime, ~26 ns on this VM); without, it is handed in, as a driver that reads the
// clock once per batch of datagrams (or takes the kernel's receive timestamp) hands it to the core.
template <bool kReadClock>
struct SiplineReceiver {
  explicit SiplineReceiver(std::uint32_t clock_rate) : stats(clock_rate) {}
  rtp::ReceiveStatistics stats;
  SteadyClock clock;
  TimePoint arrival{};
  rtp::RtpPacket packet;  // reused, as a stream's receive path does
  bool receive(std::span<const std::byte> datagram) {
    if (!rtp::parse_rtp_into(datagram, packet)) {
      return false;
    }
    if constexpr (kReadClock) {
      arrival = clock.now();
    } else {
      arrival += std::chrono::milliseconds(20);
    }
    stats.on_packet(packet.sequence, packet.timestamp, arrival);
    benchmark::DoNotOptimize(packet.payload);
    return true;
  }
};

// Pattern B: per block, `prepare()` outside the timed part, then kBlock of `ours(i)`, then kBlock
// of `base(i)`, each timed with thread CPU time. Sets ours_ns, base_ns and speedup per packet;
// false if any call failed.
template <class Prepare, class Ours, class Base>
bool run_pair(benchmark::State& state, Prepare prepare, Ours ours, Base base) {
  std::int64_t ours_ns = 0;
  std::int64_t base_ns = 0;
  bool ok = true;
  for (auto _ : state) {
    ok &= prepare();
    const std::int64_t t0 = thread_cpu_ns();
    for (std::size_t i = 0; i < kBlock; ++i) {
      ok &= ours(i);
    }
    const std::int64_t t1 = thread_cpu_ns();
    for (std::size_t i = 0; i < kBlock; ++i) {
      ok &= base(i);
    }
    const std::int64_t t2 = thread_cpu_ns();
    ours_ns += t1 - t0;
    base_ns += t2 - t1;
  }
  state.counters["ours_ns"] = static_cast<double>(ours_ns) / packets_run(state);
  state.counters["base_ns"] = static_cast<double>(base_ns) / packets_run(state);
  state.counters["speedup"] = static_cast<double>(base_ns) / static_cast<double>(ours_ns);
  return ok;
}

void parse_stats_pair(benchmark::State& state) {
  SiplineReceiver<true> ours(8000);
  LibreReceiver base(8000);
  PacketBlock our_packets;
  PacketBlock base_packets;
  const bool ok = run_pair(
      state,
      [&] {
        our_packets.renumber();
        base_packets.renumber();
        return true;
      },
      [&](std::size_t i) {
        return ours.receive(std::span(our_packets.packets[i]).first(our_packets.lengths[i]));
      },
      [&](std::size_t i) {
        return base.receive(std::span(base_packets.packets[i]).first(base_packets.lengths[i]));
      });
  // Both must have counted every packet (A.1 probation aside): the work was done.
  const auto sent = static_cast<std::uint64_t>(state.iterations()) * kBlock;
  if (!ok || !ours.stats.valid() || ours.stats.lost() != 0 || ours.stats.received() + 2 < sent ||
      base.counted(kSsrc) + 2 < sent) {
    state.SkipWithError("a packet was rejected, lost or not counted");
  }
}

// Allocations per packet, one receiver alone, after a warm-up block.
template <class Receiver>
void parse_stats_single(benchmark::State& state) {
  Receiver receiver(8000);
  PacketBlock block;
  block.renumber();
  for (std::size_t i = 0; i < kBlock; ++i) {
    receiver.receive(std::span(block.packets[i]).first(block.lengths[i]));
  }
  std::uint64_t allocations = 0;
  for (auto _ : state) {
    state.PauseTiming();
    block.renumber();
    state.ResumeTiming();
    const std::uint64_t before = allocation_count();
    for (std::size_t i = 0; i < kBlock; ++i) {
      benchmark::DoNotOptimize(
          receiver.receive(std::span(block.packets[i]).first(block.lengths[i])));
    }
    allocations += allocation_count() - before;
  }
  state.counters["allocs"] = static_cast<double>(allocations) / packets_run(state);
  state.counters["ns_per_packet"] = benchmark::Counter(
      static_cast<double>(kBlock),
      benchmark::Counter::kIsIterationInvariantRate | benchmark::Counter::kInvert);
}

// --- SRTP ------------------------------------------------------------------------------

std::vector<std::byte> master_key(std::size_t bytes) {
  std::vector<std::byte> key(bytes);
  for (std::size_t i = 0; i < bytes; ++i) {
    key[i] = static_cast<std::byte>(i * 29 + 7);
  }
  return key;
}

struct SuiteInfo {
  const char* name;
  rtp::SrtpProfile profile;
  RawSrtpSuite raw;
  std::size_t key_bytes;
};
constexpr SuiteInfo kSuites[] = {
    {"aes_cm_128_hmac_sha1_80", rtp::SrtpProfile::kAesCm128HmacSha1_80,
     RawSrtpSuite::kAesCm128HmacSha1_80, 30},
    {"aead_aes_128_gcm", rtp::SrtpProfile::kAeadAes128Gcm, RawSrtpSuite::kAeadAes128Gcm, 28},
};

struct SrtpSides {
  std::unique_ptr<rtp::SrtpContext> ours_out, ours_in;
  RawSrtp base_out, base_in;
  explicit SrtpSides(const SuiteInfo& suite)
      : ours_out(std::move(*rtp::SrtpContext::create(rtp::SrtpDirection::kOutbound, suite.profile,
                                                     master_key(suite.key_bytes)))),
        ours_in(std::move(*rtp::SrtpContext::create(rtp::SrtpDirection::kInbound, suite.profile,
                                                    master_key(suite.key_bytes)))),
        base_out(suite.raw, true, master_key(suite.key_bytes)),
        base_in(suite.raw, false, master_key(suite.key_bytes)) {}
};

bool ours_protect(rtp::SrtpContext& context, PacketBlock& block, std::size_t i) {
  const auto sealed = context.protect_rtp(block.packets[i], block.lengths[i]);
  if (!sealed) {
    return false;
  }
  block.lengths[i] = *sealed;
  return true;
}

bool base_protect(RawSrtp& raw, PacketBlock& block, std::size_t i) {
  const int sealed = raw.protect(block.packets[i].data(), static_cast<int>(block.lengths[i]));
  block.lengths[i] = static_cast<std::size_t>(sealed);
  return sealed > 0;
}

void srtp_pair(benchmark::State& state, const SuiteInfo* suite, bool unprotect) {
  SrtpSides sides(*suite);
  PacketBlock ours;
  PacketBlock base;
  const auto prepare = [&] {
    ours.renumber();
    base.renumber();
    bool sealed = true;
    for (std::size_t i = 0; unprotect && i < kBlock; ++i) {  // this block's packets, protected
      sealed &= ours_protect(*sides.ours_out, ours, i);
      sealed &= base_protect(sides.base_out, base, i);
    }
    return sealed;
  };
  const auto ours_op = [&](std::size_t i) {
    if (!unprotect) {
      return ours_protect(*sides.ours_out, ours, i);
    }
    const auto opened = sides.ours_in->unprotect_rtp(ours.packets[i], ours.lengths[i]);
    return opened && *opened == 12 + kPayload;
  };
  const auto base_op = [&](std::size_t i) {
    if (!unprotect) {
      return base_protect(sides.base_out, base, i);
    }
    return sides.base_in.unprotect(base.packets[i].data(), static_cast<int>(base.lengths[i])) ==
           static_cast<int>(12 + kPayload);
  };
  if (!run_pair(state, prepare, ours_op, base_op)) {
    state.SkipWithError("SRTP failed");
    return;
  }
  state.counters["overhead_pct"] =
      100.0 * (state.counters["ours_ns"] / state.counters["base_ns"] - 1.0);
}

// Allocations per protect and per unprotect: libsrtp2 over OpenSSL 3 allocates inside every call
// (its HMAC and cipher contexts), with or without sipline around it.
void srtp_allocations(benchmark::State& state, const SuiteInfo* suite, bool raw) {
  SrtpSides sides(*suite);
  PacketBlock block;
  std::uint64_t protect_allocations = 0;
  std::uint64_t unprotect_allocations = 0;
  bool ok = true;
  for (auto _ : state) {
    block.renumber();
    for (std::size_t i = 0; i < kBlock; ++i) {
      const std::uint64_t before = allocation_count();
      ok &= raw ? base_protect(sides.base_out, block, i) : ours_protect(*sides.ours_out, block, i);
      const std::uint64_t between = allocation_count();
      if (raw) {
        ok &= sides.base_in.unprotect(block.packets[i].data(), static_cast<int>(block.lengths[i])) >
              0;
      } else {
        ok &= sides.ours_in->unprotect_rtp(block.packets[i], block.lengths[i]).has_value();
      }
      protect_allocations += between - before;
      unprotect_allocations += allocation_count() - between;
    }
  }
  if (!ok) {
    state.SkipWithError("SRTP failed");
  }
  state.counters["protect_allocs"] = static_cast<double>(protect_allocations) / packets_run(state);
  state.counters["unprotect_allocs"] =
      static_cast<double>(unprotect_allocations) / packets_run(state);
}

void register_all() {
  benchmark::RegisterBenchmark("pair/rtp_parse_stats/sipline_vs_libre", parse_stats_pair);
  benchmark::RegisterBenchmark("single/rtp_parse_stats/sipline",
                               parse_stats_single<SiplineReceiver<true>>);
  benchmark::RegisterBenchmark("single/rtp_parse_stats_core/sipline",
                               parse_stats_single<SiplineReceiver<false>>);
  benchmark::RegisterBenchmark("single/rtp_parse_stats/libre", parse_stats_single<LibreReceiver>);
  for (const SuiteInfo& suite : kSuites) {
    for (const bool unprotect : {false, true}) {
      const std::string input =
          std::string(unprotect ? "srtp_unprotect_" : "srtp_protect_") + suite.name;
      benchmark::RegisterBenchmark(("pair/" + input + "/sipline_vs_libsrtp").c_str(), srtp_pair,
                                   &suite, unprotect);
    }
    for (const bool raw : {false, true}) {
      benchmark::RegisterBenchmark(
          (std::string("single/srtp_round_trip_") + suite.name + (raw ? "/libsrtp" : "/sipline"))
              .c_str(),
          srtp_allocations, &suite, raw);
    }
  }
}

}  // namespace
}  // namespace sipline::bench

int main(int argc, char** argv) {
  sipline::bench::register_all();
  return sipline::bench::run_benchmarks(argc, argv);
}
