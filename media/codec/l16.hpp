// L16 (RFC 3551 §4.5.11): uncompressed 16-bit linear PCM, network byte order.
#pragma once

#include "media/codec/audio_decoder.hpp"
#include "media/codec/audio_encoder.hpp"

namespace sipline::media {

class L16Encoder final : public AudioEncoder {
 public:
  explicit L16Encoder(std::uint32_t rate) noexcept : rate_(rate) {}
  [[nodiscard]] std::uint32_t sample_rate() const noexcept override { return rate_; }
  [[nodiscard]] Result<std::size_t> encode(std::span<const std::int16_t> pcm,
                                           std::span<std::byte> out) noexcept override;

 private:
  std::uint32_t rate_;
};

class L16Decoder final : public AudioDecoder {
 public:
  explicit L16Decoder(std::uint32_t rate) noexcept : rate_(rate) {}
  [[nodiscard]] std::uint32_t sample_rate() const noexcept override { return rate_; }
  [[nodiscard]] std::size_t samples_in(Bytes payload) const noexcept override {
    return payload.size() / 2;
  }
  [[nodiscard]] Result<std::size_t> decode(Bytes payload,
                                           std::span<std::int16_t> out) noexcept override;

 private:
  std::uint32_t rate_;
};

}  // namespace sipline::media
