// Fuzzes a call's receive path from the socket on: datagrams of any content (RTP or not, any
// payload type, telephone events, comfort noise, Opus or G.711 payloads) at any times, mixed
// with 5 ms pulls. Nothing reads or writes out of bounds (ASan) or overflows (UBSan); the
// counters add up.
#include <array>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <vector>

#include "base/bytes.hpp"
#include "media/codec/codec_factory.hpp"
#include "media/pipeline/receive_stream.hpp"

using namespace sipline;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  ByteReader in(Bytes(reinterpret_cast<const std::byte*>(data), size));
  const auto selector = in.u8();
  if (!selector) {
    return 0;
  }
  const bool opus = (*selector & 1) != 0;
  auto codec = opus ? media::make_codec("opus", 48000) : media::make_codec("PCMU", 8000);
  const std::uint32_t device_rate = (*selector & 2) != 0 ? 16000 : 48000;
  auto stream =
      media::ReceiveStream::create(std::move(codec->decoder), device_rate,
                                   {.payload_type = static_cast<std::uint8_t>(opus ? 111 : 0),
                                    .telephone_event_payload_type = 101,
                                    .comfort_noise_payload_type = 13});
  if (!stream) {
    std::abort();
  }
  std::vector<std::int16_t> speaker((*stream)->frame_samples());
  std::vector<std::byte> datagram;
  std::int64_t now_us = 0;
  std::uint64_t given = 0;
  while (in.remaining() >= 3) {
    const std::uint8_t op = *in.u8();
    const std::uint16_t length = *in.u16();
    now_us += (op & 0x0F) * 1000;
    if ((op & 0x10) != 0) {
      (*stream)->play(TimePoint(Duration(now_us)), speaker);
      continue;
    }
    const std::size_t n = std::min<std::size_t>(length % 1500, in.remaining());
    const auto bytes = in.take(n);
    if (!bytes) {
      break;
    }
    datagram.assign(bytes->begin(), bytes->end());
    (*stream)->receive(datagram, TimePoint(Duration(now_us)));
    ++given;
  }
  const auto& counters = (*stream)->counters();
  if (counters.datagrams != given ||
      counters.malformed + counters.unknown_payload > counters.datagrams) {
    std::abort();
  }
  return 0;
}
