#include "rtp/rtcp/rtcp_packet.hpp"

#include <gtest/gtest.h>

#include "tests/rtp/bytes_helper.hpp"
#include "tests/support/shared_files.hpp"

namespace sipline::rtp {
namespace {

using test::hex;

const std::string kRr = "80c9 0001 00000001";  // RR with 0 blocks

TEST(RtcpPacket, HostileLengths) {
  // Length words larger than the packet.
  EXPECT_EQ(parse_rtcp_compound(hex("80c9 0005 00000001")).error().reason,
            "RTCP length past the end");
  // Length 0 for an RR: no room for the SSRC.
  EXPECT_EQ(parse_rtcp_compound(hex("80c9 0000 00000001")).error().code, Errc::kTruncated);
  // RC = 31 in a short packet.
  EXPECT_EQ(parse_rtcp_compound(hex("9fc9 0001 00000001")).error().reason,
            "report block past the end");
  EXPECT_EQ(parse_rtcp_compound(hex("80c9 00")).error().code, Errc::kTruncated);
  EXPECT_FALSE(parse_rtcp_compound(hex("")));
  EXPECT_EQ(parse_rtcp_compound(hex("40c9 0001 00000001")).error().code, Errc::kUnsupported);
}

TEST(RtcpPacket, CompoundMustStartWithAReport) {
  EXPECT_EQ(parse_rtcp_compound(hex("81cb 0001 00000001")).error().reason,
            "compound does not start with SR or RR");
  EXPECT_TRUE(parse_rtcp_compound(hex(kRr + "81cb 0001 00000001")));
}

TEST(RtcpPacket, ByeReasonRunningPastTheEnd) {
  EXPECT_EQ(parse_rtcp_compound(hex(kRr + "81cb 0002 00000001 08616263")).error().reason,
            "BYE reason runs past the end");
  const auto good_bytes =
      hex(kRr + "81cb 0002 00000001 03616263");  // the parse result views these bytes
  const auto good = parse_rtcp_compound(good_bytes);
  ASSERT_TRUE(good);
  EXPECT_EQ(std::get<Bye>((*good)[1]).reason, "abc");
}

TEST(RtcpPacket, SdesItemOverrun) {
  EXPECT_EQ(parse_rtcp_compound(hex(kRr + "81ca 0002 00000001 01 20 6162")).error().reason,
            "SDES item overruns the packet");
  EXPECT_EQ(parse_rtcp_compound(hex(kRr + "82ca 0002 00000001 01 02 6162")).error().code,
            Errc::kTruncated);
}

TEST(RtcpPacket, XrBlockPastTheEnd) {
  EXPECT_EQ(parse_rtcp_compound(hex(kRr + "80cf 0002 00000001 0700 0008")).error().reason,
            "XR block past the end");
  // A VoIP metrics block with a too-short length is refused, not read past its end.
  EXPECT_EQ(parse_rtcp_compound(hex(kRr + "80cf 0003 00000001 0700 0001 00000000")).error().code,
            Errc::kTruncated);
}

TEST(RtcpPacket, FeedbackWithShortFci) {
  EXPECT_EQ(parse_rtcp_compound(hex(kRr + "81cd 0002 00000001 00000002")).error().reason,
            "feedback FCI too short");  // NACK without an entry
  EXPECT_EQ(parse_rtcp_compound(hex(kRr + "83ce 0002 00000001 00000002")).error().reason,
            "feedback FCI too short");  // RPSI without its bits
  const auto pli_bytes =
      hex(kRr + "81ce 0002 00000001 00000002");  // the parse result views these bytes
  const auto pli = parse_rtcp_compound(pli_bytes);
  ASSERT_TRUE(pli);
  EXPECT_EQ(std::get<Feedback>((*pli)[1]).format, 1);
}

TEST(RtcpPacket, PaddingOnlyInTheLastPacket) {
  EXPECT_EQ(parse_rtcp_compound(hex("a0c9 0002 00000001 00000004 80cb 0000")).error().reason,
            "bad RTCP padding");
  const auto padded_bytes =
      hex("a0c9 0002 00000001 00000004");  // the parse result views these bytes
  const auto padded = parse_rtcp_compound(padded_bytes);
  ASSERT_TRUE(padded);
  EXPECT_EQ(parse_rtcp_compound(hex("a0c9 0002 00000001 00000000")).error().reason,
            "bad RTCP padding");
}

TEST(RtcpPacket, UnknownTypesAreKeptNotFatal) {
  const auto packets_bytes = hex(kRr + "80d2 0001 01020304");  // the parse result views these bytes
  const auto packets = parse_rtcp_compound(packets_bytes);
  ASSERT_TRUE(packets);
  EXPECT_EQ(std::get<UnknownRtcp>((*packets)[1]).type, 210);
}

TEST(RtcpPacket, MuxDemultiplexing) {
  // RFC 5761 §4: RTCP types 200–204 land in 192–223; RTP payload types 0–127 do not.
  EXPECT_TRUE(looks_like_rtcp(hex("80c8")));
  EXPECT_TRUE(looks_like_rtcp(hex("80cf")));
  EXPECT_FALSE(looks_like_rtcp(hex("8000")));
  EXPECT_FALSE(looks_like_rtcp(hex("80e0")));  // RTP PT 96 with the marker bit
  EXPECT_FALSE(looks_like_rtcp(hex("80")));
}

TEST(RtcpPacket, PjsipSeedsParseOrFailCleanly) {
  const auto dir = sipline::test::shared_dir() / "corpora" / "fuzz-sip" / "pjsip-seeds" / "rtcp";
  std::size_t files = 0;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    const std::string bytes = sipline::test::read_file(entry.path());
    const auto packets = parse_rtcp_compound(as_bytes(bytes));
    if (!packets) {
      EXPECT_LE(packets.error().offset, bytes.size()) << entry.path();
    }
    ++files;
  }
  EXPECT_EQ(files, 11U);
}

}  // namespace
}  // namespace sipline::rtp
