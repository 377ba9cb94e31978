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
  const std::size_t pushed = capture_.push(capture);
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
  return capture_.pop(frame) == frame.size();
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
