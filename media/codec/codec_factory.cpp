// Codec construction by name.
#include "media/codec/codec_factory.hpp"

#include "base/text.hpp"
#include "media/codec/g711.hpp"
#include "media/codec/g722.hpp"
#include "media/codec/l16.hpp"
#include "media/codec/speex.hpp"

namespace sipline::media {
namespace {

bool l16_rate(std::uint32_t rate) noexcept {
  return rate == 8000 || rate == 16000 || rate == 32000 || rate == 44100 || rate == 48000;
}

}  // namespace

bool is_supported_codec(std::string_view name, std::uint32_t rate) noexcept {
  return ((iequals(name, "PCMU") || iequals(name, "PCMA") || iequals(name, "G722")) &&
          rate == 8000) ||
         (iequals(name, "opus") && rate == 48000) ||
         (iequals(name, "speex") && (rate == 8000 || rate == 16000)) ||
         (iequals(name, "L16") && l16_rate(rate));
}

Result<Codec> make_codec(std::string_view name, std::uint32_t rate, const CodecOptions& options) {
  if (!is_supported_codec(name, rate)) {
    return fail(Errc::kUnsupported, "codec not supported", 0);
  }
  Codec codec;
  if (iequals(name, "PCMU") || iequals(name, "PCMA")) {
    const G711Law law = iequals(name, "PCMU") ? G711Law::kMuLaw : G711Law::kALaw;
    codec.encoder = std::make_unique<G711Encoder>(law);
    codec.decoder = std::make_unique<G711Decoder>(law);
  } else if (iequals(name, "G722")) {
    codec.encoder = std::make_unique<G722Encoder>();
    codec.decoder = std::make_unique<G722Decoder>();
  } else if (iequals(name, "L16")) {
    codec.encoder = std::make_unique<L16Encoder>(rate);
    codec.decoder = std::make_unique<L16Decoder>(rate);
  } else if (iequals(name, "opus")) {
    auto encoder = OpusEncoder::create(options.opus);
    auto decoder = OpusDecoder::create();
    if (!encoder || !decoder) {
      return std::unexpected(encoder ? decoder.error() : encoder.error());
    }
    codec.encoder = std::move(*encoder);
    codec.decoder = std::move(*decoder);
  } else {
    auto encoder = SpeexEncoder::create(rate, options.speex_quality);
    auto decoder = SpeexDecoder::create(rate);
    if (!encoder || !decoder) {
      return std::unexpected(encoder ? decoder.error() : encoder.error());
    }
    codec.encoder = std::move(*encoder);
    codec.decoder = std::move(*decoder);
  }
  return codec;
}

}  // namespace sipline::media
