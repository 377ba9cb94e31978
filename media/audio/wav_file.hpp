// WAV files through libsndfile: read a whole file as 16-bit PCM (channels mixed down to mono, or
// kept interleaved), write 16-bit PCM (mono, or interleaved channels). For the file audio device,
// call recording and tests.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "base/bytes.hpp"
#include "base/result.hpp"

namespace sipline::media {

struct WavAudio {
  std::uint32_t sample_rate = 0;
  std::uint32_t channels = 1;  // of `samples` (1 unless kept)
  std::vector<std::int16_t> samples;
};

// Refuses files longer than `max_seconds` (the whole file is held in memory).
[[nodiscard]] Result<WavAudio> read_wav(const std::string& path, std::uint32_t max_seconds = 3600,
                                        bool keep_channels = false);
// The same from a file's bytes already in memory.
[[nodiscard]] Result<WavAudio> parse_wav(Bytes file, std::uint32_t max_seconds = 3600,
                                         bool keep_channels = false);

// What a writer writes: 16-bit PCM WAV, or MPEG-1/2 Layer III (libsndfile ≥ 1.1 with LAME:
// MicroSIP's recordingFormat=mp3).
enum class AudioFileFormat : std::uint8_t { kWav, kMp3 };

class WavWriter {
 public:
  [[nodiscard]] static Result<std::unique_ptr<WavWriter>> create(
      const std::string& path, std::uint32_t sample_rate, std::uint32_t channels = 1,
      AudioFileFormat format = AudioFileFormat::kWav);
  ~WavWriter();  // finishes the file (its header gets the final length)
  WavWriter(const WavWriter&) = delete;
  WavWriter& operator=(const WavWriter&) = delete;

  // Whole frames: `samples` interleaved, a multiple of the channel count.
  [[nodiscard]] Result<void> write(std::span<const std::int16_t> samples) noexcept;
  [[nodiscard]] std::uint32_t sample_rate() const noexcept { return rate_; }
  [[nodiscard]] std::uint64_t samples_written() const noexcept { return written_; }

 private:
  WavWriter(void* file, std::uint32_t rate, std::uint32_t channels, bool floats) noexcept
      : file_(file), rate_(rate), channels_(channels), floats_(floats) {}
  void* file_;
  std::uint32_t rate_;
  std::uint32_t channels_;
  // MP3: libsndfile 1.2.0's MPEG encoder takes 16-bit samples unscaled (they come out 3–4 times
  // too loud, clipped), so they go to it as floats in [-1, 1).
  bool floats_;
  std::uint64_t written_ = 0;
};

}  // namespace sipline::media
