// Between the real-time device callback and the media thread: the callback pushes what the
// microphone gave into one ring and plays what it finds in the other (silence, counted, when the
// media thread fell behind); the media thread takes whole frames of microphone audio and answers
// each with a frame for the speaker. Both sides run on the device's one clock, so the playback
// queue holds steady at the prefill. Each callback also stamps when it ran and how many samples
// the capture ring had taken before it: the media thread's DeviceClock turns those stamps into
// the device time of every frame it reads.
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>

#include "base/clock.hpp"
#include "media/audio/audio_device.hpp"
#include "media/audio/spsc_ring.hpp"

namespace sipline::media {

struct AudioBridgeCounters {
  std::uint64_t callbacks = 0;
  std::uint64_t capture_dropped = 0;   // samples the media thread never took (ring full)
  std::uint64_t playback_missing = 0;  // samples played as silence (ring empty)
};

// A callback's stamp: it ran at `at`, when `sample` capture samples had entered the ring before
// the ones it brought.
struct CaptureStamp {
  std::uint64_t sample = 0;
  TimePoint at{};
};

class AudioBridge final : public AudioCallback {
 public:
  // `prefill`: silence queued for the speaker before the first frame, in samples — it must
  // cover the device buffer and the media thread's wake-up jitter; it is the playback delay the
  // bridge adds.
  AudioBridge(AudioFormat format, std::size_t prefill);

  // Real time.
  void process(std::span<const std::int16_t> capture,
               std::span<std::int16_t> playback) noexcept override;

  [[nodiscard]] bool playback_waiting(std::size_t frames) const noexcept override {
    return playback_.size() >= frames;
  }
  void schedule_restarted() noexcept override {
    schedule_restarts_.fetch_add(1, std::memory_order_release);
  }
  // Media thread: how often the device's schedule jumped so far (its DeviceClock restarts).
  [[nodiscard]] std::uint64_t schedule_restarts() const noexcept {
    return schedule_restarts_.load(std::memory_order_acquire);
  }

  // Media thread: one whole frame of microphone audio, or false when not yet there.
  [[nodiscard]] bool read_capture(std::span<std::int16_t> frame) noexcept;
  // Media thread: queues speaker audio; returns the samples taken (fewer when full).
  std::size_t write_playback(std::span<const std::int16_t> frame) noexcept;
  // Media thread: the latest callback's stamp (nullopt before the first callback), and the index
  // in the capture stream of the next sample read_capture() hands out.
  [[nodiscard]] std::optional<CaptureStamp> capture_stamp() const noexcept;
  [[nodiscard]] std::uint64_t capture_read() const noexcept { return capture_read_; }
  [[nodiscard]] std::size_t capture_queued() const noexcept { return capture_.size(); }
  [[nodiscard]] std::size_t playback_queued() const noexcept { return playback_.size(); }
  [[nodiscard]] AudioBridgeCounters counters() const noexcept;

 private:
  SpscRing<std::int16_t> capture_;
  SpscRing<std::int16_t> playback_;
  std::atomic<std::uint64_t> callbacks_{0};
  std::atomic<std::uint64_t> capture_dropped_{0};
  std::atomic<std::uint64_t> playback_missing_{0};
  std::atomic<std::uint64_t> schedule_restarts_{0};
  std::uint64_t captured_ = 0;      // callback only: samples pushed so far
  std::uint64_t capture_read_ = 0;  // media thread only: samples read so far
  // The latest stamp behind a sequence lock: the callback never waits, the reader retries.
  std::atomic<std::uint64_t> stamp_sequence_{0};
  std::atomic<std::uint64_t> stamp_sample_{0};
  std::atomic<std::int64_t> stamp_at_us_{0};
};

}  // namespace sipline::media
