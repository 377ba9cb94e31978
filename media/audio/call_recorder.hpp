// A call's recording, written off the media thread: the mixer's sink (on the media thread)
// pushes each tick's stereo frames into a wait-free ring and returns at once; a writer thread of
// the recorder's own empties the ring into the file every 50 ms, and once more at the end. The
// file is created by start() on the calling thread, and finished (its header's length) by the
// writer thread after stop() — so neither the mixer's tick nor the thread that stops a
// recording waits for the disk.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <span>
#include <string>

#include "base/result.hpp"
#include "media/audio/wav_file.hpp"

namespace sipline::media {

class CallRecorder {
 public:
  // `sample_rate`: the mixer's; the file is stereo (left: what we sent, right: what we heard).
  [[nodiscard]] static Result<std::unique_ptr<CallRecorder>> start(const std::string& path,
                                                                   std::uint32_t sample_rate,
                                                                   AudioFileFormat format);
  // Asks the writer to finish (what was pushed is written, the file closed) and lets it go on
  // alone: never waits for the disk.
  ~CallRecorder();
  CallRecorder(const CallRecorder&) = delete;
  CallRecorder& operator=(const CallRecorder&) = delete;

  // Media thread: one tick's interleaved stereo frames. False once the file failed (a full
  // disk): the mixer then stops recording. A ring full because the disk is slow drops the
  // frames, counted.
  bool push(std::span<const std::int16_t> stereo) noexcept;
  [[nodiscard]] std::uint64_t dropped_samples() const noexcept;

  // Blocks until every recorder's writer has finished its file (at the program's end, so no
  // recording is cut short); false if that took longer than `seconds`.
  static bool wait_for_all_writers(double seconds);

 private:
  struct Shared;
  explicit CallRecorder(std::shared_ptr<Shared> shared) : shared_(std::move(shared)) {}
  std::shared_ptr<Shared> shared_;
};

}  // namespace sipline::media
