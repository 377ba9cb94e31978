// SpeexDSP echo canceller and preprocessor.
#include "media/dsp/voice_processor.hpp"

#include <algorithm>
#include <cmath>

#include <speex/speex_echo.h>
#include <speex/speex_preprocess.h>

namespace sipline::media {
namespace {
SpeexEchoState* echo_state(void* p) { return static_cast<SpeexEchoState*>(p); }
SpeexPreprocessState* preprocess_state(void* p) { return static_cast<SpeexPreprocessState*>(p); }
constexpr std::size_t kSpareFrames = 8;  // jitter between playback and capture callbacks
}  // namespace

VoiceProcessor::VoiceProcessor(std::uint32_t sample_rate, std::size_t frame,
                               const VoiceProcessingSettings& settings)
    : sample_rate_(sample_rate),
      frame_(frame),
      settings_(settings),
      voice_activity_(sample_rate, frame),
      reference_(frame),
      cleaned_(frame) {
  const std::size_t delay_frames = settings.echo_delay_ms * sample_rate / 1000 / frame;
  far_ring_.assign((delay_frames + kSpareFrames) * frame, 0);
  set_microphone_gain_db(settings.microphone_gain_db);
}

Result<std::unique_ptr<VoiceProcessor>> VoiceProcessor::create(
    std::uint32_t sample_rate, std::size_t frame, const VoiceProcessingSettings& settings) {
  if (frame == 0 || frame > sample_rate / 10 || sample_rate > 48000) {
    return fail(Errc::kInvalidArgument,
                "voice processing takes frames up to 100 ms at up to 48 kHz", frame);
  }
  auto processor =
      std::unique_ptr<VoiceProcessor>(new VoiceProcessor(sample_rate, frame, settings));
  const int frame_size = static_cast<int>(frame);
  auto rate = static_cast<int>(sample_rate);
  if (settings.echo_cancellation) {
    const int tail = static_cast<int>(settings.echo_tail_ms * sample_rate / 1000);
    processor->echo_ = speex_echo_state_init(frame_size, tail);
    if (processor->echo_ == nullptr) {
      return fail(Errc::kUnsupported, "SpeexDSP refused the echo canceller", 0);
    }
    speex_echo_ctl(echo_state(processor->echo_), SPEEX_ECHO_SET_SAMPLING_RATE, &rate);
  }
  if (!settings.noise_suppression && !settings.automatic_gain && processor->echo_ == nullptr) {
    return processor;
  }
  processor->preprocess_ = speex_preprocess_state_init(frame_size, rate);
  if (processor->preprocess_ == nullptr) {
    return fail(Errc::kUnsupported, "SpeexDSP refused the preprocessor", 0);
  }
  SpeexPreprocessState* pre = preprocess_state(processor->preprocess_);
  int on = settings.noise_suppression ? 1 : 0;
  speex_preprocess_ctl(pre, SPEEX_PREPROCESS_SET_DENOISE, &on);
  int suppress = settings.noise_suppress_db;
  speex_preprocess_ctl(pre, SPEEX_PREPROCESS_SET_NOISE_SUPPRESS, &suppress);
  int agc = settings.automatic_gain ? 1 : 0;
  speex_preprocess_ctl(pre, SPEEX_PREPROCESS_SET_AGC, &agc);
  if (processor->echo_ != nullptr) {
    speex_preprocess_ctl(pre, SPEEX_PREPROCESS_SET_ECHO_STATE, processor->echo_);
  }
  return processor;
}

VoiceProcessor::~VoiceProcessor() {
  if (preprocess_ != nullptr) {
    speex_preprocess_state_destroy(preprocess_state(preprocess_));
  }
  if (echo_ != nullptr) {
    speex_echo_state_destroy(echo_state(echo_));
  }
}

void VoiceProcessor::set_microphone_gain_db(double gain) noexcept {
  settings_.microphone_gain_db = gain;
  gain_ = std::pow(10.0, gain / 20.0);
}

void VoiceProcessor::played(std::span<const std::int16_t> far_end) noexcept {
  if (echo_ == nullptr || far_end.size() != frame_) {
    return;
  }
  if (far_count_ * frame_ == far_ring_.size()) {  // the capture side stalled: drop the oldest
    far_read_ = (far_read_ + frame_) % far_ring_.size();
    --far_count_;
  }
  std::copy(far_end.begin(), far_end.end(),
            far_ring_.begin() + static_cast<std::ptrdiff_t>(far_write_));
  far_write_ = (far_write_ + frame_) % far_ring_.size();
  ++far_count_;
}

bool VoiceProcessor::process(std::span<std::int16_t> microphone) noexcept {
  if (microphone.size() != frame_) {
    return false;
  }
  if (echo_ != nullptr) {
    // The reference is the frame played echo_delay_ms ago: frames stay queued that long.
    const std::size_t delay_frames = settings_.echo_delay_ms * sample_rate_ / 1000 / frame_;
    if (far_count_ > delay_frames) {
      std::copy_n(far_ring_.begin() + static_cast<std::ptrdiff_t>(far_read_), frame_,
                  reference_.begin());
      far_read_ = (far_read_ + frame_) % far_ring_.size();
      --far_count_;
    } else {
      std::fill(reference_.begin(), reference_.end(), std::int16_t{0});
    }
    speex_echo_cancellation(echo_state(echo_), microphone.data(), reference_.data(),
                            cleaned_.data());
    std::copy(cleaned_.begin(), cleaned_.end(), microphone.begin());
  }
  if (preprocess_ != nullptr) {
    speex_preprocess_run(preprocess_state(preprocess_), microphone.data());
  }
  const bool voice = voice_activity_.process(microphone);
  if (settings_.muted) {
    std::fill(microphone.begin(), microphone.end(), std::int16_t{0});
    return false;
  }
  if (gain_ != 1.0) {
    for (std::int16_t& s : microphone) {
      s = static_cast<std::int16_t>(std::clamp(s * gain_, -32768.0, 32767.0));
    }
  }
  return voice;
}

}  // namespace sipline::media
