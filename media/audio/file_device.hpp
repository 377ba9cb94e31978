// The file device: a WAV file is the microphone (resampled to the device rate; silence after its
// end, or from its start again with `loop`), and the speaker is recorded to a WAV file at the
// device rate. For headless runs, scripts and tests: `--audio file:IN.wav:OUT.wav`.
#pragma once

#include <atomic>
#include <memory>
#include <string>
#include <vector>

#include "media/audio/paced_device.hpp"
#include "media/audio/wav_file.hpp"

namespace sipline::media {

struct FileDeviceConfig {
  std::string input;   // WAV to play as the microphone; empty: silence
  std::string output;  // WAV to record the speaker into; empty: discard
  bool loop = false;
  AudioFormat format{};
};

class FileDevice final : public PacedDevice {
 public:
  [[nodiscard]] static Result<std::unique_ptr<FileDevice>> open(const FileDeviceConfig& config);
  ~FileDevice() override;
  [[nodiscard]] std::string name() const override;
  // The whole input has been captured at least once.
  [[nodiscard]] bool input_done() const noexcept { return input_done_.load(); }
  [[nodiscard]] bool input_ended() const noexcept override {
    return !config_.input.empty() && input_done();
  }

 private:
  FileDevice(const FileDeviceConfig& config, std::vector<std::int16_t> input,
             std::unique_ptr<WavWriter> output);
  void fill_capture(std::span<std::int16_t> capture) noexcept override;
  void take_playback(std::span<const std::int16_t> playback) noexcept override;

  FileDeviceConfig config_;
  std::vector<std::int16_t> input_;
  std::size_t position_ = 0;
  std::atomic<bool> input_done_{false};
  std::unique_ptr<WavWriter> output_;
  bool output_failed_ = false;
};

}  // namespace sipline::media
