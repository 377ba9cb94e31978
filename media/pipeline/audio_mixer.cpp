// One device, several calls.
#include "media/pipeline/audio_mixer.hpp"

#include <algorithm>
#include <cmath>

namespace sipline::media {
namespace {
constexpr std::size_t kMaxCalls = 16;
}  // namespace

Result<std::unique_ptr<AudioMixer>> AudioMixer::create(const MixerConfig& config) {
  if (config.sample_rate % 1000 != 0 || config.tick_ms == 0 || config.tick_ms > 20) {
    return fail(Errc::kInvalidArgument, "mixer needs a kHz sample rate and a 1 … 20 ms tick", 0);
  }
  auto voice = VoiceProcessor::create(config.sample_rate,
                                      config.sample_rate * config.tick_ms / 1000, config.voice);
  if (!voice) {
    return std::unexpected(voice.error());
  }
  return std::unique_ptr<AudioMixer>(new AudioMixer(config, std::move(*voice)));
}

AudioMixer::AudioMixer(const MixerConfig& config, std::unique_ptr<VoiceProcessor> voice)
    : config_(config),
      frame_(config.sample_rate * config.tick_ms / 1000),
      voice_(std::move(voice)),
      microphone_(frame_),
      silence_(frame_),
      conference_(frame_),
      mix_(frame_),
      stereo_(2 * frame_) {
  calls_.reserve(kMaxCalls);
  set_speaker_gain_db(config.speaker_gain_db);
}

AudioMixer::Call* AudioMixer::find(CallId id) noexcept {
  const auto it = std::ranges::find(calls_, id, &Call::id);
  return it == calls_.end() ? nullptr : &*it;
}

const AudioMixer::Call* AudioMixer::find(CallId id) const noexcept {
  const auto it = std::ranges::find(calls_, id, &Call::id);
  return it == calls_.end() ? nullptr : &*it;
}

Result<void> AudioMixer::add_call(CallId id, SendStream& send, ReceiveStream& receive) {
  if (find(id) != nullptr) {
    return fail(Errc::kBadState, "call already in the mixer", id);
  }
  if (calls_.size() == kMaxCalls) {
    return fail(Errc::kTooLarge, "too many calls in the mixer", calls_.size());
  }
  if (receive.frame_samples() != frame_) {
    return fail(Errc::kInvalidArgument, "receive stream pulls a different frame than the tick",
                receive.frame_samples());
  }
  calls_.push_back(
      {id, &send, &receive, Flow{}, nullptr, std::vector<std::int16_t>(frame_), false});
  return {};
}

void AudioMixer::remove_call(CallId id) noexcept {
  std::erase_if(calls_, [id](const Call& call) { return call.id == id; });
}

void AudioMixer::set_flow(CallId id, Flow flow) noexcept {
  if (Call* call = find(id)) {
    call->flow = flow;
  }
}

Result<void> AudioMixer::start_recording(CallId id, RecordingSink sink) {
  Call* call = find(id);
  if (call == nullptr) {
    return fail(Errc::kNotFound, "no such call in the mixer", id);
  }
  call->recording = std::move(sink);
  return {};
}

void AudioMixer::stop_recording(CallId id) noexcept {
  if (Call* call = find(id)) {
    call->recording = nullptr;
  }
}

void AudioMixer::set_conference(CallId id, bool member) noexcept {
  if (Call* call = find(id)) {
    call->conference = member;
  }
}

void AudioMixer::set_speaker_gain_db(double gain) noexcept {
  config_.speaker_gain_db = gain;
  speaker_gain_ = std::pow(10.0, gain / 20.0);
}

void AudioMixer::tick(std::span<const std::int16_t> microphone, std::span<std::int16_t> speaker,
                      TimePoint now) noexcept {
  if (microphone.size() != frame_ || speaker.size() != frame_) {
    std::ranges::fill(speaker, std::int16_t{0});
    return;
  }
  std::ranges::copy(microphone, microphone_.begin());
  voice_active_ = voice_->process(microphone_);
  std::ranges::fill(mix_, 0);
  for (Call& call : calls_) {
    call.receive->play(now, call.heard);  // every call's buffer keeps time, held or not
  }
  for (Call& call : calls_) {
    const bool speaks = call.flow.send && call.flow.microphone;
    const std::vector<std::int16_t>* sent = speaks ? &microphone_ : &silence_;
    if (speaks && call.conference) {
      mix_for_member(call);
      sent = &conference_;
    }
    if (call.flow.send) {
      call.send->send(*sent, now);
    }
    if (!call.flow.play) {
      continue;
    }
    for (std::size_t i = 0; i < frame_; ++i) {
      mix_[i] += call.heard[i];
    }
    if (call.recording != nullptr) {
      for (std::size_t i = 0; i < frame_; ++i) {
        stereo_[2 * i] = (*sent)[i];
        stereo_[2 * i + 1] = call.heard[i];
      }
      if (!call.recording(stereo_)) {
        call.recording = nullptr;  // disk full: the call goes on unrecorded
      }
    }
  }
  for (std::size_t i = 0; i < frame_; ++i) {
    const double scaled = static_cast<double>(mix_[i]) * speaker_gain_;
    speaker[i] = static_cast<std::int16_t>(std::clamp(scaled, -32768.0, 32767.0));
  }
  voice_->played(speaker);
}

void AudioMixer::mix_for_member(const Call& member) noexcept {
  for (std::size_t i = 0; i < frame_; ++i) {
    std::int32_t sum = microphone_[i];
    for (const Call& other : calls_) {
      if (&other != &member && other.conference && other.flow.play) {
        sum += other.heard[i];
      }
    }
    conference_[i] = static_cast<std::int16_t>(std::clamp(sum, -32768, 32767));
  }
}

Result<CallLatency> AudioMixer::latency(CallId id) const {
  const Call* call = find(id);
  if (call == nullptr) {
    return fail(Errc::kNotFound, "no such call in the mixer", id);
  }
  return CallLatency{call->send->latency(), call->receive->latency(),
                     Duration{static_cast<std::int64_t>(config_.tick_ms) * 1000}};
}

}  // namespace sipline::media
