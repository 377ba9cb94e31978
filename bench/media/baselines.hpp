// The baselines of bench/media: libopus called directly, with the settings sipline's Opus uses.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>

namespace sipline::bench {

class RawOpus {
 public:
  explicit RawOpus(int complexity);
  ~RawOpus();
  RawOpus(const RawOpus&) = delete;
  RawOpus& operator=(const RawOpus&) = delete;
  // One 20 ms frame at 48 kHz; returns the payload size (negative: libopus error).
  int encode(std::span<const std::int16_t> pcm, std::span<std::byte> out) noexcept;
  int decode(std::span<const std::byte> payload, std::span<std::int16_t> pcm) noexcept;

 private:
  void* encoder_;
  void* decoder_;
};

}  // namespace sipline::bench
