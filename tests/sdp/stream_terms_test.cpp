#include "sdp/stream_terms.hpp"

#include <gtest/gtest.h>

#include "tests/sdp/support.hpp"

namespace sipline::sdp {
namespace {

TEST(StreamTerms, EveryDirectionPair) {
  using D = Direction;
  const D all[] = {D::kSendRecv, D::kSendOnly, D::kRecvOnly, D::kInactive};
  for (const D peer : all) {
    for (const D ours : all) {
      const D result = resulting_direction(peer, false, ours);
      const bool sends = result == D::kSendRecv || result == D::kSendOnly;
      const bool receives = result == D::kSendRecv || result == D::kRecvOnly;
      // We send only if we want to and the peer receives; we receive only if both agree.
      EXPECT_EQ(sends, (ours == D::kSendRecv || ours == D::kSendOnly) &&
                           (peer == D::kSendRecv || peer == D::kRecvOnly));
      EXPECT_EQ(receives, (ours == D::kSendRecv || ours == D::kRecvOnly) &&
                              (peer == D::kSendRecv || peer == D::kSendOnly));
    }
  }
  EXPECT_EQ(resulting_direction(D::kSendRecv, true, D::kSendRecv), D::kRecvOnly);
}

TEST(StreamTerms, PacketTimesAreBoundedMultiplesOfTen) {
  Media media;
  EXPECT_EQ(send_ptime(media, 20), 20U);
  media.ptime = 30;
  EXPECT_EQ(send_ptime(media, 20), 30U);
  media.ptime = 1;
  EXPECT_EQ(send_ptime(media, 20), 10U);
  media.ptime = 1000;
  EXPECT_EQ(send_ptime(media, 20), 60U);
  media.ptime = 25;
  EXPECT_EQ(send_ptime(media, 20), 20U);
  media.maxptime = 10;
  EXPECT_EQ(send_ptime(media, 20), 10U);
}

TEST(StreamTerms, RtcpPortDefaultsToRtpPlusOne) {
  const Session session =
      test::sdp("m=audio 65535 RTP/AVP 0\r\nm=audio 5004 RTP/AVP 0\r\na=rtcp:6000\r\n");
  NegotiatedStream top;
  ASSERT_TRUE(set_remote_endpoint(session, session.media[0], top));
  EXPECT_EQ(top.remote_rtcp_port, 65535);  // no port above 65535 to use
  NegotiatedStream explicit_rtcp;
  ASSERT_TRUE(set_remote_endpoint(session, session.media[1], explicit_rtcp));
  EXPECT_EQ(explicit_rtcp.remote_rtcp_port, 6000);
  EXPECT_FALSE(set_remote_endpoint(Session{}, session.media[1], explicit_rtcp));
}

}  // namespace
}  // namespace sipline::sdp
