// The devices without hardware: the null device calls back at the pace of its format with
// silence; the file device plays a WAV (at another rate too) as the microphone and records the
// speaker into a WAV; bad files are refused with a reason; the bridge keeps the playback queue at
// its prefill and counts what it had to make up.
#include <chrono>
#include <filesystem>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "media/audio/audio_bridge.hpp"
#include "media/audio/file_device.hpp"
#include "media/audio/paced_device.hpp"
#include "tests/media/signal.hpp"

namespace sipline::media {
namespace {

// Keeps what the microphone gave and plays a 600 Hz tone.
class Recorder final : public AudioCallback {
 public:
  explicit Recorder(std::size_t capacity) { captured.reserve(capacity); }
  void process(std::span<const std::int16_t> capture,
               std::span<std::int16_t> playback) noexcept override {
    if (captured.size() + capture.size() <= captured.capacity()) {
      captured.insert(captured.end(), capture.begin(), capture.end());
    }
    for (auto& s : playback) {
      s = static_cast<std::int16_t>(
          8000 * std::sin(2 * std::numbers::pi * 600 * static_cast<double>(phase++) / 48000));
    }
  }
  std::vector<std::int16_t> captured;
  std::uint64_t phase = 0;
};

std::filesystem::path temp_path(const char* name) {
  return std::filesystem::temp_directory_path() /
         (std::string("sipline-") + std::to_string(::getpid()) + "-" + name);
}

TEST(NullDevice, CallsBackAtThePaceOfItsFormat) {
  NullDevice device({48000, 480});
  Recorder recorder(48000);
  ASSERT_TRUE(device.start(recorder));
  const auto started = std::chrono::steady_clock::now();
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  device.stop();
  const double elapsed_ms =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count();
  // 10 ms buffers: one per 10 ms — never faster than real time; slower only by what a loaded
  // machine's scheduler takes (the device skips ahead rather than bursting to catch up).
  EXPECT_LE(static_cast<double>(device.buffers()), elapsed_ms / 10 + 2);
  EXPECT_GE(static_cast<double>(device.buffers()), elapsed_ms / 10 * 0.6);
  EXPECT_EQ(test::rms(recorder.captured), 0.0);
  EXPECT_FALSE(device.failure());
  // Restartable after stop.
  const std::uint64_t before = device.buffers();
  ASSERT_TRUE(device.start(recorder));
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  device.stop();
  EXPECT_GT(device.buffers(), before);
}

TEST(FileDevice, PlaysAWavAsTheMicrophoneAndRecordsTheSpeaker) {
  const auto in = temp_path("in.wav");
  const auto out = temp_path("out.wav");
  {
    auto writer = WavWriter::create(in.string(), 16000);
    ASSERT_TRUE(writer);
    ASSERT_TRUE((*writer)->write(test::tone(1000, 16000, 4000, 9000)));  // 250 ms at 16 kHz
  }
  auto device = FileDevice::open({in.string(), out.string(), false, {48000, 480}});
  ASSERT_TRUE(device) << fmt::format("{}", device.error());
  Recorder recorder(48000);
  ASSERT_TRUE((*device)->start(recorder));
  while (!(*device)->input_done()) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  (*device)->stop();
  const std::uint64_t buffers = (*device)->buffers();
  device->reset();  // closes the recording

  // The microphone heard the file's tone, resampled to 48 kHz, then silence.
  ASSERT_GE(recorder.captured.size(), 12000U);
  const std::span<const std::int16_t> heard(recorder.captured.data() + 1000, 10000);
  EXPECT_NEAR(test::frequency(heard, 48000), 1000.0, 1.0);
  EXPECT_NEAR(test::rms(heard), 9000 / std::sqrt(2.0), 150);
  EXPECT_LT(test::rms(std::span(recorder.captured).last(2000)), 1.0);

  // The recording holds every buffer played, at 48 kHz.
  const auto recorded = read_wav(out.string());
  ASSERT_TRUE(recorded);
  EXPECT_EQ(recorded->sample_rate, 48000U);
  EXPECT_EQ(recorded->samples.size(), buffers * 480);
  EXPECT_NEAR(test::frequency(recorded->samples, 48000), 600.0, 1.0);
  std::filesystem::remove(in);
  std::filesystem::remove(out);
}

TEST(FileDevice, RefusesMissingAndUnwritableFiles) {
  const auto missing = FileDevice::open({"/nonexistent/in.wav", "", false, {}});
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code, Errc::kNotFound);
  const auto unwritable = FileDevice::open({"", "/nonexistent/dir/out.wav", false, {}});
  ASSERT_FALSE(unwritable);
  EXPECT_EQ(unwritable.error().code, Errc::kIo);
  // Not audio at all.
  const auto text = temp_path("not.wav");
  {
    std::FILE* f = std::fopen(text.c_str(), "w");
    ASSERT_NE(f, nullptr);
    std::fputs("RIFF but not really a wave file at all", f);
    std::fclose(f);
  }
  EXPECT_FALSE(FileDevice::open({text.string(), "", false, {}}));
  std::filesystem::remove(text);
}

TEST(AudioBridge, MediaThreadAnswersEachFrameAndTheQueueHoldsAtThePrefill) {
  NullDevice device({16000, 160});
  AudioBridge bridge(device.format(), 320);
  ASSERT_TRUE(device.start(bridge));
  std::vector<std::int16_t> frame(160);
  int frames = 0;
  std::size_t largest_queue = 0;
  const auto until = std::chrono::steady_clock::now() + std::chrono::milliseconds(300);
  while (std::chrono::steady_clock::now() < until) {
    while (bridge.read_capture(frame)) {
      EXPECT_EQ(bridge.write_playback(frame), frame.size());
      ++frames;
      largest_queue = std::max(largest_queue, bridge.playback_queued());
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  device.stop();
  EXPECT_GE(frames, 15);  // 30 expected in 300 ms; a loaded machine may delay some
  EXPECT_LE(largest_queue, 320U + 160U);
  const auto counters = bridge.counters();
  EXPECT_EQ(counters.playback_missing, 0U);
  EXPECT_EQ(counters.capture_dropped, 0U);
}

TEST(AudioBridge, CountsSilenceWhenTheMediaThreadFallsBehind) {
  AudioBridge bridge({8000, 80}, 80);
  std::vector<std::int16_t> capture(80, 1);
  std::vector<std::int16_t> playback(80, 7);
  bridge.process(capture, playback);  // plays the prefill
  EXPECT_EQ(bridge.counters().playback_missing, 0U);
  bridge.process(capture, playback);  // nothing was queued
  EXPECT_EQ(bridge.counters().playback_missing, 80U);
  EXPECT_EQ(test::rms(playback), 0.0);
  EXPECT_EQ(bridge.capture_queued(), 160U);
}

}  // namespace
}  // namespace sipline::media
