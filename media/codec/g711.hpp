// G.711 µ-law (PCMU) and A-law (PCMA), ITU-T G.711: 8-bit logarithmic samples at 8 kHz.
// Decoding is one 256-entry table lookup, encoding one lookup in a 64 KiB table; both tables are
// computed once from the standard's segment rules.
#pragma once

#include <cstdint>
#include <span>

#include "media/codec/audio_decoder.hpp"
#include "media/codec/audio_encoder.hpp"

namespace sipline::media {

enum class G711Law : std::uint8_t { kMuLaw, kALaw };

[[nodiscard]] std::int16_t g711_decode(G711Law law, std::uint8_t code) noexcept;
[[nodiscard]] std::uint8_t g711_encode(G711Law law, std::int16_t sample) noexcept;
void g711_encode(G711Law law, std::span<const std::int16_t> samples,
                 std::span<std::byte> out) noexcept;

class G711Encoder final : public AudioEncoder {
 public:
  explicit G711Encoder(G711Law law) noexcept : law_(law) {}
  [[nodiscard]] std::uint32_t sample_rate() const noexcept override { return 8000; }
  [[nodiscard]] Result<std::size_t> encode(std::span<const std::int16_t> pcm,
                                           std::span<std::byte> out) noexcept override;

 private:
  G711Law law_;
};

class G711Decoder final : public AudioDecoder {
 public:
  explicit G711Decoder(G711Law law) noexcept : law_(law) {}
  [[nodiscard]] std::uint32_t sample_rate() const noexcept override { return 8000; }
  [[nodiscard]] std::size_t samples_in(Bytes payload) const noexcept override {
    return payload.size();
  }
  [[nodiscard]] Result<std::size_t> decode(Bytes payload,
                                           std::span<std::int16_t> out) noexcept override;

 private:
  G711Law law_;
};

}  // namespace sipline::media
