// Encoder and decoder for a negotiated payload format, by its SDP encoding name and clock rate
// (RFC 3551 §6, RFC 7587, RFC 5574): PCMU/8000, PCMA/8000, G722/8000, opus/48000, speex/8000,
// speex/16000, L16/8000 … 48000.
#pragma once

#include <cstdint>
#include <memory>
#include <string_view>

#include "media/codec/audio_decoder.hpp"
#include "media/codec/audio_encoder.hpp"
#include "media/codec/opus.hpp"

namespace sipline::media {

struct CodecOptions {
  OpusSettings opus{};
  int speex_quality = 8;
};

struct Codec {
  std::unique_ptr<AudioEncoder> encoder;
  std::unique_ptr<AudioDecoder> decoder;
};

[[nodiscard]] bool is_supported_codec(std::string_view encoding_name,
                                      std::uint32_t clock_rate) noexcept;
[[nodiscard]] Result<Codec> make_codec(std::string_view encoding_name, std::uint32_t clock_rate,
                                       const CodecOptions& options = {});

}  // namespace sipline::media
