// G.722 (ITU-T G.722, 64 kbit/s) with spandsp from Debian: 16 kHz audio on an 8 kHz RTP clock
// (RFC 3551 §4.5.2 keeps the clock rate at 8000 for historical reasons).
#pragma once

#include <memory>

#include "media/codec/audio_decoder.hpp"
#include "media/codec/audio_encoder.hpp"

namespace sipline::media {

class G722Encoder final : public AudioEncoder {
 public:
  G722Encoder();
  ~G722Encoder() override;
  G722Encoder(const G722Encoder&) = delete;
  G722Encoder& operator=(const G722Encoder&) = delete;
  [[nodiscard]] std::uint32_t sample_rate() const noexcept override { return 16000; }
  [[nodiscard]] std::uint32_t samples_per_timestamp() const noexcept override { return 2; }
  // The transmit and receive QMF filters (24 taps each): 22 samples at 16 kHz with spandsp, as
  // the codec test measures.
  [[nodiscard]] std::uint32_t algorithmic_delay() const noexcept override { return 22; }
  [[nodiscard]] Result<std::size_t> encode(std::span<const std::int16_t> pcm,
                                           std::span<std::byte> out) noexcept override;

 private:
  void* state_;
};

class G722Decoder final : public AudioDecoder {
 public:
  G722Decoder();
  ~G722Decoder() override;
  G722Decoder(const G722Decoder&) = delete;
  G722Decoder& operator=(const G722Decoder&) = delete;
  [[nodiscard]] std::uint32_t sample_rate() const noexcept override { return 16000; }
  [[nodiscard]] std::uint32_t samples_per_timestamp() const noexcept override { return 2; }
  [[nodiscard]] std::size_t samples_in(Bytes payload) const noexcept override {
    return payload.size() * 2;  // 64 kbit/s: two samples per octet
  }
  [[nodiscard]] Result<std::size_t> decode(Bytes payload,
                                           std::span<std::int16_t> out) noexcept override;

 private:
  void* state_;
};

}  // namespace sipline::media
