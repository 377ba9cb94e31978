// A call's statistics gathered from real streams and an RTCP session; the E-model's MOS.
#include "app/core/call_statistics.hpp"

#include <gtest/gtest.h>

#include "media/codec/codec_factory.hpp"
#include "media/pipeline/receive_stream.hpp"
#include "media/pipeline/send_stream.hpp"
#include "rtp/packet/rtp_packet.hpp"
#include "rtp/rtcp/rtcp_session.hpp"

namespace sipline::app {
namespace {

using namespace std::chrono_literals;

TEST(ListeningMos, FallsWithLossAndWithDelayPastTheKnee) {
  const double clean = listening_mos(20ms, 0);
  EXPECT_GT(clean, 4.3);  // R ≈ 92.7: G.711 at its best
  EXPECT_LE(clean, 4.5);
  EXPECT_LT(listening_mos(20ms, 10), clean - 0.8);  // Ie,eff ≈ 27
  EXPECT_LT(listening_mos(400ms, 0), clean - 0.5);
  EXPECT_NEAR(listening_mos(100ms, 0), listening_mos(20ms, 0), 0.1);  // below 177 ms: little
}

TEST(CallStatistics, CountsTheStreamsAndThePeersReport) {
  auto encoder = media::make_codec("PCMU", 8000, {});
  auto decoder = media::make_codec("PCMU", 8000, {});
  ASSERT_TRUE(encoder && decoder);
  auto send = media::SendStream::create(std::move(encoder->encoder), 8000, {.ssrc = 0xA});
  auto receive = media::ReceiveStream::create(std::move(decoder->decoder), 8000, {});
  ASSERT_TRUE(send && receive);
  const TimePoint t0{};
  // Twenty packets in, the 5th lost.
  std::array<std::byte, 172> packet{};
  std::array<std::byte, 160> payload{};
  payload.fill(std::byte{0xFF});  // μ-law silence
  for (std::uint16_t i = 0; i < 20; ++i) {
    if (i == 5) {
      continue;
    }
    rtp::RtpHeaderFields header;
    header.payload_type = 0;
    header.sequence = i;
    header.timestamp = i * 160U;
    header.ssrc = 0xB;
    const auto written = rtp::write_rtp(header, payload, packet);
    ASSERT_TRUE(written);
    (*receive)->receive(std::span(packet).first(*written), t0 + i * 20ms);
  }
  // Ten packets out.
  std::vector<std::int16_t> audio(1600, 100);
  (*send)->send(audio, t0);
  SeededRandom random(1);
  rtp::RtcpSession rtcp({.ssrc = 0xA, .cname = "a@b"}, t0, random);
  const auto statistics = collect_call_statistics({.codec = "PCMU/8000",
                                                   .send_clock_rate = 8000,
                                                   .send = send->get(),
                                                   .receive = receive->get(),
                                                   .rtcp = &rtcp});
  EXPECT_EQ(statistics.codec, "PCMU/8000");
  EXPECT_EQ(statistics.packets_sent, 10U);
  EXPECT_EQ(statistics.packets_lost, 1);
  EXPECT_GT(statistics.packets_received, 15U);  // A.1 probation holds back the first
  EXPECT_GT(statistics.loss_percent, 4.0);
  EXPECT_LT(statistics.loss_percent, 7.0);
  EXPECT_FALSE(statistics.round_trip);
  EXPECT_FALSE(statistics.peer_loss_percent);  // no report yet
  EXPECT_LT(statistics.mos, listening_mos(0ms, 0));
}

}  // namespace
}  // namespace sipline::app
