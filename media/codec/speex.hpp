// Speex (RTP payload RFC 5574) with libspeex from Debian: narrowband (8 kHz, 160-sample frames)
// and wideband (16 kHz, 320-sample frames), several frames per packet, perceptual enhancement
// and libspeex's own loss concealment on the decoding side.
#pragma once

#include <cstdint>
#include <memory>

#include "media/codec/audio_decoder.hpp"
#include "media/codec/audio_encoder.hpp"

namespace sipline::media {

struct SpeexBitBuffer;  // libspeex's SpeexBits, owned

class SpeexEncoder final : public AudioEncoder {
 public:
  // `rate`: 8000 or 16000. `quality`: 0 … 10 (8 is 15 kbit/s narrowband, 27.8 kbit/s wideband).
  [[nodiscard]] static Result<std::unique_ptr<SpeexEncoder>> create(std::uint32_t rate,
                                                                    int quality = 8);
  ~SpeexEncoder() override;
  SpeexEncoder(const SpeexEncoder&) = delete;
  SpeexEncoder& operator=(const SpeexEncoder&) = delete;
  [[nodiscard]] std::uint32_t sample_rate() const noexcept override { return rate_; }
  // SPEEX_GET_LOOKAHEAD of the encoder plus the decoder's: 80 samples narrowband, 223 wideband.
  [[nodiscard]] std::uint32_t algorithmic_delay() const noexcept override { return delay_; }
  // `pcm`: a whole number of 20 ms frames.
  [[nodiscard]] Result<std::size_t> encode(std::span<const std::int16_t> pcm,
                                           std::span<std::byte> out) noexcept override;

 private:
  SpeexEncoder(std::uint32_t rate, void* state, int frame) noexcept;
  std::uint32_t rate_;
  std::uint32_t delay_ = 0;
  void* state_;
  int frame_;
  std::unique_ptr<SpeexBitBuffer> bits_;
};

class SpeexDecoder final : public AudioDecoder {
 public:
  [[nodiscard]] static Result<std::unique_ptr<SpeexDecoder>> create(std::uint32_t rate);
  ~SpeexDecoder() override;
  SpeexDecoder(const SpeexDecoder&) = delete;
  SpeexDecoder& operator=(const SpeexDecoder&) = delete;
  [[nodiscard]] std::uint32_t sample_rate() const noexcept override { return rate_; }
  [[nodiscard]] Result<std::size_t> decode(Bytes payload,
                                           std::span<std::int16_t> out) noexcept override;
  [[nodiscard]] bool has_concealment() const noexcept override { return true; }
  void conceal(std::span<std::int16_t> out) noexcept override;

 private:
  SpeexDecoder(std::uint32_t rate, void* state, int frame) noexcept;
  std::uint32_t rate_;
  void* state_;
  int frame_;
  std::unique_ptr<SpeexBitBuffer> bits_;
};

}  // namespace sipline::media
