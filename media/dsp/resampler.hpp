// Sample-rate conversion between the audio device and the codec (SpeexDSP's resampler;
// quality 3, SPEEX_RESAMPLER_QUALITY_VOIP, is enough for speech: ≈ 7 µs per 20 ms frame).
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>

#include "base/result.hpp"

namespace sipline::media {

class Resampler {
 public:
  [[nodiscard]] static Result<std::unique_ptr<Resampler>> create(std::uint32_t from_rate,
                                                                 std::uint32_t to_rate,
                                                                 int quality = 3);
  ~Resampler();
  Resampler(const Resampler&) = delete;
  Resampler& operator=(const Resampler&) = delete;

  struct Processed {
    std::size_t consumed;  // input samples used
    std::size_t produced;  // output samples written
  };
  Processed process(std::span<const std::int16_t> in, std::span<std::int16_t> out) noexcept;
  // The delay it adds to the signal, in input samples (half the filter).
  [[nodiscard]] std::size_t latency() const noexcept;
  [[nodiscard]] std::uint32_t from_rate() const noexcept { return from_; }
  [[nodiscard]] std::uint32_t to_rate() const noexcept { return to_; }

 private:
  Resampler(void* state, std::uint32_t from, std::uint32_t to) noexcept
      : state_(state), from_(from), to_(to) {}
  void* state_;
  std::uint32_t from_;
  std::uint32_t to_;
};

}  // namespace sipline::media
