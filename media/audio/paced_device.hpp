// A device without hardware: its own thread plays the sound card's part, calling the callback
// once per buffer on absolute deadlines (start + n × buffer time, so no drift accumulates).
// Before each buffer it waits (up to 10 buffers) for the consumer to have queued its speaker
// audio, where a sound card would play silence; behind its schedule (the thread, or the whole
// machine, stalled) it so catches up buffer by buffer instead of bursting into silence. The
// subclass supplies the microphone audio and takes the speaker audio on that thread, outside the
// real-time scope (a file may be written there; the callback itself stays real time).
#pragma once

#include <atomic>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "media/audio/audio_device.hpp"

namespace sipline::media {

class PacedDevice : public AudioDevice {
 public:
  ~PacedDevice() override;
  [[nodiscard]] AudioFormat format() const noexcept override { return format_; }
  [[nodiscard]] Result<void> start(AudioCallback& callback) override;
  void stop() noexcept override;
  [[nodiscard]] std::optional<std::string> failure() const override;

  // Buffers handed to the callback so far, and the times the thread woke too late to keep up
  // (more than 5 buffers behind: it skips ahead instead of bursting).
  [[nodiscard]] std::uint64_t buffers() const noexcept { return buffers_.load(); }
  [[nodiscard]] std::uint64_t resyncs() const noexcept { return resyncs_.load(); }

 protected:
  explicit PacedDevice(AudioFormat format);
  // Subclasses call stop() in their destructor, before their own members go.
  virtual void fill_capture(std::span<std::int16_t> capture) noexcept = 0;
  virtual void take_playback(std::span<const std::int16_t> playback) noexcept = 0;
  void report_failure(std::string message);

 private:
  void run(AudioCallback& callback);

  AudioFormat format_;
  std::vector<std::int16_t> capture_;
  std::vector<std::int16_t> playback_;
  std::thread thread_;
  std::atomic<bool> running_{false};
  std::atomic<std::uint64_t> buffers_{0};
  std::atomic<std::uint64_t> resyncs_{0};
  mutable std::mutex failure_mutex_;  // never taken by the callback
  std::optional<std::string> failure_;
};

// Silence in, playback discarded.
class NullDevice final : public PacedDevice {
 public:
  explicit NullDevice(AudioFormat format) : PacedDevice(format) {}
  ~NullDevice() override { stop(); }
  [[nodiscard]] std::string name() const override { return "null"; }

 private:
  void fill_capture(std::span<std::int16_t> capture) noexcept override;
  void take_playback(std::span<const std::int16_t> playback) noexcept override;
};

}  // namespace sipline::media
