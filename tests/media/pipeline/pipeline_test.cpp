// The whole audio path of a call on a virtual clock: a WAV of tone bursts at the device rate is
// sent through SendStream (resample, encode, RTP, SRTP for Opus), a lossy, jittery network trace,
// and ReceiveStream (SRTP, jitter buffer, playout, decode, resample) into a WAV. What came out:
// the tone's frequency and level, and for every burst the measured delay equals the sum of
// the stage latencies the streams report (plus the trace's transit) within one 5 ms pull.
#include <algorithm>
#include <filesystem>
#include <map>
#include <queue>
#include <random>
#include <vector>

#include <gtest/gtest.h>

#include "media/audio/wav_file.hpp"
#include "media/codec/codec_factory.hpp"
#include "media/pipeline/receive_stream.hpp"
#include "media/pipeline/send_stream.hpp"
#include "rtp/packet/rtp_packet.hpp"
#include "rtp/srtp/srtp_context.hpp"
#include "tests/media/signal.hpp"

namespace sipline::media {
namespace {

constexpr std::uint32_t kDeviceRate = 48000;
constexpr std::size_t kTick = kDeviceRate / 200;  // 5 ms
constexpr double kAmplitude = 8000;
constexpr double kToneHz = 1000;
constexpr std::size_t kChirp = kDeviceRate * 4 / 100;  // 40 ms sweep 500 Hz → 3 kHz, then
constexpr std::size_t kBurst = kDeviceRate * 3 / 10;   // the tone, to 300 ms in all,
constexpr std::size_t kPeriod = kDeviceRate * 6 / 10;  // then 300 ms of silence
constexpr std::size_t kSeconds = 15;

std::filesystem::path temp_path(const std::string& name) {
  return std::filesystem::temp_directory_path() /
         ("sipline-pipeline-" + std::to_string(::getpid()) + "-" + name);
}

// Each burst opens with a chirp, whose sharp correlation peak times it (a tone alone repeats
// every millisecond), then holds the tone whose frequency and level are checked.
std::vector<std::int16_t> bursts() {
  std::vector<std::int16_t> signal(kDeviceRate * kSeconds, 0);
  const auto tone = test::tone(kToneHz, kDeviceRate, signal.size(), kAmplitude);
  for (std::size_t i = 0; i < signal.size(); ++i) {
    const std::size_t at = i % kPeriod;
    if (at < kChirp) {
      const double t = static_cast<double>(at) / kDeviceRate;
      const double seconds = static_cast<double>(kChirp) / kDeviceRate;
      signal[i] = static_cast<std::int16_t>(
          kAmplitude * std::sin(2 * std::numbers::pi * (500 * t + 2500 / (2 * seconds) * t * t)));
    } else if (at < kBurst) {
      signal[i] = tone[i];
    }
  }
  return signal;
}

struct Datagram {
  TimePoint arrival;
  std::uint64_t order;
  std::vector<std::byte> bytes;
  bool operator>(const Datagram& other) const {
    return arrival != other.arrival ? arrival > other.arrival : order > other.order;
  }
};

struct Case {
  const char* codec;
  std::uint32_t clock_rate;
  bool srtp;
};

class Pipeline : public ::testing::TestWithParam<Case> {};

TEST_P(Pipeline, WavThroughALossyNetworkComesOutRightAndOnTime) {
  const Case c = GetParam();
  // The microphone: a real WAV file.
  const auto in_path = temp_path(std::string(c.codec) + "-in.wav");
  const auto out_path = temp_path(std::string(c.codec) + "-out.wav");
  {
    auto writer = WavWriter::create(in_path.string(), kDeviceRate);
    ASSERT_TRUE(writer && (*writer)->write(bursts()));
  }
  const auto input = read_wav(in_path.string());
  ASSERT_TRUE(input);

  auto codec = make_codec(c.codec, c.clock_rate);
  ASSERT_TRUE(codec);
  std::unique_ptr<rtp::SrtpContext> protect;
  std::unique_ptr<rtp::SrtpContext> unprotect;
  if (c.srtp) {
    std::vector<std::byte> key(30);
    for (std::size_t i = 0; i < key.size(); ++i) {
      key[i] = static_cast<std::byte>(i * 7 + 3);
    }
    const auto profile = rtp::SrtpProfile::kAesCm128HmacSha1_80;
    protect = *rtp::SrtpContext::create(rtp::SrtpDirection::kOutbound, profile, key);
    unprotect = *rtp::SrtpContext::create(rtp::SrtpDirection::kInbound, profile, key);
  }
  auto sender = SendStream::create(std::move(codec->encoder), kDeviceRate,
                                   {.payload_type = 96,
                                    .ptime_ms = 20,
                                    .ssrc = 0x5151,
                                    .first_sequence = 65500,
                                    .first_timestamp = 4'294'000'000U});
  auto receiver = ReceiveStream::create(std::move(codec->decoder), kDeviceRate,
                                        {.payload_type = 96, .pull_ms = 5});
  ASSERT_TRUE(sender && receiver);

  // The network: 40 ms base transit, exponential jitter (mean 6 ms, capped at 60), 3 % loss.
  std::mt19937 random(2026);
  std::exponential_distribution<double> jitter(1.0 / 6000);
  std::bernoulli_distribution lost(0.03);
  std::priority_queue<Datagram, std::vector<Datagram>, std::greater<>> network;
  std::map<std::uint16_t, Duration> transit;
  std::map<std::uint16_t, TimePoint> sent_at;
  std::map<std::uint16_t, std::uint32_t> sent_timestamp;
  std::vector<std::uint16_t> dropped;
  std::uint64_t order = 0;
  std::uint64_t unauthenticated = 0;
  (*sender)->on_packet([&](Bytes packet, TimePoint now) {
    // The header is in the clear under SRTP too.
    const auto sequence = static_cast<std::uint16_t>((std::to_integer<unsigned>(packet[2]) << 8) |
                                                     std::to_integer<unsigned>(packet[3]));
    sent_at[sequence] = now;
    sent_timestamp[sequence] = (std::to_integer<std::uint32_t>(packet[4]) << 24) |
                               (std::to_integer<std::uint32_t>(packet[5]) << 16) |
                               (std::to_integer<std::uint32_t>(packet[6]) << 8) |
                               std::to_integer<std::uint32_t>(packet[7]);
    if (lost(random)) {
      dropped.push_back(sequence);
      return;
    }
    const Duration delay{40'000 + static_cast<std::int64_t>(std::min(jitter(random), 60'000.0))};
    transit[sequence] = delay;
    std::vector<std::byte> wire(packet.begin(), packet.end());
    if (protect) {  // as the socket's side does (app/core/call_srtp)
      wire.resize(packet.size() + rtp::kSrtpMaxTrailer);
      wire.resize(protect->protect_rtp(wire, packet.size()).value());
    }
    network.push({now + delay, order++, std::move(wire)});
  });

  // The clock: one 5 ms tick captures a frame (due at its end) and plays one (from its start).
  std::vector<std::int16_t> output;
  std::vector<ReceiveLatency> reported;  // after each tick
  std::vector<std::int16_t> speaker(kTick);
  for (std::size_t tick = 0; (tick + 1) * kTick <= input->samples.size(); ++tick) {
    const TimePoint start{Duration{static_cast<std::int64_t>(tick * 5000)}};
    while (!network.empty() && network.top().arrival <= start) {
      auto datagram = network.top();
      network.pop();
      if (unprotect) {
        const auto plain = unprotect->unprotect_rtp(datagram.bytes, datagram.bytes.size());
        if (!plain) {
          ++unauthenticated;
          continue;
        }
        datagram.bytes.resize(*plain);
      }
      (*receiver)->receive(datagram.bytes, datagram.arrival);
    }
    ASSERT_EQ((*receiver)->frame_samples(), kTick);
    (*receiver)->play(start, speaker);
    output.insert(output.end(), speaker.begin(), speaker.end());
    reported.push_back((*receiver)->latency());
    (*sender)->send(std::span(input->samples).subspan(tick * kTick, kTick), start + Duration{5000});
  }
  EXPECT_EQ(unauthenticated, 0U);
  EXPECT_EQ((*receiver)->counters().malformed, 0U);
  EXPECT_GT((*receiver)->jitter_statistics().received, 500U);
  {
    auto writer = WavWriter::create(out_path.string(), kDeviceRate);
    ASSERT_TRUE(writer && (*writer)->write(output));
  }
  const auto heard = read_wav(out_path.string());
  ASSERT_TRUE(heard);
  ASSERT_EQ(heard->samples.size(), output.size());

  // For every burst whose first packets all arrived: frequency, level and delay.
  const SendLatency send = (*sender)->latency();
  const auto us = [](Duration d) { return static_cast<double>(d.count()); };
  const double rate_per_us = kDeviceRate / 1e6;
  int checked = 0;
  for (std::size_t onset = kPeriod; onset + kPeriod < heard->samples.size(); onset += kPeriod) {
    // The packet that carries the chirp's middle: it left when its ptime had filled, after the
    // resampler's and codec's delays.
    const double middle_us = static_cast<double>(onset + kChirp / 2) / rate_per_us;
    const double leaves_us = middle_us + us(send.resampler) + us(send.codec);
    std::optional<std::uint16_t> carrier;
    for (const auto& [sequence, at] : sent_at) {
      const double first_sample_us = us(at.time_since_epoch()) - us(send.packetization);
      if (first_sample_us <= leaves_us && leaves_us < us(at.time_since_epoch())) {
        carrier = sequence;
      }
    }
    ASSERT_TRUE(carrier);
    const auto near_loss = [&](std::uint16_t s) {
      return std::ranges::any_of(dropped, [s](std::uint16_t d) {
        return static_cast<std::uint16_t>(d - s + 3) <= 18;  // 3 before … 15 after
      });
    };
    if (near_loss(*carrier)) {
      continue;
    }
    // The measured delay: where the chirp best matches the output, up to 250 ms later.
    const auto chirp = std::span<const std::int16_t>(input->samples).subspan(onset, kChirp);
    const std::size_t lag = test::best_lag(
        chirp, std::span<const std::int16_t>(heard->samples).subspan(onset), kDeviceRate / 4);
    const double measured_us = static_cast<double>(lag) / rate_per_us;
    // What the receiver reported for the tick that played the chirp's middle: it names the
    // packet holding the tick's last sample, which is the carrier unless the carrier ended
    // inside the tick — then the tick before names it.
    const auto tick = (onset + kChirp / 2 + lag) / kTick;
    const ReceiveLatency* latency = &reported[tick];
    if (latency->sequence != *carrier && tick > 0) {
      latency = &reported[tick - 1];
    }
    ASSERT_TRUE(latency->playing);
    ASSERT_EQ(latency->sequence, *carrier)
        << "burst at " << static_cast<double>(onset) / rate_per_us / 1000 << " ms";
    const double reported_us = us(send.total()) + us(transit[*carrier]) +
                               us(latency->jitter_buffer) + us(latency->resampler);
    EXPECT_NEAR(measured_us, reported_us, 2000)
        << c.codec << " burst at " << static_cast<double>(onset) / rate_per_us / 1000
        << " ms, packet " << *carrier;
    // The steady tone after the chirp: its frequency, at its level.
    const auto tone = std::span<const std::int16_t>(heard->samples)
                          .subspan(onset + lag + kChirp + kDeviceRate / 20, kDeviceRate / 10);
    EXPECT_NEAR(test::frequency(tone, kDeviceRate), kToneHz, 2.0);
    EXPECT_NEAR(20 * std::log10(test::rms(tone) / (kAmplitude / std::sqrt(2.0))), 0.0, 1.0);
    ++checked;
  }
  EXPECT_GE(checked, 10);
  EXPECT_FALSE(dropped.empty());  // the trace did lose packets
  std::filesystem::remove(in_path);
  std::filesystem::remove(out_path);
}

INSTANTIATE_TEST_SUITE_P(Codecs, Pipeline,
                         ::testing::Values(Case{"PCMU", 8000, false}, Case{"G722", 8000, false},
                                           Case{"opus", 48000, true}),
                         [](const auto& test_case) {
                           return std::string(test_case.param.codec) +
                                  (test_case.param.srtp ? "_srtp" : "");
                         });

TEST(Pipeline, KeyPressesCrossAsTelephoneEvents) {
  auto codec = make_codec("PCMU", 8000);
  ASSERT_TRUE(codec);
  auto sender = SendStream::create(std::move(codec->encoder), 16000,
                                   {.payload_type = 0, .telephone_event_payload_type = 101});
  auto receiver = ReceiveStream::create(std::move(codec->decoder), 16000,
                                        {.payload_type = 0, .telephone_event_payload_type = 101});
  ASSERT_TRUE(sender && receiver);
  std::string digits;
  (*receiver)->on_dtmf([&digits](const rtp::TelephoneEventReceiver::Report& report) {
    if (report.started) {
      digits += "0123456789*#ABCD"[report.event];
    }
  });
  (*sender)->on_packet([&](Bytes packet, TimePoint now) {
    std::vector<std::byte> copy(packet.begin(), packet.end());
    (*receiver)->receive(copy, now);
  });
  for (const char* key = "19#*0D"; *key != '\0'; ++key) {
    const auto event = static_cast<std::uint8_t>(std::string_view("0123456789*#ABCD").find(*key));
    ASSERT_TRUE((*sender)->send_dtmf(event, 100));
  }
  auto plain = SendStream::create(std::move(make_codec("PCMU", 8000)->encoder), 16000, {});
  ASSERT_TRUE(plain);
  EXPECT_FALSE((*plain)->send_dtmf(1, 100));  // no telephone-event negotiated
  const std::vector<std::int16_t> silence(160, 0);
  std::vector<std::int16_t> speaker((*receiver)->frame_samples());
  for (int tick = 0; tick < 400; ++tick) {
    const TimePoint now{Duration{tick * 5000}};
    (*sender)->send(silence, now);
    (*receiver)->play(now, speaker);
  }
  EXPECT_EQ(digits, "19#*0D");
  EXPECT_GT((*receiver)->counters().telephone_events, 6U * 5);
}

// In-band DTMF: each key's tones (120 ms, one key every 200 ms) replace the microphone's audio
// and, through PCMU and the jitter buffer, the receiver hears each key once and in order.
TEST(Pipeline, KeyPressesCrossAsTonesInTheAudio) {
  auto codec = make_codec("PCMU", 8000);
  ASSERT_TRUE(codec);
  auto sender = SendStream::create(std::move(codec->encoder), 16000, {.payload_type = 0});
  auto receiver = ReceiveStream::create(std::move(codec->decoder), 16000, {.payload_type = 0});
  ASSERT_TRUE(sender && receiver);
  std::string heard;
  (*receiver)->on_tone([&heard](char key) { heard += key; });
  (*sender)->on_packet([&](Bytes packet, TimePoint now) {
    std::vector<std::byte> copy(packet.begin(), packet.end());
    (*receiver)->receive(copy, now);
  });
  EXPECT_FALSE((*sender)->send_tone('x', 120));
  const std::string_view keys = "1955#*0D";
  const std::vector<std::int16_t> quiet(80, 0);  // 5 ms at 16 kHz
  std::vector<std::int16_t> speaker((*receiver)->frame_samples());
  for (int tick = 0; tick < 400; ++tick) {
    if (tick % 40 == 0 && static_cast<std::size_t>(tick / 40) < keys.size()) {
      ASSERT_TRUE((*sender)->send_tone(keys[static_cast<std::size_t>(tick / 40)], 120));
    }
    const TimePoint now{Duration{tick * 5000}};
    (*sender)->send(quiet, now);
    (*receiver)->play(now, speaker);
  }
  EXPECT_EQ(heard, keys);
  EXPECT_EQ((*receiver)->counters().telephone_events, 0U);
}

}  // namespace
}  // namespace sipline::media
