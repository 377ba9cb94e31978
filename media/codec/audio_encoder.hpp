// The encoding half of the codec seam: one frame of 16-bit mono PCM at the codec's sample rate
// in, one RTP payload out.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>

#include "base/bytes.hpp"
#include "base/result.hpp"

namespace sipline::media {

class AudioEncoder {
 public:
  virtual ~AudioEncoder() = default;
  [[nodiscard]] virtual std::uint32_t sample_rate() const noexcept = 0;
  [[nodiscard]] virtual std::uint32_t samples_per_timestamp() const noexcept { return 1; }
  // How much later a sound comes out of encode + decode than it went in, in samples at the
  // codec's rate (look-ahead and filter delays of the pair; 0 for G.711 and L16).
  [[nodiscard]] virtual std::uint32_t algorithmic_delay() const noexcept { return 0; }
  // Encodes `pcm` (a whole frame) into `out`; returns the payload size, 0 when the codec chose
  // not to send this frame (discontinuous transmission).
  [[nodiscard]] virtual Result<std::size_t> encode(std::span<const std::int16_t> pcm,
                                                   std::span<std::byte> out) noexcept = 0;
};

}  // namespace sipline::media
