// Sample-rate conversion between the audio device and the codec (SpeexDSP's resampler;
// quality 3, SPEEX_RESAMPLER_QUALITY_VOIP, is enough for speech: ≈ 7 µs per 20 ms frame).
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <vector>

#include "base/result.hpp"

namespace sipline::media {

class ResamplerPool;

class Resampler {
 public:
  static constexpr int kVoipQuality = 3;
  // With a pool: a resampler made earlier for the same rates, cleared, when the pool has one;
  // it goes back to the pool when destroyed.
  [[nodiscard]] static Result<std::unique_ptr<Resampler>> create(std::uint32_t from_rate,
                                                                 std::uint32_t to_rate,
                                                                 int quality = kVoipQuality,
                                                                 ResamplerPool* pool = nullptr);
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
  Resampler(void* state, std::uint32_t from, std::uint32_t to, int quality,
            ResamplerPool* pool) noexcept
      : state_(state), from_(from), to_(to), quality_(quality), pool_(pool) {}
  void* state_;
  std::uint32_t from_;
  std::uint32_t to_;
  int quality_;
  ResamplerPool* pool_;
};

// Resamplers kept for the next call. Making one computes its whole filter table (hundreds of
// sin() calls): a tenth of the CPU of a call's media set-up at thousands of calls a second. A
// kept one is cleared (speex_resampler_reset_mem) before it is used again, so it works exactly
// as a new one. One thread at a time; it must outlive the resamplers made from it.
class ResamplerPool {
 public:
  static constexpr std::size_t kKeep = 16;
  ResamplerPool() { idle_.reserve(kKeep); }  // keep() never allocates: it runs in destructors
  ~ResamplerPool();
  ResamplerPool(const ResamplerPool&) = delete;
  ResamplerPool& operator=(const ResamplerPool&) = delete;
  [[nodiscard]] std::size_t idle() const noexcept { return idle_.size(); }

 private:
  friend class Resampler;
  struct Idle {
    std::uint32_t from;
    std::uint32_t to;
    int quality;
    void* state;
  };
  [[nodiscard]] void* take(std::uint32_t from, std::uint32_t to, int quality) noexcept;
  [[nodiscard]] bool keep(const Idle& idle) noexcept;  // false: full
  std::vector<Idle> idle_;
};

}  // namespace sipline::media
