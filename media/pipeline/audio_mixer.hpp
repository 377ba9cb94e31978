// The media thread's work for one audio device, one tick at a time: the microphone frame is
// cleaned once (echo canceller, noise suppression, gain, mute) and sent by every call that is not
// on hold; the audio every such call received is mixed for the speaker, and what the speaker
// plays is the echo canceller's far end. A call can be recorded: stereo frames with what we sent
// on the left and what we heard from that call on the right, handed to a sink the caller gives
// (a WAV writer of media/audio, in the engine that owns the mixer). Sans-I/O; the calls' streams
// belong to the calls.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "base/clock.hpp"
#include "base/result.hpp"
#include "media/dsp/voice_processor.hpp"
#include "media/pipeline/receive_stream.hpp"
#include "media/pipeline/send_stream.hpp"

namespace sipline::media {

struct MixerConfig {
  std::uint32_t sample_rate = 48000;  // the device's
  std::uint32_t tick_ms = 5;          // one tick() (the receive streams' pull)
  VoiceProcessingSettings voice{};
  double speaker_gain_db = 0;
};

// The whole delay of one call's audio in each direction, stage by stage (the network's share is
// RTCP's business: half the round trip).
struct CallLatency {
  SendLatency send;
  ReceiveLatency receive;
  Duration tick{0};  // a tick's frame waits for the whole tick before it is processed
};

class AudioMixer {
 public:
  using CallId = std::uint32_t;
  // Takes one tick of a recorded call: interleaved stereo, 2 · frame_samples() values. False
  // when it can take no more (a full disk): the recording stops, the call goes on.
  using RecordingSink = std::function<bool(std::span<const std::int16_t> stereo)>;

  [[nodiscard]] static Result<std::unique_ptr<AudioMixer>> create(const MixerConfig& config);

  // The streams must run at the mixer's sample rate (their device side) and outlive the call's
  // removal; the receive stream's pull must be one tick.
  [[nodiscard]] Result<void> add_call(CallId id, SendStream& send, ReceiveStream& receive);
  void remove_call(CallId id) noexcept;
  // What a call takes from and gives to the device. Its packets feed its jitter buffer whatever
  // the flow, so its timing is kept for when it is heard again.
  struct Flow {
    bool microphone = true;  // false: silence is sent instead (we hold it: a live stream, mute)
    bool send = true;        // false: nothing is sent (the peer holds it, or neither side sends)
    bool play = true;        // false: not heard (we hold it)
  };
  void set_flow(CallId id, Flow flow) noexcept;
  [[nodiscard]] Result<void> start_recording(CallId id, RecordingSink sink);
  void stop_recording(CallId id) noexcept;
  // A local conference: each member call is sent our microphone mixed with what every other
  // member (not held) says, so all hear each other and us; we hear them all, as always. A member
  // on hold is left out of the others' mix and hears nothing; the rest go on.
  void set_conference(CallId id, bool member) noexcept;

  void set_muted(bool muted) noexcept { voice_->set_muted(muted); }
  void set_microphone_gain_db(double gain) noexcept { voice_->set_microphone_gain_db(gain); }
  void set_speaker_gain_db(double gain) noexcept;

  // One tick: `microphone` in, `speaker` out, frame_samples() each.
  void tick(std::span<const std::int16_t> microphone, std::span<std::int16_t> speaker,
            TimePoint now) noexcept;

  [[nodiscard]] std::size_t frame_samples() const noexcept { return frame_; }
  [[nodiscard]] Result<CallLatency> latency(CallId id) const;
  // Whether the microphone held voice on the last tick (VAD).
  [[nodiscard]] bool voice() const noexcept { return voice_active_; }

 private:
  struct Call {
    CallId id;
    SendStream* send;
    ReceiveStream* receive;
    Flow flow;
    RecordingSink recording;
    std::vector<std::int16_t> heard;  // this tick's audio from the call (sized at add_call)
    bool conference = false;
  };
  explicit AudioMixer(const MixerConfig& config, std::unique_ptr<VoiceProcessor> voice);
  [[nodiscard]] Call* find(CallId id) noexcept;
  void mix_for_member(const Call& member) noexcept;  // into conference_
  [[nodiscard]] const Call* find(CallId id) const noexcept;

  MixerConfig config_;
  std::size_t frame_;
  std::unique_ptr<VoiceProcessor> voice_;
  std::vector<Call> calls_;
  std::vector<std::int16_t> microphone_;
  std::vector<std::int16_t> silence_;
  std::vector<std::int16_t> conference_;  // what a conference member is sent this tick
  std::vector<std::int32_t> mix_;
  std::vector<std::int16_t> stereo_;
  double speaker_gain_ = 1.0;
  bool voice_active_ = false;
};

}  // namespace sipline::media
