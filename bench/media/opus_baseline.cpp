// Raw libopus: VOIP application, 32 kbit/s VBR, in-band FEC at 5 % expected loss — the settings
// sipline's OpusEncoder applies by default.
#include <opus.h>

#include "bench/media/baselines.hpp"

namespace sipline::bench {

RawOpus::RawOpus(int complexity) {
  int error = 0;
  OpusEncoder* encoder = opus_encoder_create(48000, 1, OPUS_APPLICATION_VOIP, &error);
  opus_encoder_ctl(encoder, OPUS_SET_BITRATE(32000));
  opus_encoder_ctl(encoder, OPUS_SET_COMPLEXITY(complexity));
  opus_encoder_ctl(encoder, OPUS_SET_INBAND_FEC(1));
  opus_encoder_ctl(encoder, OPUS_SET_PACKET_LOSS_PERC(5));
  encoder_ = encoder;
  decoder_ = opus_decoder_create(48000, 1, &error);
}

RawOpus::~RawOpus() {
  opus_encoder_destroy(static_cast<OpusEncoder*>(encoder_));
  opus_decoder_destroy(static_cast<OpusDecoder*>(decoder_));
}

int RawOpus::encode(std::span<const std::int16_t> pcm, std::span<std::byte> out) noexcept {
  return opus_encode(static_cast<OpusEncoder*>(encoder_), pcm.data(), static_cast<int>(pcm.size()),
                     reinterpret_cast<unsigned char*>(out.data()),
                     static_cast<opus_int32>(out.size()));
}

int RawOpus::decode(std::span<const std::byte> payload, std::span<std::int16_t> pcm) noexcept {
  return opus_decode(
      static_cast<OpusDecoder*>(decoder_), reinterpret_cast<const unsigned char*>(payload.data()),
      static_cast<opus_int32>(payload.size()), pcm.data(), static_cast<int>(pcm.size()), 0);
}

}  // namespace sipline::bench
