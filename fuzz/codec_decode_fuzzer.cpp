// Fuzzes every decoder with hostile payloads: the first byte picks the codec and what to do
// (decode, conceal, recover from FEC), the rest is the payload. Decoders must refuse or decode
// within the output they are given.
#include <array>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <span>

#include "media/codec/codec_factory.hpp"

using namespace sipline;

namespace {

struct Entry {
  const char* name;
  std::uint32_t rate;
};
constexpr std::array<Entry, 7> kCodecs = {{{"PCMU", 8000},
                                           {"PCMA", 8000},
                                           {"G722", 8000},
                                           {"opus", 48000},
                                           {"speex", 8000},
                                           {"speex", 16000},
                                           {"L16", 48000}}};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 1) {
    return 0;
  }
  const Entry& entry = kCodecs[data[0] % kCodecs.size()];
  static std::array<media::Codec, kCodecs.size()> codecs;  // libopus and libspeex keep state
  media::Codec& codec = codecs[data[0] % kCodecs.size()];
  if (!codec.decoder) {
    codec = std::move(*media::make_codec(entry.name, entry.rate));
  }
  const Bytes payload(reinterpret_cast<const std::byte*>(data + 1), size - 1);
  std::array<std::int16_t, 5760> out{};
  const std::size_t room = 160 + (data[0] >> 3) * 180;  // 160 … 5740 samples
  const std::span<std::int16_t> target(out.data(), room);
  switch ((data[0] >> 6) & 3) {
    case 0:
    case 1:
      if (const auto n = codec.decoder->decode(payload, target); n && *n > room) {
        std::abort();
      }
      break;
    case 2:
      if (codec.decoder->has_concealment()) {
        codec.decoder->conceal(target);
      }
      break;
    default:
      if (const auto n = codec.decoder->recover(payload, target); n && *n > room) {
        std::abort();
      }
      break;
  }
  return 0;
}
