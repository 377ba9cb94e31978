// Fuzzes compound RTCP parsing: every view lies inside the datagram, and the reports, SDES
// CNAMEs and BYEs it accepts write back (RtcpWriter) to a compound that parses to the same.
// Then a call's RtcpSession reads the datagram (as ours, the SSRC its first report block is
// about): it counts it once, valid or malformed, a round trip it derives is never negative, and
// the report it sends next parses.
#include <algorithm>
#include <array>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>
#include <variant>

#include "base/bytes.hpp"
#include "base/random.hpp"
#include "rtp/rtcp/rtcp_packet.hpp"
#include "rtp/rtcp/rtcp_session.hpp"
#include "rtp/rtcp/rtcp_writer.hpp"

namespace {

using namespace sipline;
using namespace sipline::rtp;

void check_inside(const void* begin, std::size_t length, Bytes whole) {
  const auto* p = static_cast<const std::byte*>(begin);
  if (length != 0 && (p < whole.data() || p + length > whole.data() + whole.size())) {
    std::abort();
  }
}

struct Inside {
  Bytes whole;
  void operator()(const SenderReport&) const {}
  void operator()(const ReceiverReport&) const {}
  void operator()(const SourceDescription& sdes) const {
    for (const auto& chunk : sdes.chunks) {
      for (const auto& item : chunk.items) {
        check_inside(item.text.data(), item.text.size(), whole);
      }
    }
  }
  void operator()(const Bye& bye) const {
    check_inside(bye.reason.data(), bye.reason.size(), whole);
  }
  void operator()(const App& app) const { check_inside(app.data.data(), app.data.size(), whole); }
  void operator()(const Feedback& feedback) const {
    check_inside(feedback.fci.data(), feedback.fci.size(), whole);
  }
  void operator()(const ExtendedReport& xr) const {
    for (const auto& block : xr.blocks) {
      check_inside(block.contents.data(), block.contents.size(), whole);
    }
  }
  void operator()(const UnknownRtcp& unknown) const {
    check_inside(unknown.body.data(), unknown.body.size(), whole);
  }
};

// The first report of the compound, written again with its blocks, must parse back equal.
void check_report_round_trip(const RtcpPacket& first) {
  std::array<std::byte, 1500> buffer{};
  RtcpWriter writer(buffer);
  if (const auto* sr = std::get_if<SenderReport>(&first)) {
    if (!writer.sender_report(sr->ssrc, sr->info, sr->blocks)) {
      std::abort();
    }
  } else if (const auto* rr = std::get_if<ReceiverReport>(&first)) {
    if (!writer.receiver_report(rr->ssrc, rr->blocks)) {
      std::abort();
    }
  } else {
    std::abort();  // A.2: a compound starts with a report
  }
  const auto again = parse_rtcp_compound(writer.written());
  if (!again || again->size() != 1) {
    std::abort();
  }
  const RtcpPacket& reparsed = again->front();
  if (const auto* sr = std::get_if<SenderReport>(&first)) {
    const auto* other = std::get_if<SenderReport>(&reparsed);
    if (other == nullptr || other->ssrc != sr->ssrc || !(other->info == sr->info) ||
        other->blocks != sr->blocks) {
      std::abort();
    }
  } else {
    const auto& rr = std::get<ReceiverReport>(first);
    const auto* other = std::get_if<ReceiverReport>(&reparsed);
    if (other == nullptr || other->ssrc != rr.ssrc || other->blocks != rr.blocks) {
      std::abort();
    }
  }
}

// The SSRC the first report block of the compound is about, if it has one.
std::uint32_t reported_ssrc(Bytes input) {
  const auto packets = parse_rtcp_compound(input);
  if (packets && !packets->empty()) {
    if (const auto* sr = std::get_if<SenderReport>(&packets->front()); sr && !sr->blocks.empty()) {
      return sr->blocks.front().ssrc;
    }
    if (const auto* rr = std::get_if<ReceiverReport>(&packets->front());
        rr && !rr->blocks.empty()) {
      return rr->blocks.front().ssrc;
    }
  }
  return 0x1234;
}

void check_session(Bytes input) {
  SeededRandom random(1);
  const TimePoint start{std::chrono::seconds(1000)};
  RtcpSession session({.ssrc = reported_ssrc(input), .cname = "fuzz@sipline"}, start, random);
  SendStatistics sent(8000);
  sent.on_sent(160, 160, start);
  session.on_rtcp(input, start + std::chrono::milliseconds(20));
  const RtcpCounters& counters = session.counters();
  if (counters.received + counters.malformed != 1) {
    std::abort();
  }
  if (session.round_trip() && session.round_trip()->count() < 0) {
    std::abort();
  }
  for (int tries = 0; tries < 8; ++tries) {  // reconsideration may move the first deadline on
    const Bytes report = session.on_timer(session.next_deadline(), sent, {});
    if (!report.empty()) {
      if (!parse_rtcp_compound(report)) {
        std::abort();
      }
      return;
    }
  }
  std::abort();  // no report in eight deadlines
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const Bytes input(reinterpret_cast<const std::byte*>(data), size);
  (void)looks_like_rtcp(input);
  check_session(input);
  const auto packets = parse_rtcp_compound(input);
  if (!packets) {
    if (packets.error().offset > size) {
      std::abort();
    }
    return 0;
  }
  if (packets->empty() || packets->size() > 32) {
    std::abort();
  }
  for (const RtcpPacket& packet : *packets) {
    std::visit(Inside{input}, packet);
  }
  check_report_round_trip(packets->front());
  return 0;
}
