// The microphone's processing before encoding, with SpeexDSP: an acoustic echo canceller fed
// the far-end audio that was played (aligned by a settable delay for the device's output and
// input latency), then SpeexDSP's preprocessor — noise suppression, automatic gain control and
// suppression of the echo the canceller left — then voice activity detection (our own, see
// voice_activity.hpp), gain and mute. One frame at a time, at one sample rate; allocation-free
// after construction; no added delay (the preprocessor's first frame comes out silent).
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <vector>

#include "base/result.hpp"
#include "media/dsp/voice_activity.hpp"

namespace sipline::media {

struct VoiceProcessingSettings {
  bool echo_cancellation = true;
  std::uint32_t echo_tail_ms = 200;  // the longest echo path the canceller models
  std::uint32_t echo_delay_ms = 0;   // speaker-to-microphone delay beyond the tail's start
  bool noise_suppression = true;
  int noise_suppress_db = -25;  // how far noise is pushed down
  bool automatic_gain = false;
  double microphone_gain_db = 0;
  bool muted = false;
  friend bool operator==(const VoiceProcessingSettings&, const VoiceProcessingSettings&) = default;
};

class VoiceProcessor {
 public:
  // `frame`: samples per call (10 or 20 ms at `sample_rate`).
  [[nodiscard]] static Result<std::unique_ptr<VoiceProcessor>> create(
      std::uint32_t sample_rate, std::size_t frame, const VoiceProcessingSettings& settings);
  ~VoiceProcessor();
  VoiceProcessor(const VoiceProcessor&) = delete;
  VoiceProcessor& operator=(const VoiceProcessor&) = delete;

  // The audio just played to the speaker (one frame), for the echo canceller.
  void played(std::span<const std::int16_t> far_end) noexcept;
  // Processes one microphone frame in place; returns whether it holds voice (VAD).
  bool process(std::span<std::int16_t> microphone) noexcept;

  void set_muted(bool muted) noexcept { settings_.muted = muted; }
  void set_microphone_gain_db(double gain) noexcept;
  [[nodiscard]] const VoiceProcessingSettings& settings() const noexcept { return settings_; }

 private:
  VoiceProcessor(std::uint32_t sample_rate, std::size_t frame,
                 const VoiceProcessingSettings& settings);

  std::uint32_t sample_rate_;
  std::size_t frame_;
  VoiceProcessingSettings settings_;
  VoiceActivityDetector voice_activity_;
  double gain_ = 1.0;
  void* echo_ = nullptr;
  void* preprocess_ = nullptr;  // only when denoise, AGC or echo suppression is asked for
  // The far end, delayed by echo_delay_ms: a ring of whole frames.
  std::vector<std::int16_t> far_ring_;
  std::size_t far_write_ = 0;
  std::size_t far_read_ = 0;
  std::size_t far_count_ = 0;
  std::vector<std::int16_t> reference_;
  std::vector<std::int16_t> cleaned_;
};

}  // namespace sipline::media
