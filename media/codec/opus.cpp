// libopus behind the codec seam.
#include "media/codec/opus.hpp"

#include <algorithm>
#include <climits>

#include <opus/opus.h>

namespace sipline::media {
namespace {

constexpr int kRate = 48000;
constexpr std::size_t kMaxFrame = 5760;  // 120 ms at 48 kHz, the longest Opus frame

int bandwidth_for(std::uint32_t max_playback_rate) {
  if (max_playback_rate <= 8000) {
    return OPUS_BANDWIDTH_NARROWBAND;
  }
  if (max_playback_rate <= 12000) {
    return OPUS_BANDWIDTH_MEDIUMBAND;
  }
  if (max_playback_rate <= 16000) {
    return OPUS_BANDWIDTH_WIDEBAND;
  }
  if (max_playback_rate <= 24000) {
    return OPUS_BANDWIDTH_SUPERWIDEBAND;
  }
  return OPUS_BANDWIDTH_FULLBAND;
}

::OpusEncoder* encoder(void* state) { return static_cast<::OpusEncoder*>(state); }
::OpusDecoder* decoder(void* state) { return static_cast<::OpusDecoder*>(state); }

}  // namespace

Result<std::unique_ptr<OpusEncoder>> OpusEncoder::create(const OpusSettings& settings) {
  int error = OPUS_OK;
  ::OpusEncoder* state = opus_encoder_create(kRate, 1, OPUS_APPLICATION_VOIP, &error);
  if (error != OPUS_OK || state == nullptr) {
    return fail(Errc::kUnsupported, "libopus refused to create an encoder", 0);
  }
  auto owner = std::unique_ptr<OpusEncoder>(new OpusEncoder(state));
  const bool ok =
      opus_encoder_ctl(state, OPUS_SET_BITRATE(static_cast<opus_int32>(settings.bitrate))) ==
          OPUS_OK &&
      opus_encoder_ctl(state, OPUS_SET_COMPLEXITY(settings.complexity)) == OPUS_OK &&
      opus_encoder_ctl(state, OPUS_SET_INBAND_FEC(settings.inband_fec ? 1 : 0)) == OPUS_OK &&
      opus_encoder_ctl(state, OPUS_SET_PACKET_LOSS_PERC(settings.expected_loss_percent)) ==
          OPUS_OK &&
      opus_encoder_ctl(state, OPUS_SET_DTX(settings.dtx ? 1 : 0)) == OPUS_OK &&
      opus_encoder_ctl(state, OPUS_SET_VBR(settings.constant_bitrate ? 0 : 1)) == OPUS_OK &&
      opus_encoder_ctl(state, OPUS_SET_MAX_BANDWIDTH(bandwidth_for(settings.max_playback_rate))) ==
          OPUS_OK;
  if (!ok) {
    return fail(Errc::kInvalidArgument, "libopus refused an encoder setting", 0);
  }
  return owner;
}

OpusEncoder::~OpusEncoder() { opus_encoder_destroy(encoder(state_)); }

Result<std::size_t> OpusEncoder::encode(std::span<const std::int16_t> pcm,
                                        std::span<std::byte> out) noexcept {
  if (pcm.size() > kMaxFrame || out.size() > INT_MAX) {
    return fail(Errc::kTooLarge, "Opus frame too long", pcm.size());
  }
  const opus_int32 n = opus_encode(encoder(state_), pcm.data(), static_cast<int>(pcm.size()),
                                   reinterpret_cast<unsigned char*>(out.data()),
                                   static_cast<opus_int32>(out.size()));
  if (n < 0) {
    return fail(Errc::kInvalidArgument,
                "libopus could not encode the frame (its size must be 2.5–120 ms)", 0);
  }
  // With DTX libopus codes silence in 1–2 byte packets (RFC 7587 §3.3): those need not be sent.
  return static_cast<std::size_t>(n <= 2 ? 0 : n);
}

std::uint32_t OpusEncoder::algorithmic_delay() const noexcept {
  opus_int32 lookahead = 0;
  opus_encoder_ctl(static_cast<::OpusEncoder*>(state_), OPUS_GET_LOOKAHEAD(&lookahead));
  return static_cast<std::uint32_t>(std::max(lookahead, 0));
}

Result<std::unique_ptr<OpusDecoder>> OpusDecoder::create() {
  int error = OPUS_OK;
  ::OpusDecoder* state = opus_decoder_create(kRate, 1, &error);
  if (error != OPUS_OK || state == nullptr) {
    return fail(Errc::kUnsupported, "libopus refused to create a decoder", 0);
  }
  return std::unique_ptr<OpusDecoder>(new OpusDecoder(state));
}

OpusDecoder::~OpusDecoder() { opus_decoder_destroy(decoder(state_)); }

std::size_t OpusDecoder::samples_in(Bytes payload) const noexcept {
  if (payload.empty() || payload.size() > INT_MAX) {
    return 0;
  }
  const int n = opus_packet_get_nb_samples(reinterpret_cast<const unsigned char*>(payload.data()),
                                           static_cast<opus_int32>(payload.size()), kRate);
  return n > 0 ? static_cast<std::size_t>(n) : 0;
}

Result<std::size_t> OpusDecoder::decode(Bytes payload, std::span<std::int16_t> out) noexcept {
  if (payload.empty() || payload.size() > INT_MAX) {
    return fail(Errc::kMalformed, "empty Opus payload", 0);
  }
  const int n = opus_decode(decoder(state_), reinterpret_cast<const unsigned char*>(payload.data()),
                            static_cast<opus_int32>(payload.size()), out.data(),
                            static_cast<int>(std::min(out.size(), kMaxFrame)), 0);
  if (n < 0) {
    return fail(Errc::kMalformed, "libopus rejected the packet", 0);
  }
  return static_cast<std::size_t>(n);
}

void OpusDecoder::conceal(std::span<std::int16_t> out) noexcept {
  // libopus conceals in multiples of 2.5 ms; whatever it cannot cover is silence.
  const std::size_t quantum = concealment_step();
  std::size_t done = 0;
  while (out.size() - done >= quantum) {
    const std::size_t want = std::min({out.size() - done, kMaxFrame}) / quantum * quantum;
    const int n =
        opus_decode(decoder(state_), nullptr, 0, out.data() + done, static_cast<int>(want), 0);
    if (n <= 0) {
      break;
    }
    done += static_cast<std::size_t>(n);
  }
  std::fill(out.begin() + static_cast<std::ptrdiff_t>(done), out.end(), std::int16_t{0});
}

Result<std::size_t> OpusDecoder::recover(Bytes next_payload, std::span<std::int16_t> out) noexcept {
  if (next_payload.empty() || next_payload.size() > INT_MAX) {
    return fail(Errc::kMalformed, "empty Opus payload", 0);
  }
  // RFC 6716 §4.2.7: the lost frame's length is the caller's (`out`), in 2.5 ms steps.
  const auto want =
      static_cast<int>(std::min(out.size(), kMaxFrame) / (kRate / 400) * (kRate / 400));
  const int n =
      opus_decode(decoder(state_), reinterpret_cast<const unsigned char*>(next_payload.data()),
                  static_cast<opus_int32>(next_payload.size()), out.data(), want, 1);
  if (n < 0) {
    return fail(Errc::kMalformed, "libopus could not recover from the next packet", 0);
  }
  return static_cast<std::size_t>(n);
}

}  // namespace sipline::media
