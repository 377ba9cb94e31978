// The microphone's processing: the echo canceller removes a delayed, filtered copy of the far end
// (ERLE > 10 dB, and only when told the echo path's delay), noise suppression lowers stationary
// noise while keeping a tone, VAD tells voice from noise, gain and mute act.
#include "media/dsp/voice_processor.hpp"

#include <vector>

#include <gtest/gtest.h>

#include "tests/media/signal.hpp"

namespace sipline::media {
namespace {

constexpr std::uint32_t kRate = 16000;
constexpr std::size_t kFrame = 320;  // 20 ms

// A speech-like far end: noise whose level changes every 100 ms.
std::vector<std::int16_t> far_end_signal(std::size_t samples) {
  auto out = test::noise(samples, 8000, 7);
  for (std::size_t i = 0; i < samples; ++i) {
    const double envelope = 0.3 + 0.7 * std::abs(std::sin(static_cast<double>(i / 1600) * 1.3));
    out[i] = static_cast<std::int16_t>(out[i] * envelope);
  }
  return out;
}

// The room: what the microphone hears of the far end `delay` samples later, through a short
// decaying impulse response (gain ≈ −6 dB).
std::vector<std::int16_t> room_echo(const std::vector<std::int16_t>& far, std::size_t delay) {
  const double taps[] = {0.5, -0.2, 0.12, 0.05, -0.03};
  std::vector<std::int16_t> mic(far.size());
  for (std::size_t i = 0; i < far.size(); ++i) {
    double v = 0;
    for (std::size_t k = 0; k < std::size(taps); ++k) {
      if (i >= delay + k) {
        v += taps[k] * far[i - delay - k];
      }
    }
    mic[i] = static_cast<std::int16_t>(v);
  }
  return mic;
}

// Runs 12 s of far end and echo through a processor; returns the ERLE over the last 3 s (dB).
double echo_return_loss_enhancement(const VoiceProcessingSettings& settings, std::size_t delay) {
  auto processor = VoiceProcessor::create(kRate, kFrame, settings);
  EXPECT_TRUE(processor);
  const std::size_t samples = kRate * 12;
  const auto far = far_end_signal(samples);
  auto mic = room_echo(far, delay);
  const std::vector<std::int16_t> echo = mic;
  for (std::size_t i = 0; i < samples; i += kFrame) {
    (*processor)->played(std::span(far).subspan(i, kFrame));
    (*processor)->process(std::span(mic).subspan(i, kFrame));
  }
  const std::size_t tail = kRate * 3;
  const double before = test::rms(std::span(echo).last(tail));
  const double after = test::rms(std::span(mic).last(tail));
  return 20 * std::log10(before / std::max(after, 1e-3));
}

VoiceProcessingSettings echo_only() {
  VoiceProcessingSettings settings;
  settings.noise_suppression = false;
  return settings;
}

TEST(VoiceProcessor, EchoCancellerRemovesTheEcho) {
  auto settings = echo_only();
  settings.echo_tail_ms = 100;
  const double erle = echo_return_loss_enhancement(settings, kRate * 30 / 1000);  // 30 ms path
  EXPECT_GT(erle, 10.0);
}

TEST(VoiceProcessor, EchoDelaySettingReachesALongEchoPath) {
  // A 250 ms echo path (Bluetooth, a sound server) is beyond a 100 ms tail...
  auto settings = echo_only();
  settings.echo_tail_ms = 100;
  const std::size_t delay = kRate * 250 / 1000;
  const double unaligned = echo_return_loss_enhancement(settings, delay);
  EXPECT_LT(unaligned, 3.0);
  // ... until the far end is delayed to meet it.
  settings.echo_delay_ms = 220;
  EXPECT_GT(echo_return_loss_enhancement(settings, delay), 10.0);
}

TEST(VoiceProcessor, NoiseSuppressionLowersNoiseAndKeepsTheTone) {
  VoiceProcessingSettings settings;
  settings.echo_cancellation = false;
  auto processor = VoiceProcessor::create(kRate, kFrame, settings);
  ASSERT_TRUE(processor);
  // 3 s of noise alone, then 2 s of noise with a loud tone.
  const std::size_t samples = kRate * 5;
  auto input = test::noise(samples, 1500, 3);
  const auto tone = test::tone(440, kRate, kRate * 2, 8000);
  for (std::size_t i = 0; i < tone.size(); ++i) {
    input[kRate * 3 + i] = static_cast<std::int16_t>(input[kRate * 3 + i] + tone[i]);
  }
  auto output = input;
  for (std::size_t i = 0; i < samples; i += kFrame) {
    (*processor)->process(std::span(output).subspan(i, kFrame));
  }
  const auto noise_in = std::span<const std::int16_t>(input).subspan(kRate * 2, kRate);
  const auto noise_out = std::span<const std::int16_t>(output).subspan(kRate * 2, kRate);
  EXPECT_GT(20 * std::log10(test::rms(noise_in) / std::max(test::rms(noise_out), 1e-3)), 10.0);
  const auto tone_out = std::span<const std::int16_t>(output).subspan(kRate * 4, kRate);
  const double tone_level = test::tone_power(tone_out, 440, kRate);
  EXPECT_NEAR(10 * std::log10(tone_level / (8000.0 * 8000.0 / 2)), 0.0, 2.0);
}

TEST(VoiceProcessor, VoiceActivityTellsAToneBurstFromSteadyNoise) {
  VoiceProcessingSettings settings;
  settings.echo_cancellation = false;
  auto processor = VoiceProcessor::create(kRate, kFrame, settings);
  ASSERT_TRUE(processor);
  auto noise = test::noise(kRate * 4, 300, 11);
  int voiced_in_noise = 0;
  for (std::size_t i = 0; i < noise.size(); i += kFrame) {
    const bool voice = (*processor)->process(std::span(noise).subspan(i, kFrame));
    voiced_in_noise += (i >= kRate * 2 && voice) ? 1 : 0;  // after it learned the noise
  }
  EXPECT_LE(voiced_in_noise, 5);  // of 100 frames
  auto burst = test::tone(300, kRate, kRate, 12000);
  int voiced_in_burst = 0;
  for (std::size_t i = 0; i < burst.size(); i += kFrame) {
    voiced_in_burst += (*processor)->process(std::span(burst).subspan(i, kFrame)) ? 1 : 0;
  }
  EXPECT_GE(voiced_in_burst, 40);  // of 50 frames
}

TEST(VoiceProcessor, GainAndMute) {
  VoiceProcessingSettings settings;
  settings.echo_cancellation = false;
  settings.noise_suppression = false;
  settings.microphone_gain_db = 6.0;
  auto processor = VoiceProcessor::create(8000, 160, settings);
  ASSERT_TRUE(processor);
  auto frame = test::tone(500, 8000, 160, 4000);
  const double before = test::rms(frame);
  (*processor)->process(frame);  // nothing runs that would delay or reshape it
  EXPECT_NEAR(20 * std::log10(test::rms(frame) / before), 6.0, 0.1);
  (*processor)->set_muted(true);
  frame = test::tone(500, 8000, 160, 4000);
  (*processor)->process(frame);
  EXPECT_EQ(test::rms(frame), 0.0);
}

TEST(VoiceProcessor, RefusesFramesItCannotHandle) {
  EXPECT_FALSE(VoiceProcessor::create(8000, 0, {}));
  EXPECT_FALSE(VoiceProcessor::create(8000, 8000, {}));
  EXPECT_FALSE(VoiceProcessor::create(96000, 960, {}));
}

}  // namespace
}  // namespace sipline::media
