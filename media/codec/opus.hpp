// Opus (RFC 6716, RTP payload RFC 7587) with libopus: the VOIP application, mono PCM at 48 kHz
// (the RTP clock of Opus is always 48 kHz; narrower audio is asked for with a bandwidth limit),
// in-band FEC and DTX when the negotiation allows them, and libopus's own loss concealment.
#pragma once

#include <cstdint>
#include <memory>

#include "media/codec/audio_decoder.hpp"
#include "media/codec/audio_encoder.hpp"

namespace sipline::media {

struct OpusSettings {
  std::uint32_t bitrate = 32000;            // bit/s (RFC 7587 maxaveragebitrate caps it)
  int complexity = 10;                      // 0 … 10
  bool inband_fec = true;                   // useinbandfec=1 from the peer
  int expected_loss_percent = 5;            // FEC is only coded when this is above 0
  bool dtx = false;                         // usedtx=1 from the peer
  bool constant_bitrate = false;            // cbr=1 from the peer
  std::uint32_t max_playback_rate = 48000;  // maxplaybackrate: the widest audio worth sending
  friend bool operator==(const OpusSettings&, const OpusSettings&) = default;
};

class OpusEncoder final : public AudioEncoder {
 public:
  // Fails when libopus refuses the settings.
  [[nodiscard]] static Result<std::unique_ptr<OpusEncoder>> create(const OpusSettings& settings);
  ~OpusEncoder() override;
  OpusEncoder(const OpusEncoder&) = delete;
  OpusEncoder& operator=(const OpusEncoder&) = delete;
  [[nodiscard]] std::uint32_t sample_rate() const noexcept override { return 48000; }
  // OPUS_GET_LOOKAHEAD: 2.5 ms of look-ahead plus the decoder's delay compensation (6.5 ms).
  [[nodiscard]] std::uint32_t algorithmic_delay() const noexcept override;
  [[nodiscard]] Result<std::size_t> encode(std::span<const std::int16_t> pcm,
                                           std::span<std::byte> out) noexcept override;

 private:
  explicit OpusEncoder(void* state) noexcept : state_(state) {}
  void* state_;
};

class OpusDecoder final : public AudioDecoder {
 public:
  [[nodiscard]] static Result<std::unique_ptr<OpusDecoder>> create();
  ~OpusDecoder() override;
  OpusDecoder(const OpusDecoder&) = delete;
  OpusDecoder& operator=(const OpusDecoder&) = delete;
  [[nodiscard]] std::uint32_t sample_rate() const noexcept override { return 48000; }
  [[nodiscard]] std::size_t samples_in(Bytes payload) const noexcept override;
  [[nodiscard]] Result<std::size_t> decode(Bytes payload,
                                           std::span<std::int16_t> out) noexcept override;
  [[nodiscard]] bool has_concealment() const noexcept override { return true; }
  [[nodiscard]] std::size_t concealment_step() const noexcept override {
    return sample_rate() / 400;  // 2.5 ms
  }
  void conceal(std::span<std::int16_t> out) noexcept override;
  [[nodiscard]] bool has_forward_error_correction() const noexcept override { return true; }
  [[nodiscard]] Result<std::size_t> recover(Bytes next_payload,
                                            std::span<std::int16_t> out) noexcept override;

 private:
  explicit OpusDecoder(void* state) noexcept : state_(state) {}
  void* state_;
};

}  // namespace sipline::media
