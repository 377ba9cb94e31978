// L16 byte order.
#include "media/codec/l16.hpp"

namespace sipline::media {

Result<std::size_t> L16Encoder::encode(std::span<const std::int16_t> pcm,
                                       std::span<std::byte> out) noexcept {
  if (2 * pcm.size() > out.size()) {
    return fail(Errc::kTooLarge, "L16 frame larger than the payload buffer", out.size());
  }
  for (std::size_t i = 0; i < pcm.size(); ++i) {
    const auto u = static_cast<std::uint16_t>(pcm[i]);
    out[2 * i] = static_cast<std::byte>(u >> 8);
    out[2 * i + 1] = static_cast<std::byte>(u & 0xFF);
  }
  return 2 * pcm.size();
}

Result<std::size_t> L16Decoder::decode(Bytes payload, std::span<std::int16_t> out) noexcept {
  if (payload.size() % 2 != 0) {
    return fail(Errc::kMalformed, "L16 payload of an odd length", payload.size());
  }
  if (payload.size() / 2 > out.size()) {
    return fail(Errc::kTooLarge, "L16 payload larger than the output", out.size());
  }
  for (std::size_t i = 0; i < payload.size() / 2; ++i) {
    out[i] = static_cast<std::int16_t>(
        static_cast<std::uint16_t>((std::to_integer<unsigned>(payload[2 * i]) << 8) |
                                   std::to_integer<unsigned>(payload[2 * i + 1])));
  }
  return payload.size() / 2;
}

}  // namespace sipline::media
