#include "rtp/rtcp/rtcp_session.hpp"

#include <variant>
#include <vector>

#include <gtest/gtest.h>

#include "rtp/rtcp/rtcp_writer.hpp"

namespace sipline::rtp {
namespace {

using namespace std::chrono_literals;

constexpr std::uint32_t kAlice = 0xA11CE;
constexpr std::uint32_t kBob = 0xB0B;

// One side of a call on a virtual clock: its RTP statistics and its RTCP session.
struct Side {
  Side(std::uint32_t ssrc, TimePoint now, Random& random)
      : rtcp({.ssrc = ssrc, .cname = "side@sipline"}, now, random) {}
  RtcpSession rtcp;
  SendStatistics sent{8000};
  ReceiveStatistics received{8000};
  std::uint32_t peer_ssrc = 0;
  [[nodiscard]] ReceivedSource source() { return {&received, peer_ssrc}; }
};

std::vector<RtcpPacket> parsed(Bytes compound) {
  auto packets = parse_rtcp_compound(compound);
  EXPECT_TRUE(packets) << (packets ? "" : packets.error().reason);
  return packets ? std::move(*packets) : std::vector<RtcpPacket>{};
}

// 20 ms packets of 160 samples from `from` to `to` over [start, start + count·20 ms), every
// `drop` packets the middle one lost on the way (0: none).
void talk(Side& from, Side& to, TimePoint start, int count, int drop = 0) {
  static std::uint16_t sequence = 100;
  static std::uint32_t timestamp = 8000;
  for (int i = 0; i < count; ++i) {
    const TimePoint at = start + i * 20ms;
    from.sent.on_sent(timestamp, 160, at);
    if (drop == 0 || i % drop != drop / 2) {
      to.received.on_packet(sequence, timestamp, at + 5ms);
    }
    ++sequence;
    timestamp += 160;
  }
}

// Calls on_timer at each deadline until a report goes (§6.3.6's reconsideration may move the
// deadline instead): the report, and `now` set to when it went.
Bytes report_when_due(Side& side, TimePoint& now) {
  for (int attempt = 0; attempt < 16; ++attempt) {
    now = side.rtcp.next_deadline();
    if (const Bytes compound = side.rtcp.on_timer(now, side.sent, side.source());
        !compound.empty()) {
      return compound;
    }
  }
  ADD_FAILURE() << "no report after 16 deadlines";
  return {};
}

TEST(RtcpSession, FirstReportFollowsTheInitialIntervalThenTheMinimum) {
  SeededRandom random(7);
  const TimePoint start{};
  for (int call = 0; call < 50; ++call) {
    Side alice(kAlice, start, random);
    EXPECT_TRUE(alice.rtcp.on_timer(alice.rtcp.next_deadline() - 1ms, alice.sent, {}).empty());
    // A.7: initial T = 2.5 s, randomised over [0.5, 1.5], divided by e − 3/2; reconsidered
    // from the start with a new draw of the same range.
    TimePoint first = start;
    EXPECT_FALSE(report_when_due(alice, first).empty());
    EXPECT_GE(first - start, 1025ms);
    EXPECT_LE(first - start, 3080ms);
    TimePoint second = first;
    EXPECT_FALSE(report_when_due(alice, second).empty());
    EXPECT_GE(second - first, 2050ms);  // T = 5 s from now on
    EXPECT_LE(second - first, 6160ms);
    EXPECT_EQ(alice.rtcp.counters().sent, 2U);
  }
}

TEST(RtcpSession, SenderReportsWhileSendingAndReceiverReportsAfter) {
  SeededRandom random(11);
  TimePoint now{};
  Side alice(kAlice, now, random);
  Side bob(kBob, now, random);
  alice.peer_ssrc = kBob;
  talk(bob, alice, now, 10);  // alice only listens
  auto packets = parsed(report_when_due(alice, now));
  ASSERT_EQ(packets.size(), 2U);
  const auto* rr = std::get_if<ReceiverReport>(&packets[0]);
  ASSERT_NE(rr, nullptr);
  EXPECT_EQ(rr->ssrc, kAlice);
  ASSERT_EQ(rr->blocks.size(), 1U);
  EXPECT_EQ(rr->blocks[0].ssrc, kBob);
  EXPECT_EQ(std::get<SourceDescription>(packets[1]).cname(kAlice), "side@sipline");

  talk(alice, bob, now, 10);
  packets = parsed(report_when_due(alice, now));
  const auto* sr = std::get_if<SenderReport>(&packets.at(0));
  ASSERT_NE(sr, nullptr);
  EXPECT_EQ(sr->info.packet_count, 10U);
  EXPECT_EQ(sr->info.octet_count, 1600U);
  // §6.4: still an SR one interval after the last packet (sent since the report before last),
  // then an RR.
  packets = parsed(report_when_due(alice, now));
  EXPECT_TRUE(std::holds_alternative<SenderReport>(packets.at(0)));
  packets = parsed(report_when_due(alice, now));
  EXPECT_TRUE(std::holds_alternative<ReceiverReport>(packets.at(0)));
}

TEST(RtcpSession, RoundTripFromTheEchoedSenderReportAndThePeersViewOfOurLoss) {
  SeededRandom random(5);
  TimePoint now{};
  Side alice(kAlice, now, random);
  Side bob(kBob, now, random);
  alice.peer_ssrc = kBob;
  bob.peer_ssrc = kAlice;
  (void)report_when_due(bob, now);  // bob sends no RTP: a report first, so that he may say BYE
  talk(alice, bob, now, 50, 10);    // one packet in ten lost on the way to bob
  constexpr auto kOneWay = 30ms;
  now += 2s;
  const Bytes sr = alice.rtcp.bye(now, alice.sent, alice.source());  // any compound: an SR here
  now += kOneWay;
  bob.rtcp.on_rtcp(sr, now);
  now += 700ms;  // bob holds it this long before reporting: DLSR
  const Bytes rr = bob.rtcp.bye(now, bob.sent, bob.source());
  now += kOneWay;
  alice.rtcp.on_rtcp(rr, now);
  ASSERT_TRUE(alice.rtcp.round_trip());
  EXPECT_NEAR(static_cast<double>(alice.rtcp.round_trip()->count()), 60'000.0, 100.0);
  ASSERT_TRUE(alice.rtcp.peer_report());
  EXPECT_EQ(alice.rtcp.peer_report()->data.cumulative_lost, 5);
  EXPECT_NEAR(alice.rtcp.peer_report()->data.fraction_lost, 5 * 256 / 50, 1);  // A.1 probation
  EXPECT_TRUE(alice.rtcp.peer_left());
  EXPECT_EQ(alice.rtcp.counters().received, 1U);
  // Bob heard no SR echo yet (alice's RR carried none of his): no round trip on his side.
  EXPECT_FALSE(bob.rtcp.round_trip());
}

// RFC 3550 §6.3.7: a participant that never sent an RTP or RTCP packet sends no BYE (a call
// over before its first packet); after a report of its own, or RTP, it does.
TEST(RtcpSession, NoByeFromOneThatNeverSentAnything) {
  SeededRandom random(3);
  TimePoint now{};
  Side quiet(kAlice, now, random);
  EXPECT_TRUE(quiet.rtcp.bye(now + 1ms, quiet.sent, quiet.source()).empty());
  Side reported(kAlice, now, random);
  (void)report_when_due(reported, now);
  auto packets = parsed(reported.rtcp.bye(now + 1ms, reported.sent, reported.source()));
  ASSERT_FALSE(packets.empty());
  EXPECT_TRUE(std::holds_alternative<Bye>(packets.back()));
  now = {};
  Side talker(kBob, now, random);
  talk(talker, quiet, now, 1);
  packets = parsed(talker.rtcp.bye(now + 1ms, talker.sent, talker.source()));
  ASSERT_FALSE(packets.empty());
  EXPECT_TRUE(std::holds_alternative<Bye>(packets.back()));
}

TEST(RtcpSession, TheVoipMetricsAboutOurStreamAreKeptOthersIgnored) {
  SeededRandom random(9);
  const TimePoint now{};
  Side alice(kAlice, now, random);
  std::array<std::byte, 256> buffer{};
  RtcpWriter writer(buffer);
  ASSERT_TRUE(writer.receiver_report(kBob, {}));
  VoipMetrics about_us{.ssrc = kAlice, .loss_rate = 12, .mos_lq = 41};
  VoipMetrics about_other{.ssrc = 0x0DD, .mos_lq = 20};
  ASSERT_TRUE(writer.xr_voip_metrics(kBob, about_other));
  ASSERT_TRUE(writer.xr_voip_metrics(kBob, about_us));
  alice.rtcp.on_rtcp(writer.written(), now);
  ASSERT_TRUE(alice.rtcp.peer_metrics());
  EXPECT_EQ(alice.rtcp.peer_metrics()->mos_lq, 41);
  EXPECT_EQ(alice.rtcp.peer_metrics()->loss_rate, 12);
  EXPECT_FALSE(alice.rtcp.peer_left());
}

TEST(RtcpSession, OurOwnReportLoopedBackAndGarbageChangeNothing) {
  SeededRandom random(13);
  TimePoint now{};
  Side alice(kAlice, now, random);
  talk(alice, alice, now, 10);
  alice.peer_ssrc = kAlice;
  const Bytes own = alice.rtcp.bye(now + 1s, alice.sent, alice.source());
  const std::vector<std::byte> copy(own.begin(), own.end());
  alice.rtcp.on_rtcp(copy, now + 2s);
  EXPECT_FALSE(alice.rtcp.round_trip());
  EXPECT_FALSE(alice.rtcp.peer_left());
  const std::array<std::byte, 6> junk{std::byte{0x80}, std::byte{200}, std::byte{0},
                                      std::byte{9},    std::byte{1},   std::byte{2}};
  alice.rtcp.on_rtcp(junk, now + 3s);
  alice.rtcp.on_rtcp({}, now + 3s);
  EXPECT_EQ(alice.rtcp.counters().malformed, 2U);
  EXPECT_EQ(alice.rtcp.counters().received, 1U);
}

}  // namespace
}  // namespace sipline::rtp
