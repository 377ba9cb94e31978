// The mixer with real streams: two calls, each remote sending its own tone, are both heard; the
// microphone reaches both remotes; a call on hold is neither heard nor sent to; a recording holds
// what we sent on the left and what we heard on the right; each call reports its latencies.
#include "media/pipeline/audio_mixer.hpp"

#include <filesystem>
#include <vector>

#include <gtest/gtest.h>

#include "media/audio/wav_file.hpp"
#include "media/codec/codec_factory.hpp"
#include "tests/media/signal.hpp"

namespace sipline::media {
namespace {

constexpr std::uint32_t kRate = 16000;
constexpr std::size_t kTick = kRate / 200;  // 5 ms

// One call: a remote that sends a tone to our receive stream, our send stream whose packets the
// remote decodes back to audio.
struct Call {
  explicit Call(double remote_tone) : tone(remote_tone) {
    auto codec = make_codec("PCMU", 8000);
    auto back = make_codec("PCMU", 8000);
    remote_send = *SendStream::create(std::move(codec->encoder), kRate, {.payload_type = 0});
    receive = *ReceiveStream::create(std::move(codec->decoder), kRate, {.payload_type = 0});
    send = *SendStream::create(std::move(back->encoder), kRate, {.payload_type = 0});
    remote_receive = *ReceiveStream::create(std::move(back->decoder), kRate, {.payload_type = 0});
    remote_send->on_packet([this](Bytes packet, TimePoint now) {
      std::vector<std::byte> copy(packet.begin(), packet.end());
      receive->receive(copy, now);
    });
    send->on_packet([this](Bytes packet, TimePoint now) {
      std::vector<std::byte> copy(packet.begin(), packet.end());
      remote_receive->receive(copy, now);
    });
  }
  // The remote's side of one tick: it speaks its tone and listens to us.
  void remote_tick(std::size_t tick, TimePoint now) {
    const auto audio =
        test::tone(tone, kRate, kTick, 6000,
                   2 * std::numbers::pi * tone * static_cast<double>(tick * kTick) / kRate);
    remote_send->send(audio, now);
    std::vector<std::int16_t> out(kTick);
    remote_receive->play(now, out);
    heard.insert(heard.end(), out.begin(), out.end());
  }
  double tone;
  std::unique_ptr<SendStream> remote_send;
  std::unique_ptr<ReceiveStream> receive;
  std::unique_ptr<SendStream> send;
  std::unique_ptr<ReceiveStream> remote_receive;
  std::vector<std::int16_t> heard;  // by the remote
};

struct Run {
  std::vector<std::int16_t> speaker;
};

MixerConfig plain_mixer() {
  MixerConfig config;
  config.sample_rate = kRate;
  config.voice.echo_cancellation = false;
  config.voice.noise_suppression = false;
  return config;
}

double level_db(std::span<const std::int16_t> x, double frequency) {
  return 10 * std::log10(test::tone_power(x, frequency, kRate) + 1e-9);
}

TEST(AudioMixer, CallsAreMixedAndAHeldCallIsNeitherHeardNorSentTo) {
  auto mixer = AudioMixer::create(plain_mixer());
  ASSERT_TRUE(mixer);
  Call a(500);
  Call b(1300);
  ASSERT_TRUE((*mixer)->add_call(1, *a.send, *a.receive));
  ASSERT_TRUE((*mixer)->add_call(2, *b.send, *b.receive));
  EXPECT_FALSE((*mixer)->add_call(2, *b.send, *b.receive));
  std::vector<std::int16_t> speaker(kTick);
  std::vector<std::int16_t> heard;
  const auto microphone = test::tone(800, kRate, kRate * 3, 6000);
  std::uint64_t b_packets_at_hold = 0;
  std::uint64_t b_packets_held = 0;                 // sent to B while we held it
  for (std::size_t tick = 0; tick < 600; ++tick) {  // 3 s
    const TimePoint now{Duration{static_cast<std::int64_t>(tick) * 5000}};
    if (tick == 300) {  // we hold B: it gets silence and is not heard
      (*mixer)->set_flow(2, {.microphone = false, .send = true, .play = false});
      b_packets_at_hold = b.send->packets_sent();
    }
    if (tick == 500) {  // and then B holds us too: nothing is sent to it
      (*mixer)->set_flow(2, {.microphone = false, .send = false, .play = false});
      b_packets_held = b.send->packets_sent() - b_packets_at_hold;
      b_packets_at_hold = b.send->packets_sent();
    }
    a.remote_tick(tick, now);
    b.remote_tick(tick, now);
    (*mixer)->tick(std::span(microphone).subspan(tick * kTick, kTick), speaker, now);
    heard.insert(heard.end(), speaker.begin(), speaker.end());
  }
  // Before the hold: both remotes heard, at their level.
  const auto both = std::span<const std::int16_t>(heard).subspan(kRate / 2, kRate);
  EXPECT_NEAR(level_db(both, 500), level_db(test::tone(500, kRate, kRate, 6000), 500), 1.0);
  EXPECT_NEAR(level_db(both, 1300), level_db(test::tone(1300, kRate, kRate, 6000), 1300), 1.0);
  // After: only the call not held.
  const auto one = std::span<const std::int16_t>(heard).subspan(kRate * 2, kRate / 2);
  EXPECT_GT(level_db(one, 500), level_db(one, 1300) + 40);
  EXPECT_EQ(b.send->packets_sent(), b_packets_at_hold);  // nothing since tick 500
  EXPECT_GE(b_packets_held, 45U);                        // 1 s of 20 ms packets, silent
  EXPECT_GT(a.send->packets_sent(), 140U);
  // Both remotes heard the microphone while they were in the call; B, held, heard silence: its
  // stream went on (it received packets) without our microphone.
  EXPECT_NEAR(test::frequency(std::span(a.heard).subspan(kRate * 2, kRate / 2), kRate), 800, 2);
  EXPECT_NEAR(test::frequency(std::span(b.heard).subspan(kRate / 2, kRate / 2), kRate), 800, 2);
  ASSERT_GT(b.heard.size(), kRate * 2);
  const auto held =
      std::span<const std::int16_t>(b.heard).subspan(kRate * 3 / 2 + kRate / 10, kRate * 2 / 5);
  EXPECT_LT(level_db(held, 800),
            level_db(std::span(b.heard).subspan(kRate / 2, kRate / 2), 800) - 40);

  const auto latency = (*mixer)->latency(1);
  ASSERT_TRUE(latency);
  EXPECT_EQ(latency->send.packetization, Duration{20'000});
  EXPECT_GT(latency->send.resampler, Duration{0});  // 16 kHz device, 8 kHz codec
  EXPECT_TRUE(latency->receive.playing);
  EXPECT_EQ(latency->tick, Duration{5000});
  (*mixer)->remove_call(2);
  EXPECT_FALSE((*mixer)->latency(2));
}

// A local conference: each member is sent the microphone and the other member's voice (not its
// own), we hear both; when one is held it drops out of the other's mix; out of the conference
// each hears only us again.
TEST(AudioMixer, ConferenceMembersHearEachOtherAndUsButNotThemselves) {
  auto mixer = AudioMixer::create(plain_mixer());
  ASSERT_TRUE(mixer);
  Call a(500);
  Call b(1300);
  ASSERT_TRUE((*mixer)->add_call(1, *a.send, *a.receive));
  ASSERT_TRUE((*mixer)->add_call(2, *b.send, *b.receive));
  (*mixer)->set_conference(1, true);
  (*mixer)->set_conference(2, true);
  (*mixer)->set_conference(7, true);  // no such call: nothing
  std::vector<std::int16_t> speaker(kTick);
  const auto microphone = test::tone(800, kRate, kRate * 4, 6000);
  for (std::size_t tick = 0; tick < 800; ++tick) {  // 4 s
    const TimePoint now{Duration{static_cast<std::int64_t>(tick) * 5000}};
    if (tick == 400) {  // B held: A hears only us; B is sent silence
      (*mixer)->set_flow(2, {.microphone = false, .send = true, .play = false});
    }
    if (tick == 600) {  // back, and out of the conference: each hears only us
      (*mixer)->set_flow(2, {});
      (*mixer)->set_conference(1, false);
      (*mixer)->set_conference(2, false);
    }
    a.remote_tick(tick, now);
    b.remote_tick(tick, now);
    (*mixer)->tick(std::span(microphone).subspan(tick * kTick, kTick), speaker, now);
  }
  const auto window = [](const std::vector<std::int16_t>& heard, double from_s) {
    return std::span<const std::int16_t>(heard).subspan(static_cast<std::size_t>(from_s * kRate),
                                                        kRate / 4);
  };
  const double full = level_db(test::tone(800, kRate, kRate, 6000), 800);
  // In the conference: A hears us and B, not itself; B hears us and A.
  EXPECT_GT(level_db(window(a.heard, 1.0), 800), full - 3);
  EXPECT_GT(level_db(window(a.heard, 1.0), 1300), full - 3);
  EXPECT_LT(level_db(window(a.heard, 1.0), 500), full - 40);
  EXPECT_GT(level_db(window(b.heard, 1.0), 500), full - 3);
  EXPECT_LT(level_db(window(b.heard, 1.0), 1300), full - 40);
  // B held: A no longer hears B.
  EXPECT_GT(level_db(window(a.heard, 2.5), 800), full - 3);
  EXPECT_LT(level_db(window(a.heard, 2.5), 1300), full - 40);
  // Out of the conference: A hears only us.
  EXPECT_GT(level_db(window(a.heard, 3.5), 800), full - 3);
  EXPECT_LT(level_db(window(a.heard, 3.5), 1300), full - 40);
  EXPECT_LT(level_db(window(b.heard, 3.5), 500), full - 40);
}

TEST(AudioMixer, RecordingHoldsWhatWasSentLeftAndWhatWasHeardRight) {
  const auto path = std::filesystem::temp_directory_path() /
                    ("sipline-mixer-" + std::to_string(::getpid()) + ".wav");
  auto mixer = AudioMixer::create(plain_mixer());
  ASSERT_TRUE(mixer);
  Call a(1100);
  ASSERT_TRUE((*mixer)->add_call(7, *a.send, *a.receive));
  // A WAV file, as the media engine records to; the mixer holds the only reference, so the
  // file is complete once the recording stops.
  auto opened = WavWriter::create(path.string(), kRate, 2);
  ASSERT_TRUE(opened);
  std::shared_ptr<WavWriter> writer = std::move(*opened);
  EXPECT_FALSE((*mixer)->start_recording(8, [](std::span<const std::int16_t>) { return true; }));
  ASSERT_TRUE((*mixer)->start_recording(
      7, [writer = std::move(writer)](std::span<const std::int16_t> stereo) {
        return writer->write(stereo).has_value();
      }));
  std::vector<std::int16_t> speaker(kTick);
  const auto microphone = test::tone(700, kRate, kRate, 6000);
  for (std::size_t tick = 0; tick < 200; ++tick) {  // 1 s
    const TimePoint now{Duration{static_cast<std::int64_t>(tick) * 5000}};
    a.remote_tick(tick, now);
    (*mixer)->tick(std::span(microphone).subspan(tick * kTick, kTick), speaker, now);
  }
  (*mixer)->stop_recording(7);
  const auto recording = read_wav(path.string(), 3600, true);
  ASSERT_TRUE(recording);
  EXPECT_EQ(recording->channels, 2U);
  ASSERT_EQ(recording->samples.size(), 2 * kRate);
  std::vector<std::int16_t> left;
  std::vector<std::int16_t> right;
  for (std::size_t i = 0; i < recording->samples.size(); i += 2) {
    left.push_back(recording->samples[i]);
    right.push_back(recording->samples[i + 1]);
  }
  EXPECT_NEAR(test::frequency(std::span(left).subspan(kRate / 2), kRate), 700, 1);
  EXPECT_NEAR(test::frequency(std::span(right).subspan(kRate / 2), kRate), 1100, 1);
  std::filesystem::remove(path);
}

}  // namespace
}  // namespace sipline::media
