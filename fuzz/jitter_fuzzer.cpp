// Fuzzes the jitter buffer and the playout together: any sequence of packets (sources,
// sequence numbers, timestamps, spans, payload sizes, arrival times) and pulls. Every pull
// must give exactly one frame, decisions must ask for sane amounts, and memory stays bounded
// (ASan would see the rest).
#include <array>
#include <cstddef>
#include <cstdint>
#include <cstdlib>

#include "base/bytes.hpp"
#include "media/codec/g711.hpp"
#include "media/playout/playout.hpp"
#include "rtp/jitter/jitter_buffer.hpp"

using namespace sipline;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  rtp::JitterBufferConfig config;
  config.capacity = 32;
  config.max_payload = 400;
  rtp::JitterBuffer buffer(config);
  media::G711Decoder decoder(media::G711Law::kALaw);
  media::PlayoutConfig playout_config;
  playout_config.comfort_noise_payload_type = 13;  // op & 0x7F picks it now and then
  media::Playout playout(buffer, decoder, playout_config);
  ByteReader in(Bytes(reinterpret_cast<const std::byte*>(data), size));
  std::array<std::byte, 512> payload{};
  std::array<std::int16_t, 160> frame{};
  std::int64_t now_us = 0;
  std::uint32_t timestamp = 0;
  std::uint16_t sequence = 0;
  while (in.remaining() >= 8) {
    const std::uint8_t op = *in.u8();
    const std::uint16_t a = *in.u16();
    const std::uint32_t b = *in.u32();
    const std::uint8_t c = *in.u8();
    now_us += (op & 0x80) != 0 ? static_cast<std::int64_t>(a) * 10
                               : static_cast<std::int64_t>(a & 0x3F) * 1000;
    if ((op & 0x03) == 0) {
      playout.pull(TimePoint(Duration(now_us)), frame);
      continue;
    }
    // A packet: mostly the next one, sometimes anything at all.
    if ((op & 0x04) != 0) {
      timestamp = b;
      sequence = a;
    } else {
      timestamp += 160;
      ++sequence;
    }
    const std::uint32_t ssrc = (op & 0x08) != 0 ? 0x2222 : 0x1111;
    const std::uint32_t span = (op & 0x10) != 0 ? c : 160;
    const std::size_t length = (op & 0x20) != 0 ? static_cast<std::size_t>(c) * 2 : 160;
    for (std::size_t i = 0; i < length; ++i) {
      payload[i] = static_cast<std::byte>(b >> (i % 32));
    }
    (void)buffer.insert({ssrc, sequence, timestamp, span, static_cast<std::uint8_t>(op & 0x7F),
                         (op & 0x40) != 0, Bytes(payload.data(), length)},
                        TimePoint(Duration(now_us)));
  }
  const auto& stats = playout.statistics();
  if (stats.played_samples != stats.frames * frame.size()) {
    std::abort();
  }
  return 0;
}
