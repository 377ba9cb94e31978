// libspeex behind the codec seam.
#include "media/codec/speex.hpp"

#include <algorithm>
#include <array>
#include <climits>

#include <speex/speex.h>

namespace sipline::media {
namespace {

const SpeexMode* mode_for(std::uint32_t rate) {
  return rate == 16000 ? speex_lib_get_mode(SPEEX_MODEID_WB) : speex_lib_get_mode(SPEEX_MODEID_NB);
}

constexpr int kMaxFrame = 320;  // 20 ms wideband

}  // namespace

struct SpeexBitBuffer {
  SpeexBits bits{};
  SpeexBitBuffer() { speex_bits_init(&bits); }
  ~SpeexBitBuffer() { speex_bits_destroy(&bits); }
  SpeexBitBuffer(const SpeexBitBuffer&) = delete;
  SpeexBitBuffer& operator=(const SpeexBitBuffer&) = delete;
};

SpeexEncoder::SpeexEncoder(std::uint32_t rate, void* state, int frame) noexcept
    : rate_(rate), state_(state), frame_(frame), bits_(std::make_unique<SpeexBitBuffer>()) {}

Result<std::unique_ptr<SpeexEncoder>> SpeexEncoder::create(std::uint32_t rate, int quality) {
  if (rate != 8000 && rate != 16000) {
    return fail(Errc::kUnsupported, "Speex runs at 8000 or 16000 Hz here", 0);
  }
  void* state = speex_encoder_init(mode_for(rate));
  if (state == nullptr) {
    return fail(Errc::kUnsupported, "libspeex refused to create an encoder", 0);
  }
  int q = std::clamp(quality, 0, 10);
  speex_encoder_ctl(state, SPEEX_SET_QUALITY, &q);
  int frame = 0;
  speex_encoder_ctl(state, SPEEX_GET_FRAME_SIZE, &frame);
  auto encoder = std::unique_ptr<SpeexEncoder>(new SpeexEncoder(rate, state, frame));
  // The pair's delay: this encoder's look-ahead and a decoder's of the same mode.
  int encoder_lookahead = 0;
  speex_encoder_ctl(state, SPEEX_GET_LOOKAHEAD, &encoder_lookahead);
  int decoder_lookahead = 0;
  if (void* decoder = speex_decoder_init(mode_for(rate)); decoder != nullptr) {
    speex_decoder_ctl(decoder, SPEEX_GET_LOOKAHEAD, &decoder_lookahead);
    speex_decoder_destroy(decoder);
  }
  encoder->delay_ = static_cast<std::uint32_t>(std::max(encoder_lookahead + decoder_lookahead, 0));
  return encoder;
}

SpeexEncoder::~SpeexEncoder() { speex_encoder_destroy(state_); }

Result<std::size_t> SpeexEncoder::encode(std::span<const std::int16_t> pcm,
                                         std::span<std::byte> out) noexcept {
  const auto frame = static_cast<std::size_t>(frame_);
  if (frame == 0 || pcm.size() % frame != 0 || out.size() > INT_MAX) {
    return fail(Errc::kInvalidArgument, "Speex encodes whole 20 ms frames", pcm.size());
  }
  speex_bits_reset(&bits_->bits);
  std::array<spx_int16_t, kMaxFrame> work{};  // libspeex may scribble on its input
  for (std::size_t i = 0; i < pcm.size(); i += frame) {
    std::copy_n(pcm.begin() + static_cast<std::ptrdiff_t>(i), frame, work.begin());
    speex_encode_int(state_, work.data(), &bits_->bits);
  }
  if (speex_bits_nbytes(&bits_->bits) > static_cast<int>(out.size())) {
    return fail(Errc::kTooLarge, "Speex frames larger than the payload buffer", out.size());
  }
  const int n = speex_bits_write(&bits_->bits, reinterpret_cast<char*>(out.data()),
                                 static_cast<int>(out.size()));
  return static_cast<std::size_t>(std::max(n, 0));
}

SpeexDecoder::SpeexDecoder(std::uint32_t rate, void* state, int frame) noexcept
    : rate_(rate), state_(state), frame_(frame), bits_(std::make_unique<SpeexBitBuffer>()) {}

Result<std::unique_ptr<SpeexDecoder>> SpeexDecoder::create(std::uint32_t rate) {
  if (rate != 8000 && rate != 16000) {
    return fail(Errc::kUnsupported, "Speex runs at 8000 or 16000 Hz here", 0);
  }
  void* state = speex_decoder_init(mode_for(rate));
  if (state == nullptr) {
    return fail(Errc::kUnsupported, "libspeex refused to create a decoder", 0);
  }
  int enhance = 1;
  speex_decoder_ctl(state, SPEEX_SET_ENH, &enhance);
  int frame = 0;
  speex_decoder_ctl(state, SPEEX_GET_FRAME_SIZE, &frame);
  return std::unique_ptr<SpeexDecoder>(new SpeexDecoder(rate, state, frame));
}

SpeexDecoder::~SpeexDecoder() { speex_decoder_destroy(state_); }

Result<std::size_t> SpeexDecoder::decode(Bytes payload, std::span<std::int16_t> out) noexcept {
  if (payload.empty() || payload.size() > 4096) {
    return fail(Errc::kMalformed, "Speex payload empty or oversized", payload.size());
  }
  const auto frame = static_cast<std::size_t>(frame_);
  speex_bits_read_from(&bits_->bits, reinterpret_cast<const char*>(payload.data()),
                       static_cast<int>(payload.size()));
  std::size_t done = 0;
  // RFC 5574 §3: frames follow one another; what is left after the last is padding (< 5 bits
  // of a terminator or the end of the octet).
  while (done + frame <= out.size() && speex_bits_remaining(&bits_->bits) >= 5) {
    const int result = speex_decode_int(state_, &bits_->bits, out.data() + done);
    if (result == -1) {
      break;  // terminator
    }
    if (result != 0) {
      return fail(Errc::kMalformed, "libspeex rejected the frame", done);
    }
    done += frame;
  }
  if (done == 0) {
    return fail(Errc::kMalformed, "no Speex frame in the payload", 0);
  }
  return done;
}

void SpeexDecoder::conceal(std::span<std::int16_t> out) noexcept {
  const auto frame = static_cast<std::size_t>(frame_);
  std::size_t done = 0;
  for (; done + frame <= out.size(); done += frame) {
    speex_decode_int(state_, nullptr, out.data() + done);  // libspeex's own concealment
  }
  std::fill(out.begin() + static_cast<std::ptrdiff_t>(done), out.end(), std::int16_t{0});
}

}  // namespace sipline::media
