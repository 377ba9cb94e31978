// G.711 by table, the tables computed once from the standard's segment rules.
#include "media/codec/g711.hpp"

#include <array>

namespace sipline::media {
namespace {

// ITU-T G.711 µ-law: bias 0x84, 8 segments, codes inverted on the wire.
std::int16_t mulaw_to_linear(std::uint8_t code) noexcept {
  const unsigned u = ~code & 0xFFU;
  const int magnitude = static_cast<int>((((u & 0x0FU) << 3) + 0x84U) << ((u & 0x70U) >> 4)) - 0x84;
  return static_cast<std::int16_t>((u & 0x80U) != 0 ? -magnitude : magnitude);
}

// A-law: 7 segments with a linear first, even bits inverted on the wire (0x55).
std::int16_t alaw_to_linear(std::uint8_t code) noexcept {
  const unsigned a = code ^ 0x55U;
  const unsigned segment = (a & 0x70U) >> 4;
  int magnitude = static_cast<int>((a & 0x0FU) << 4);
  magnitude = segment == 0 ? magnitude + 8 : (magnitude + 0x108) << (segment - 1);
  return static_cast<std::int16_t>((a & 0x80U) != 0 ? magnitude : -magnitude);
}

std::uint8_t linear_to_mulaw(int sample) noexcept {
  constexpr int kBias = 0x84;
  constexpr int kClip = 32635;
  const unsigned sign = sample < 0 ? 0x80U : 0U;
  int magnitude = sample < 0 ? -sample : sample;
  magnitude = (magnitude > kClip ? kClip : magnitude) + kBias;
  unsigned exponent = 7;
  for (int mask = 0x4000; exponent > 0 && (magnitude & mask) == 0; mask >>= 1) {
    --exponent;
  }
  const unsigned mantissa = (static_cast<unsigned>(magnitude) >> (exponent + 3)) & 0x0FU;
  return static_cast<std::uint8_t>(~(sign | (exponent << 4) | mantissa));
}

std::uint8_t linear_to_alaw(int sample) noexcept {
  const unsigned sign = sample >= 0 ? 0x80U : 0U;
  int magnitude = sample >= 0 ? sample : -sample - 1;
  if (magnitude > 32767) {
    magnitude = 32767;
  }
  unsigned code = 0;
  if (magnitude < 256) {
    code = static_cast<unsigned>(magnitude) >> 4;
  } else {
    unsigned exponent = 7;
    for (int mask = 0x4000; (magnitude & mask) == 0; mask >>= 1) {
      --exponent;
    }
    code = (exponent << 4) | ((static_cast<unsigned>(magnitude) >> (exponent + 3)) & 0x0FU);
  }
  return static_cast<std::uint8_t>((sign | code) ^ 0x55U);
}

struct Tables {
  std::array<std::int16_t, 256> mulaw_decode{};
  std::array<std::int16_t, 256> alaw_decode{};
  // Indexed by the sample + 32768: 64 KiB each, one lookup per sample.
  std::array<std::uint8_t, 1 << 16> mulaw_encode{};
  std::array<std::uint8_t, 1 << 16> alaw_encode{};
  Tables() noexcept {
    for (unsigned code = 0; code < 256; ++code) {
      mulaw_decode[code] = mulaw_to_linear(static_cast<std::uint8_t>(code));
      alaw_decode[code] = alaw_to_linear(static_cast<std::uint8_t>(code));
    }
    for (int i = 0; i < (1 << 16); ++i) {
      const int sample = i - (1 << 15);
      mulaw_encode[static_cast<std::size_t>(i)] = linear_to_mulaw(sample);
      alaw_encode[static_cast<std::size_t>(i)] = linear_to_alaw(sample);
    }
  }
};

const Tables& tables() noexcept {
  static const Tables instance;
  return instance;
}

std::size_t encode_index(std::int16_t sample) noexcept {
  return static_cast<std::size_t>(sample + (1 << 15));
}

}  // namespace

std::int16_t g711_decode(G711Law law, std::uint8_t code) noexcept {
  return law == G711Law::kMuLaw ? tables().mulaw_decode[code] : tables().alaw_decode[code];
}

std::uint8_t g711_encode(G711Law law, std::int16_t sample) noexcept {
  return law == G711Law::kMuLaw ? tables().mulaw_encode[encode_index(sample)]
                                : tables().alaw_encode[encode_index(sample)];
}

void g711_encode(G711Law law, std::span<const std::int16_t> samples,
                 std::span<std::byte> out) noexcept {
  const auto& table = law == G711Law::kMuLaw ? tables().mulaw_encode : tables().alaw_encode;
  const std::size_t n = samples.size() < out.size() ? samples.size() : out.size();
  for (std::size_t i = 0; i < n; ++i) {
    out[i] = static_cast<std::byte>(table[encode_index(samples[i])]);
  }
}

Result<std::size_t> G711Encoder::encode(std::span<const std::int16_t> pcm,
                                        std::span<std::byte> out) noexcept {
  if (pcm.size() > out.size()) {
    return fail(Errc::kTooLarge, "G.711 frame larger than the payload buffer", out.size());
  }
  g711_encode(law_, pcm, out);
  return pcm.size();
}

Result<std::size_t> G711Decoder::decode(Bytes payload, std::span<std::int16_t> out) noexcept {
  if (payload.size() > out.size()) {
    return fail(Errc::kTooLarge, "G.711 payload larger than the output", out.size());
  }
  const auto& table = law_ == G711Law::kMuLaw ? tables().mulaw_decode : tables().alaw_decode;
  for (std::size_t i = 0; i < payload.size(); ++i) {
    out[i] = table[std::to_integer<std::uint8_t>(payload[i])];
  }
  return payload.size();
}

}  // namespace sipline::media
