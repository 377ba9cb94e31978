// The playout with the real jitter buffer and G.711: a tone encoded into packets, sent through
// a network with jitter and loss, must come out as the same tone.
#include "media/playout/playout.hpp"

#include <cmath>
#include <random>

#include <gtest/gtest.h>

#include "media/codec/g711.hpp"
#include "tests/media/signal.hpp"

namespace sipline::media {
namespace {

struct Network {
  std::int64_t delay_us;
  bool lost;
};

// A packet as the played hook reported it: its offset in the frame being pulled, and so its
// position in the whole output (the samples of the frames pulled before, plus the offset).
struct Played {
  std::uint16_t sequence;
  std::size_t offset;
  std::size_t position;
};

// The 440 Hz tone the packets carry, as the receiver decodes it (G.711 μ-law both ways).
std::vector<std::int16_t> decoded_tone(std::size_t samples) {
  auto audio = test::tone(440, 8000, samples, 8000);
  for (auto& sample : audio) {
    sample = g711_decode(G711Law::kMuLaw, g711_encode(G711Law::kMuLaw, sample));
  }
  return audio;
}

// 20 ms packets of a tone (440 Hz unless said) through `network`, pulled every 20 ms at phase
// 7 ms.
std::vector<std::int16_t> play(const std::vector<Network>& network,
                               std::vector<Played>* played = nullptr,
                               PlayoutStatistics* stats = nullptr,
                               rtp::JitterBufferConfig config = {}, double frequency = 440,
                               AudioDecoder* decoder = nullptr) {
  rtp::JitterBuffer buffer(config);
  G711Decoder g711(G711Law::kMuLaw);
  Playout playout(buffer, decoder != nullptr ? *decoder : g711, PlayoutConfig{});
  std::vector<std::int16_t> out;
  if (played != nullptr) {
    playout.on_played([&](const rtp::StoredPacket& packet, std::size_t offset) {
      played->push_back({packet.sequence, offset, out.size() + offset});
    });
  }
  const auto audio = test::tone(frequency, 8000, network.size() * 160, 8000);
  std::vector<std::pair<std::int64_t, std::size_t>> arrivals;
  for (std::size_t i = 0; i < network.size(); ++i) {
    if (!network[i].lost) {
      arrivals.emplace_back(static_cast<std::int64_t>(i) * 20'000 + network[i].delay_us, i);
    }
  }
  std::sort(arrivals.begin(), arrivals.end());
  std::array<std::byte, 160> payload{};
  std::array<std::int16_t, 160> frame{};
  std::size_t next = 0;
  // Pulls end with the last packet's playout: no concealment after the call.
  const std::int64_t end = static_cast<std::int64_t>(network.size()) * 20'000 + 40'000;
  for (std::int64_t now = 7'000; now < end; now += 20'000) {
    for (; next < arrivals.size() && arrivals[next].first <= now; ++next) {
      const std::size_t i = arrivals[next].second;
      g711_encode(G711Law::kMuLaw, std::span(audio).subspan(i * 160, 160), payload);
      (void)buffer.insert({1, static_cast<std::uint16_t>(i), static_cast<std::uint32_t>(i * 160),
                           160, 0, false, payload},
                          TimePoint(Duration(arrivals[next].first)));
    }
    playout.pull(TimePoint(Duration(now)), frame);
    out.insert(out.end(), frame.begin(), frame.end());
  }
  if (stats != nullptr) {
    *stats = playout.statistics();
  }
  return out;
}

TEST(Playout, ASteadyStreamComesOutBitExactWithoutStretching) {
  const std::vector<Network> network(250, Network{30'000, false});
  PlayoutStatistics stats;
  rtp::JitterBufferConfig config;
  config.initial_target_us = 0;  // no start-up margin to give back later
  std::vector<Played> played;
  const auto out = play(network, &played, &stats, config);
  EXPECT_EQ(stats.concealed_samples, 0U);
  EXPECT_EQ(stats.inserted_samples + stats.removed_samples, 0U);
  // The decoded tone, delayed by a whole number of samples.
  const auto decoded = decoded_tone(250 * 160);
  const std::size_t start = stats.silence_samples;
  ASSERT_LE(start + decoded.size(), out.size());
  EXPECT_TRUE(
      std::equal(decoded.begin(), decoded.end(), out.begin() + static_cast<std::ptrdiff_t>(start)));
  // The hook says where each packet's audio begins: packet i's 160 samples follow the silence
  // and the i packets before it.
  std::vector<std::size_t> positions;
  std::vector<std::size_t> expected;
  for (const Played& p : played) {
    positions.push_back(p.position);
    expected.push_back(start + std::size_t{p.sequence} * 160);
  }
  EXPECT_EQ(played.size(), 250U);
  EXPECT_EQ(positions, expected);
}

TEST(Playout, JitterAndLossStillGiveTheTone) {
  std::mt19937 random(7);
  std::normal_distribution<double> jitter(0, 8'000);  // the test checks the tone, not the numbers
  std::bernoulli_distribution loss(0.05);
  std::vector<Network> network(1500);
  for (auto& n : network) {
    n = {30'000 + std::max<std::int64_t>(-25'000, static_cast<std::int64_t>(jitter(random))),
         loss(random)};
  }
  PlayoutStatistics stats;
  std::vector<Played> played;
  const auto out = play(network, &played, &stats);
  EXPECT_GT(stats.concealed_samples, 0U);
  EXPECT_GT(stats.merges, 0U);
  // Measured in 100 ms windows after the start: the tone, at its level, everywhere.
  const std::size_t start = stats.silence_samples + 800;
  int windows = 0;
  int good = 0;
  for (std::size_t i = start; i + 800 <= out.size() - 2400; i += 800, ++windows) {
    const std::span<const std::int16_t> window(out.data() + i, 800);
    good +=
        std::abs(test::frequency(window, 8000) - 440.0) < 10.0 && test::rms(window) > 3000 ? 1 : 0;
  }
  EXPECT_GE(good, windows * 9 / 10);
  // Each packet comes out after the one before it, within four frames of the frame pulled;
  // where neither concealment nor stretching touched it, its audio is bit-exact where the hook
  // says it begins.
  const auto decoded = decoded_tone(network.size() * 160);
  std::size_t exact = 0;
  for (std::size_t k = 0; k < played.size(); ++k) {
    const Played& p = played[k];
    EXPECT_LT(p.offset, 160U * 4);
    if (k > 0) {
      EXPECT_GT(p.sequence, played[k - 1].sequence);  // 1500 packets: no wrap
      EXPECT_GT(p.position, played[k - 1].position);
    }
    if (p.position + 160 <= out.size() &&
        std::equal(decoded.begin() + p.sequence * 160, decoded.begin() + (p.sequence + 1) * 160,
                   out.begin() + static_cast<std::ptrdiff_t>(p.position))) {
      ++exact;
    }
  }
  EXPECT_GE(exact, played.size() * 3 / 4) << exact << " of " << played.size();
}

TEST(Playout, APacketEndingAConcealmentJoinsItInPhase) {
  // 425 Hz: a 20 ms concealment is 8.5 periods, so the late packet played right after it would
  // come half a period off and cancel the tone around the join. One packet comes 19 ms late.
  constexpr double kTone = 425;
  std::vector<Network> network(100, Network{30'000, false});
  network[50].delay_us += 19'000;
  rtp::JitterBufferConfig config;
  config.initial_target_us = 0;
  PlayoutStatistics stats;
  const auto out = play(network, nullptr, &stats, config, kTone);
  EXPECT_EQ(stats.expands, 1U);
  EXPECT_GT(stats.aligned_samples, 0U);
  // Every 100 ms window, sliding by 20 ms, within 1 dB of the tone's level.
  const double steady =
      test::tone_power(std::span(out).subspan(stats.silence_samples, 800), kTone, 8000);
  for (std::size_t i = stats.silence_samples; i + 800 <= out.size() - 800; i += 160) {
    const double power = test::tone_power(std::span(out).subspan(i, 800), kTone, 8000);
    EXPECT_NEAR(10 * std::log10(power / steady), 0.0, 1.0) << "window at sample " << i;
  }
}

// G.711 with a concealment of its own (as Opus has), counting the samples it was asked for.
class ConcealingDecoder final : public AudioDecoder {
 public:
  [[nodiscard]] std::uint32_t sample_rate() const noexcept override { return 8000; }
  [[nodiscard]] std::size_t samples_in(Bytes payload) const noexcept override {
    return payload.size();
  }
  [[nodiscard]] Result<std::size_t> decode(Bytes payload,
                                           std::span<std::int16_t> out) noexcept override {
    return g711_.decode(payload, out);
  }
  [[nodiscard]] bool has_concealment() const noexcept override { return true; }
  void conceal(std::span<std::int16_t> out) noexcept override {
    std::ranges::fill(out, std::int16_t{0});
    concealed += out.size();
  }
  std::size_t concealed = 0;

 private:
  G711Decoder g711_{G711Law::kMuLaw};
};

TEST(Playout, TheDecoderConcealsLostPacketsButNeverHearsOfLateOnes) {
  rtp::JitterBufferConfig config;
  config.initial_target_us = 0;
  // Late: packet 50 comes 19 ms after its time and is still played. The decoder must not have
  // made up a frame before it; the playout's own concealment covers the wait.
  std::vector<Network> late(100, Network{30'000, false});
  late[50].delay_us += 19'000;
  ConcealingDecoder late_decoder;
  PlayoutStatistics stats;
  (void)play(late, nullptr, &stats, config, 440, &late_decoder);
  EXPECT_EQ(stats.expands, 1U);
  EXPECT_EQ(late_decoder.concealed, 0U);
  // Lost: packet 50 never comes, and 51 is there before 50's time. That is the decoder's to
  // conceal. (When nothing later has come yet, the playout cannot tell a loss from a late
  // packet and conceals itself.)
  std::vector<Network> lost(100, Network{30'000, false});
  lost[50].lost = true;
  lost[51].delay_us = 10'000;
  ConcealingDecoder lost_decoder;
  (void)play(lost, nullptr, &stats, config, 440, &lost_decoder);
  EXPECT_GE(stats.expands, 1U);
  EXPECT_GE(lost_decoder.concealed, 160U);
}

TEST(Playout, ComfortNoiseFillsTheSendersSilenceAtItsLevel) {
  // 1 s of tone, one CN packet at 40 dBov, 1 s with nothing sent, then the tone again. The
  // sequence numbers run on (RFC 3551): nothing was lost.
  rtp::JitterBuffer buffer(rtp::JitterBufferConfig{});
  G711Decoder decoder(G711Law::kMuLaw);
  PlayoutConfig config;
  config.comfort_noise_payload_type = 13;
  Playout playout(buffer, decoder, config);
  const auto tone = test::tone(440, 8000, 160, 8000);
  std::array<std::byte, 160> speech{};
  g711_encode(G711Law::kMuLaw, tone, speech);
  const std::array<std::byte, 1> cn{std::byte{40}};
  std::vector<std::int16_t> out;
  std::array<std::int16_t, 160> frame{};
  std::uint16_t sequence = 0;
  for (int i = 0; i < 150; ++i) {
    const std::int64_t now = i * 20'000;
    if (i < 50 || i >= 101) {
      (void)buffer.insert(
          {1, sequence++, static_cast<std::uint32_t>(i * 160), 160, 0, false, speech},
          TimePoint(Duration(now - 13'000)));
    } else if (i == 50) {
      (void)buffer.insert({1, sequence++, static_cast<std::uint32_t>(i * 160), 160, 13, false, cn},
                          TimePoint(Duration(now - 13'000)));
    }
    playout.pull(TimePoint(Duration(now + 7'000)), frame);
    out.insert(out.end(), frame.begin(), frame.end());
  }
  const auto& stats = playout.statistics();
  EXPECT_EQ(stats.concealed_samples, 0U);
  EXPECT_GE(stats.comfort_noise_samples, 49U * 160U);
  EXPECT_EQ(buffer.statistics().lost, 0U);
  const std::span<const std::int16_t> quiet(out.data() + 70 * 160, 20 * 160);
  EXPECT_NEAR(test::rms(quiet), 32767.0 * std::pow(10.0, -40.0 / 20.0), 40.0);
  EXPECT_GT(test::rms(std::span<const std::int16_t>(out.data() + 130 * 160, 10 * 160)), 5000.0);
}

}  // namespace
}  // namespace sipline::media
