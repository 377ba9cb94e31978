// The devices without hardware: the null device calls back once per buffer, never ahead of its
// clock, with silence; the file device plays a WAV (at another rate too) as the microphone and
// records the speaker into a WAV; bad files are refused with a reason; the bridge between the
// callback and the media thread loses and invents no audio. No check depends on how busy the
// machine is: tests wait for a number of callbacks, not for a time (pacing is the benchmark's).
#include <algorithm>
#include <array>
#include <atomic>
#include <chrono>
#include <filesystem>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "media/audio/audio_bridge.hpp"
#include "media/audio/file_device.hpp"
#include "media/audio/paced_device.hpp"
#include "tests/media/signal.hpp"
#include "tests/support/wait.hpp"

namespace sipline::media {
namespace {

using sipline::test::wait_for;

// Keeps what the microphone gave (up to its capacity) and plays a 600 Hz tone; counts its calls.
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
    calls.fetch_add(1, std::memory_order_release);
  }
  [[nodiscard]] std::uint64_t count() const noexcept {
    return calls.load(std::memory_order_acquire);
  }
  std::vector<std::int16_t> captured;
  std::uint64_t phase = 0;
  std::atomic<std::uint64_t> calls{0};
};

std::filesystem::path temp_path(const char* name) {
  return std::filesystem::temp_directory_path() /
         (std::string("sipline-") + std::to_string(::getpid()) + "-" + name);
}

TEST(NullDevice, CallsBackOncePerBufferWithSilenceNeverAheadOfItsClock) {
  NullDevice device({48000, 480});
  Recorder recorder(48000);  // 100 buffers
  const auto started = std::chrono::steady_clock::now();
  ASSERT_TRUE(device.start(recorder));
  ASSERT_TRUE(wait_for([&] { return recorder.count() >= 30; }));
  device.stop();
  const auto elapsed = std::chrono::steady_clock::now() - started;
  // Every buffer the device counts went to the callback, whole, and was silence.
  const std::uint64_t buffers = device.buffers();
  EXPECT_EQ(recorder.count(), buffers);
  EXPECT_EQ(recorder.captured.size(), std::min<std::uint64_t>(buffers, 100) * 480);
  EXPECT_EQ(test::rms(recorder.captured), 0.0);
  EXPECT_FALSE(device.failure());
  // Callback k of a run waits for its deadline start + k × 10 ms, and a run starts afresh only
  // after a resync, so however slow the machine, the device is never ahead of the clock:
  // buffers ≤ elapsed / 10 ms + runs. (Behind it may be: how far is the benchmark's question.)
  constexpr std::chrono::nanoseconds kBuffer = std::chrono::milliseconds(10);
  const auto runs = static_cast<std::int64_t>(device.resyncs()) + 1;
  EXPECT_LE(static_cast<std::int64_t>(buffers) * kBuffer, elapsed + runs * kBuffer)
      << buffers << " buffers in " << std::chrono::duration<double, std::milli>(elapsed).count()
      << " ms, " << runs << " runs";
  // Restartable after stop.
  ASSERT_TRUE(device.start(recorder));
  EXPECT_TRUE(wait_for([&] { return device.buffers() >= buffers + 3; }));
  device.stop();
  EXPECT_EQ(recorder.count(), device.buffers());
}

// Its speaker audio is "queued" only every third buffer: before the other two the device must
// ask, and wait, rather than call back at once. `asked[k]`: how often buffer k asked first.
class SlowConsumer final : public AudioCallback {
 public:
  void process(std::span<const std::int16_t>, std::span<std::int16_t> playback) noexcept override {
    std::ranges::fill(playback, std::int16_t{0});
    const std::uint64_t k = calls.load(std::memory_order_relaxed);
    if (k < asked.size()) {
      asked[k] = asks;
    }
    asks = 0;
    calls.store(k + 1, std::memory_order_release);
  }
  [[nodiscard]] bool playback_waiting(std::size_t) const noexcept override {
    ++asks;
    // Queued on the third ask: the device that waits asks until then.
    return calls.load(std::memory_order_relaxed) < 2 || asks >= 3;
  }
  mutable std::uint64_t asks = 0;  // the pacing thread's only
  std::array<std::uint64_t, 32> asked{};
  std::atomic<std::uint64_t> calls{0};
};

TEST(NullDevice, WaitsForTheConsumersSpeakerAudioInsteadOfPlayingSilence) {
  NullDevice device({48000, 480});
  SlowConsumer consumer;
  ASSERT_TRUE(device.start(consumer));
  ASSERT_TRUE(wait_for([&] { return consumer.calls.load(std::memory_order_acquire) >= 20; }));
  device.stop();
  // From buffer 3 on (the consumer answered buffer 2 at once, so it keeps up) each buffer asked
  // until the audio was there — unless the device gave up waiting (a second), which only
  // a consumer that stopped answering should see.
  for (std::size_t k = 3; k < 20; ++k) {
    EXPECT_GE(consumer.asked[k], 3U) << "buffer " << k;
  }
}

// Its sixth buffer takes 80 ms (a stalled consumer, simulated): the device must start its
// schedule over from then rather than burst through 8 buffers, and say so.
class StallsOnce final : public AudioCallback {
 public:
  void process(std::span<const std::int16_t>, std::span<std::int16_t> playback) noexcept override {
    std::ranges::fill(playback, std::int16_t{0});
    if (calls.load(std::memory_order_relaxed) == 5) {
      std::this_thread::sleep_for(std::chrono::milliseconds(80));
    }
    calls.fetch_add(1, std::memory_order_release);
  }
  void schedule_restarted() noexcept override { restarts.fetch_add(1, std::memory_order_release); }
  std::atomic<std::uint64_t> calls{0};
  std::atomic<std::uint64_t> restarts{0};
};

TEST(NullDevice, StartsOverAfterALongStallAndSaysSo) {
  NullDevice device({48000, 480});
  StallsOnce consumer;
  ASSERT_TRUE(device.start(consumer));
  ASSERT_TRUE(wait_for([&] {
    return consumer.restarts.load(std::memory_order_acquire) >= 1 &&
           consumer.calls.load(std::memory_order_acquire) >= 10;
  }));
  device.stop();
  EXPECT_EQ(consumer.restarts.load(), device.resyncs());  // every restart was told
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
  // The whole file, then five buffers (2400 samples) of the silence after it.
  ASSERT_TRUE(wait_for([&] { return (*device)->input_done(); }));
  const std::uint64_t at_end = recorder.count();
  ASSERT_TRUE(wait_for([&] { return recorder.count() >= at_end + 5; }));
  (*device)->stop();
  const std::uint64_t buffers = (*device)->buffers();
  EXPECT_EQ(recorder.count(), buffers);
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
  constexpr std::size_t kFrame = 160;
  constexpr std::size_t kPrefill = 320;
  NullDevice device({16000, kFrame});
  AudioBridge bridge(device.format(), kPrefill);
  ASSERT_TRUE(device.start(bridge));
  std::vector<std::int16_t> frame(kFrame);
  std::uint64_t frames = 0;
  std::size_t largest_queue = 0;
  // The media thread's side: answer every capture frame, until 30 have come.
  ASSERT_TRUE(wait_for([&] {
    while (bridge.read_capture(frame)) {
      EXPECT_EQ(bridge.write_playback(frame), frame.size());
      ++frames;
      largest_queue = std::max(largest_queue, bridge.playback_queued());
    }
    return frames >= 30;
  }));
  device.stop();
  const auto counters = bridge.counters();
  EXPECT_EQ(counters.callbacks, device.buffers());
  // Nothing lost or made up: every captured sample was taken, is still queued, or was dropped
  // (counted); every sample played was the prefill, a frame written, or silence (counted).
  EXPECT_EQ(counters.callbacks * kFrame,
            frames * kFrame + bridge.capture_queued() + counters.capture_dropped);
  EXPECT_EQ(counters.callbacks * kFrame + bridge.playback_queued(),
            kPrefill + frames * kFrame + counters.playback_missing);
  // Each frame written answers one the callback captured, so the queue stays at the prefill
  // (plus the frame in flight) unless the callback had to play silence — a slow media thread on
  // a busy machine — which delays what follows by as much.
  EXPECT_LE(largest_queue, kPrefill + kFrame + counters.playback_missing);
}

TEST(AudioBridge, CountsTheDevicesScheduleRestarts) {
  AudioBridge bridge({8000, 80}, 80);
  EXPECT_EQ(bridge.schedule_restarts(), 0U);
  AudioCallback& callback = bridge;
  callback.schedule_restarted();
  callback.schedule_restarted();
  EXPECT_EQ(bridge.schedule_restarts(), 2U);
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
