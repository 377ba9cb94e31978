// The decoding half of the codec seam: a payload in, 16-bit mono PCM out at the codec's sample
// rate. Codecs with their own loss concealment (Opus) offer it; the playout conceals for the rest.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>

#include "base/bytes.hpp"
#include "base/result.hpp"

namespace sipline::media {

class AudioDecoder {
 public:
  virtual ~AudioDecoder() = default;
  [[nodiscard]] virtual std::uint32_t sample_rate() const noexcept = 0;
  // Samples of audio per RTP timestamp unit: 1, except G.722 (2: 16 kHz audio on an 8 kHz clock).
  [[nodiscard]] virtual std::uint32_t samples_per_timestamp() const noexcept { return 1; }
  // Samples of audio in `payload`, when the codec can tell without decoding; 0 when it cannot.
  [[nodiscard]] virtual std::size_t samples_in(Bytes payload) const noexcept {
    (void)payload;
    return 0;
  }
  // Decodes into `out`; returns the samples written. Fails for payloads the codec rejects or
  // that would not fit.
  [[nodiscard]] virtual Result<std::size_t> decode(Bytes payload,
                                                   std::span<std::int16_t> out) noexcept = 0;
  // The codec's own concealment of `out.size()` samples, if it has one, in whole steps of
  // concealment_step() samples (Opus: 2.5 ms; what is left over is silence).
  [[nodiscard]] virtual bool has_concealment() const noexcept { return false; }
  virtual void conceal(std::span<std::int16_t> out) noexcept { (void)out; }
  [[nodiscard]] virtual std::size_t concealment_step() const noexcept { return 1; }
  // In-band forward error correction (Opus, RFC 6716 §2.1.7): rebuilds a lost frame of
  // `out.size()` samples from the redundancy carried in the packet after it.
  [[nodiscard]] virtual bool has_forward_error_correction() const noexcept { return false; }
  [[nodiscard]] virtual Result<std::size_t> recover(Bytes next_payload,
                                                    std::span<std::int16_t> out) noexcept {
    (void)next_payload;
    (void)out;
    return fail(Errc::kUnsupported, "no forward error correction", 0);
  }
};

}  // namespace sipline::media
