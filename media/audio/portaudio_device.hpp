// A sound card through PortAudio: one full-duplex stream, mono 16-bit, at the format asked for
// (PortAudio converts channels and buffer sizes; the host API or the device converts rates, or
// opening fails with PortAudio's reason). Capture and playback devices are chosen by name (exact,
// else a case-insensitive part of it) or are the system defaults. A stream that stops by itself —
// the headset pulled out — is reported by failure(), not fatal.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "media/audio/audio_device.hpp"

namespace sipline::media {

class PortAudioLibrary;  // Pa_Initialize … Pa_Terminate

struct AudioDeviceInfo {
  std::string name;
  std::string host_api;
  int max_input_channels = 0;
  int max_output_channels = 0;
  double default_sample_rate = 0;
  bool default_input = false;
  bool default_output = false;
};

// The devices PortAudio sees now (none on a machine without sound: an empty list, not an error).
[[nodiscard]] Result<std::vector<AudioDeviceInfo>> list_audio_devices();

struct PortAudioConfig {
  std::string capture;   // device name or part of one; empty: the default input
  std::string playback;  // likewise; empty: the default output
  AudioFormat format{};
};

class PortAudioDevice final : public AudioDevice {
 public:
  [[nodiscard]] static Result<std::unique_ptr<PortAudioDevice>> open(const PortAudioConfig& config);
  ~PortAudioDevice() override;

  [[nodiscard]] std::string name() const override { return name_; }
  [[nodiscard]] AudioFormat format() const noexcept override { return format_; }
  [[nodiscard]] Result<void> start(AudioCallback& callback) override;
  void stop() noexcept override;
  [[nodiscard]] std::optional<std::string> failure() const override;

  // Buffers the device reported it lost (input overflow, output underflow), from its flags.
  [[nodiscard]] std::uint64_t xruns() const noexcept { return xruns_.load(); }
  [[nodiscard]] std::uint64_t callbacks() const noexcept { return callbacks_.load(); }

 private:
  // PortAudio's C callbacks.
  static int on_audio(const void* input, void* output, unsigned long frames, const void* time_info,
                      unsigned long flags, void* self) noexcept;
  static void on_finished(void* self) noexcept;

  PortAudioDevice(std::unique_ptr<PortAudioLibrary> library, std::string name, AudioFormat format);

  std::unique_ptr<PortAudioLibrary> library_;  // first in, last out
  void* stream_ = nullptr;
  std::string name_;
  AudioFormat format_;
  AudioCallback* callback_ = nullptr;
  std::vector<std::int16_t> silence_;  // the capture when PortAudio hands no input
  std::atomic<bool> started_{false};
  std::atomic<bool> stopping_{false};
  std::atomic<bool> finished_unexpectedly_{false};
  std::atomic<std::uint64_t> xruns_{0};
  std::atomic<std::uint64_t> callbacks_{0};
};

}  // namespace sipline::media
