// G.722 through spandsp.
#include "media/codec/g722.hpp"

#include <spandsp.h>

namespace sipline::media {

G722Encoder::G722Encoder() : state_(g722_encode_init(nullptr, 64000, 0)) {}
G722Encoder::~G722Encoder() { g722_encode_free(static_cast<g722_encode_state_t*>(state_)); }

Result<std::size_t> G722Encoder::encode(std::span<const std::int16_t> pcm,
                                        std::span<std::byte> out) noexcept {
  // Two 16 kHz samples make one octet at 64 kbit/s.
  if (state_ == nullptr || pcm.size() / 2 > out.size() || pcm.size() > 0x7FFFFFFF) {
    return fail(Errc::kTooLarge, "G.722 frame larger than the payload buffer", out.size());
  }
  const int n = g722_encode(static_cast<g722_encode_state_t*>(state_),
                            reinterpret_cast<std::uint8_t*>(out.data()), pcm.data(),
                            static_cast<int>(pcm.size()));
  return static_cast<std::size_t>(n);
}

G722Decoder::G722Decoder() : state_(g722_decode_init(nullptr, 64000, 0)) {}
G722Decoder::~G722Decoder() { g722_decode_free(static_cast<g722_decode_state_t*>(state_)); }

Result<std::size_t> G722Decoder::decode(Bytes payload, std::span<std::int16_t> out) noexcept {
  if (state_ == nullptr || 2 * payload.size() > out.size() || payload.size() > 0x3FFFFFFF) {
    return fail(Errc::kTooLarge, "G.722 payload larger than the output", out.size());
  }
  const int n = g722_decode(static_cast<g722_decode_state_t*>(state_), out.data(),
                            reinterpret_cast<const std::uint8_t*>(payload.data()),
                            static_cast<int>(payload.size()));
  return static_cast<std::size_t>(n);
}

}  // namespace sipline::media
