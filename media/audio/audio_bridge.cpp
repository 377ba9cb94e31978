// Rings between the device callback and the media thread.
#include "media/audio/audio_bridge.hpp"

#include <algorithm>
#include <vector>

namespace sipline::media {
namespace {
constexpr std::size_t kRingSeconds = 1;  // either ring holds this much before it overflows
}  // namespace

AudioBridge::AudioBridge(AudioFormat format, std::size_t prefill)
    : capture_(format.sample_rate * kRingSeconds),
      playback_(format.sample_rate * kRingSeconds + prefill) {
  const std::vector<std::int16_t> silence(prefill, 0);
  playback_.push(silence);
}

void AudioBridge::process(std::span<const std::int16_t> capture,
                          std::span<std::int16_t> playback) noexcept {
  callbacks_.fetch_add(1, std::memory_order_relaxed);
  // Seqlock write: odd while the two halves change. Reading the steady clock is a vDSO call, no
  // system call, and real-time safe.
  const std::uint64_t sequence = stamp_sequence_.load(std::memory_order_relaxed);
  stamp_sequence_.store(sequence + 1, std::memory_order_relaxed);
  std::atomic_thread_fence(std::memory_order_release);
  stamp_sample_.store(captured_, std::memory_order_relaxed);
  stamp_at_us_.store(SteadyClock().now().time_since_epoch().count(), std::memory_order_relaxed);
  stamp_sequence_.store(sequence + 2, std::memory_order_release);
  const std::size_t pushed = capture_.push(capture);
  captured_ += pushed;
  if (pushed < capture.size()) {
    capture_dropped_.fetch_add(capture.size() - pushed, std::memory_order_relaxed);
  }
  const std::size_t got = playback_.pop(playback);
  if (got < playback.size()) {
    std::fill(playback.begin() + static_cast<std::ptrdiff_t>(got), playback.end(), std::int16_t{0});
    playback_missing_.fetch_add(playback.size() - got, std::memory_order_relaxed);
  }
}

bool AudioBridge::read_capture(std::span<std::int16_t> frame) noexcept {
  if (capture_.size() < frame.size()) {
    return false;
  }
  const std::size_t got = capture_.pop(frame);
  capture_read_ += got;
  return got == frame.size();
}

std::optional<CaptureStamp> AudioBridge::capture_stamp() const noexcept {
  // A torn read is retried; the callback holds the lock for a few stores, so a handful of tries
  // always finds a quiet moment.
  for (int attempt = 0; attempt < 64; ++attempt) {
    const std::uint64_t before = stamp_sequence_.load(std::memory_order_acquire);
    if (before == 0) {
      return std::nullopt;
    }
    if ((before & 1U) != 0) {
      continue;
    }
    const std::uint64_t sample = stamp_sample_.load(std::memory_order_relaxed);
    const std::int64_t at = stamp_at_us_.load(std::memory_order_relaxed);
    std::atomic_thread_fence(std::memory_order_acquire);
    if (stamp_sequence_.load(std::memory_order_relaxed) == before) {
      return CaptureStamp{sample, TimePoint{Duration{at}}};
    }
  }
  return std::nullopt;
}

std::size_t AudioBridge::write_playback(std::span<const std::int16_t> frame) noexcept {
  return playback_.push(frame);
}

AudioBridgeCounters AudioBridge::counters() const noexcept {
  return {callbacks_.load(std::memory_order_relaxed),
          capture_dropped_.load(std::memory_order_relaxed),
          playback_missing_.load(std::memory_order_relaxed)};
}

}  // namespace sipline::media
