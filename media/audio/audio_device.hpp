// The audio device seam: something that, on its own clock, hands the callback one buffer of
// microphone audio and takes one buffer for the speaker. Mono 16-bit PCM. Implementations:
// PortAudioDevice (a sound card), NullDevice (paced silence), FileDevice (WAV in, WAV out).
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>

#include "base/result.hpp"

namespace sipline::media {

struct AudioFormat {
  std::uint32_t sample_rate = 48000;
  std::size_t frames_per_buffer = 480;  // 10 ms at 48 kHz
  friend bool operator==(const AudioFormat&, const AudioFormat&) = default;
};

// Runs on the device's real-time thread: no locks, no allocation, no system calls, no logging.
// Talk to the rest of the program through SpscRing and atomics only.
class AudioCallback {
 public:
  virtual ~AudioCallback() = default;
  // `capture` and `playback` hold format().frames_per_buffer samples each; fill all of
  // `playback`.
  virtual void process(std::span<const std::int16_t> capture,
                       std::span<std::int16_t> playback) noexcept = 0;
  // Whether a whole buffer of speaker audio is waiting. A device without hardware (null, file)
  // asks before each buffer and waits a little for it: a media thread or a machine that stalled
  // then does not come out as silence in the recording. A sound card never waits.
  [[nodiscard]] virtual bool playback_waiting(std::size_t frames) const noexcept {
    (void)frames;
    return true;
  }
  // The device's schedule jumps: the callbacks from now on run later than the old one said (a
  // device without hardware that fell too far behind starts over from now). Real time.
  virtual void schedule_restarted() noexcept {}
};

class AudioDevice {
 public:
  virtual ~AudioDevice() = default;
  [[nodiscard]] virtual std::string name() const = 0;
  [[nodiscard]] virtual AudioFormat format() const noexcept = 0;
  // Starts calling `callback` (which must outlive stop()).
  [[nodiscard]] virtual Result<void> start(AudioCallback& callback) = 0;
  virtual void stop() noexcept = 0;
  // What went wrong since start() (a device unplugged, an output file that failed), for the
  // media thread to report; empty while all is well. The device stays safe to stop().
  [[nodiscard]] virtual std::optional<std::string> failure() const = 0;
  // A finite microphone (a WAV file) has been captured to its end: scripts wait for this to
  // hang up once a prompt has been said. Any thread.
  [[nodiscard]] virtual bool input_ended() const noexcept { return false; }
};

}  // namespace sipline::media
