// Fuzzes RTP parsing and the per-packet receive path: every view the parser returns lies inside
// the datagram, what it accepts writes back to the same header and payload, and the statistics
// and telephone-event receiver survive any sequence of (sequence, timestamp, arrival) values.
#include <algorithm>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <vector>

#include "base/bytes.hpp"
#include "base/clock.hpp"
#include "rtp/packet/rtp_packet.hpp"
#include "rtp/packet/telephone_event.hpp"
#include "rtp/stats/receive_statistics.hpp"

namespace {

using namespace sipline;
using namespace sipline::rtp;

void check_inside(Bytes part, Bytes whole) {
  if (!part.empty() &&
      (part.data() < whole.data() || part.data() + part.size() > whole.data() + whole.size())) {
    std::abort();
  }
}

void check_round_trip(const RtpPacket& packet) {
  std::vector<std::uint32_t> csrcs;
  for (std::size_t i = 0; i < packet.csrc_count; ++i) {
    csrcs.push_back(packet.csrc(i));
  }
  std::vector<std::byte> out(kRtpHeaderBytes + 4 * csrcs.size() + packet.payload.size());
  const RtpHeaderFields fields{packet.marker, packet.payload_type, packet.sequence,
                               packet.timestamp, packet.ssrc};
  const auto written = write_rtp(fields, packet.payload, out, csrcs);
  if (!written || *written != out.size()) {
    std::abort();
  }
  const auto again = parse_rtp(out);
  if (!again || again->marker != packet.marker || again->payload_type != packet.payload_type ||
      again->sequence != packet.sequence || again->timestamp != packet.timestamp ||
      again->ssrc != packet.ssrc || again->csrc_count != packet.csrc_count ||
      !std::ranges::equal(again->payload, packet.payload)) {
    std::abort();
  }
}

// The input read as 8-byte records: sequence, timestamp, arrival step in 0.1 ms.
void drive_statistics(Bytes input) {
  ReceiveStatistics stats(8000);
  TelephoneEventReceiver events;
  ByteReader in(input);
  TimePoint now{};
  while (in.remaining() >= 8) {
    const std::uint16_t sequence = *in.u16();
    const std::uint32_t timestamp = *in.u32();
    now += std::chrono::microseconds(100 * static_cast<std::int64_t>(*in.u16()));
    (void)stats.on_packet(sequence, timestamp, now);
    const ReportBlockData report = sequence % 7 == 0 ? stats.take_report() : ReportBlockData{};
    if (report.cumulative_lost < -0x800000 || report.cumulative_lost > 0x7FFFFF ||
        stats.jitter() < 0) {
      std::abort();
    }
    if (const auto event = parse_telephone_event(input.subspan(in.offset() - 8, 4))) {
      (void)events.on_packet(timestamp, *event);
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const Bytes input(reinterpret_cast<const std::byte*>(data), size);
  if (const auto packet = parse_rtp(input)) {
    check_inside(packet->payload, input);
    check_inside(packet->csrc_bytes, input);
    if (packet->extension) {
      check_inside(packet->extension->data, input);
      (void)for_each_extension_element(*packet->extension, [&](const ExtensionElement& element) {
        check_inside(element.data, input);
      });
    }
    check_round_trip(*packet);
    if (const auto event = parse_telephone_event(packet->payload); event && event->volume > 63) {
      std::abort();
    }
  } else if (packet.error().offset > size) {
    std::abort();
  }
  drive_statistics(input);
  return 0;
}
