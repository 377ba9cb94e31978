// Between the real-time device callback and the media thread: the callback pushes what the
// microphone gave into one ring and plays what it finds in the other (silence, counted, when the
// media thread fell behind); the media thread takes whole frames of microphone audio and answers
// each with a frame for the speaker. Both sides run on the device's one clock, so the playback
// queue holds steady at the prefill.
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <span>

#include "media/audio/audio_device.hpp"
#include "media/audio/spsc_ring.hpp"

namespace sipline::media {

struct AudioBridgeCounters {
  std::uint64_t callbacks = 0;
  std::uint64_t capture_dropped = 0;   // samples the media thread never took (ring full)
  std::uint64_t playback_missing = 0;  // samples played as silence (ring empty)
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

  // Media thread: one whole frame of microphone audio, or false when not yet there.
  [[nodiscard]] bool read_capture(std::span<std::int16_t> frame) noexcept;
  // Media thread: queues speaker audio; returns the samples taken (fewer when full).
  std::size_t write_playback(std::span<const std::int16_t> frame) noexcept;
  [[nodiscard]] std::size_t capture_queued() const noexcept { return capture_.size(); }
  [[nodiscard]] std::size_t playback_queued() const noexcept { return playback_.size(); }
  [[nodiscard]] AudioBridgeCounters counters() const noexcept;

 private:
  SpscRing<std::int16_t> capture_;
  SpscRing<std::int16_t> playback_;
  std::atomic<std::uint64_t> callbacks_{0};
  std::atomic<std::uint64_t> capture_dropped_{0};
  std::atomic<std::uint64_t> playback_missing_{0};
};

}  // namespace sipline::media
