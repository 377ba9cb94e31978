#include "sdp/parser.hpp"

#include <string>

#include <gtest/gtest.h>

namespace sipline::sdp {
namespace {

constexpr std::string_view kOffer =
    "v=0\r\n"
    "o=alice 2890844526 2890844526 IN IP4 host.atlanta.example.com\r\n"
    "s= \r\n"
    "c=IN IP4 host.atlanta.example.com\r\n"
    "t=0 0\r\n"
    "m=audio 49170 RTP/AVP 0 8 97 101\r\n"
    "a=rtpmap:0 PCMU/8000\r\n"
    "a=rtpmap:8 PCMA/8000\r\n"
    "a=rtpmap:97 opus/48000/2\r\n"
    "a=fmtp:97 useinbandfec=1; usedtx=1\r\n"
    "a=rtpmap:101 telephone-event/8000\r\n"
    "a=fmtp:101 0-16\r\n"
    "a=ptime:20\r\n"
    "a=sendrecv\r\n"
    "m=video 51372 RTP/AVP 31\r\n"
    "a=rtpmap:31 H261/90000\r\n";

Error error_of(std::string_view text) {
  const auto session = parse_session(text);
  EXPECT_FALSE(session) << text;
  return session ? Error{} : session.error();
}

std::string with_media(std::string_view media_lines) {
  return "v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\ns=-\r\nc=IN IP4 192.0.2.1\r\nt=0 0\r\n" +
         std::string(media_lines);
}

TEST(SdpParser, ParsesAnOffer) {
  const auto session = parse_session(kOffer);
  ASSERT_TRUE(session) << fmt::format("{}", session.error());
  EXPECT_EQ(session->origin.username, "alice");
  EXPECT_EQ(session->origin.session_version, 2890844526U);
  EXPECT_EQ(session->name, " ");
  EXPECT_EQ(session->connection->address, "host.atlanta.example.com");
  ASSERT_EQ(session->media.size(), 2U);
  const Media& audio = session->media[0];
  EXPECT_EQ(audio.port, 49170);
  EXPECT_EQ(audio.formats, (std::vector<std::string>{"0", "8", "97", "101"}));
  EXPECT_EQ(audio.rtpmap(97)->encoding, "opus");
  EXPECT_EQ(audio.rtpmap(97)->clock_rate, 48000U);
  EXPECT_EQ(audio.rtpmap(97)->channels, 2);
  EXPECT_EQ(audio.fmtp("97")->parameters, "useinbandfec=1; usedtx=1");
  EXPECT_EQ(audio.ptime, 20U);
  EXPECT_EQ(session->direction_for(audio), Direction::kSendRecv);
  EXPECT_EQ(session->media[1].media, "video");
}

TEST(SdpParser, BareLineFeedsAndTrailingEmptyLinesAreTolerated) {
  std::string lf(kOffer);
  for (std::size_t i = 0; (i = lf.find("\r\n", i)) != std::string::npos;) {
    lf.erase(i, 1);
  }
  EXPECT_EQ(parse_session(lf).value(), parse_session(kOffer).value());
  EXPECT_TRUE(parse_session(std::string(kOffer) + "\r\n\r\n"));
}

TEST(SdpParser, Ipv6AndHold) {
  const auto v6 = parse_session(
      "v=0\r\no=bob 280744730 28977631 IN IP4 host.example.com\r\ns=\r\nt=0 0\r\n"
      "m=audio 22334 RTP/AVP 0\r\nc=IN IP6 2001:db8::1\r\n");
  ASSERT_TRUE(v6);
  EXPECT_EQ(v6->connection_for(v6->media[0])->type, AddressType::kIp6);
  const auto hold = parse_session(with_media("m=audio 23442 RTP/AVP 97\r\nc=IN IP4 0.0.0.0\r\n"));
  EXPECT_TRUE(hold->connection_for(hold->media[0])->is_null_hold());
}

// The hostile inputs of issue 5, one by one.
TEST(SdpParser, EmptyAndOneCharacterLines) {
  EXPECT_EQ(error_of("v=0\r\n\r\no=- 1 1 IN IP4 h\r\ns=-\r\nt=0 0\r\n").reason, "empty line");
  EXPECT_EQ(error_of("v=0\r\nx\r\n").reason, "bad line");
  EXPECT_EQ(error_of("v=0\r\n=\r\n").reason, "bad line");
  EXPECT_EQ(error_of("").reason, "empty description");
  EXPECT_EQ(error_of("\r\n").reason, "empty description");
}

TEST(SdpParser, EveryFieldEmpty) {
  EXPECT_FALSE(parse_session("v=\r\no=\r\ns=\r\nc=\r\nt=\r\nm=\r\na=\r\n"));
  EXPECT_EQ(error_of("v=\r\n").reason, "description must start with v=0");
  EXPECT_EQ(error_of(with_media("m=\r\n")).reason, "bad m= line");
  EXPECT_EQ(error_of("v=0\r\no=\r\n").reason, "bad origin");
  EXPECT_EQ(error_of("v=0\r\no=- 1 1 IN IP4 h\r\ns=-\r\nc=\r\n").reason, "bad connection");
  EXPECT_EQ(error_of("v=0\r\no=- 1 1 IN IP4 h\r\ns=-\r\nt=\r\n").reason, "bad timing");
  EXPECT_EQ(error_of(with_media("m=audio 1 RTP/AVP 0\r\na=\r\n")).reason, "bad attribute name");
}

TEST(SdpParser, PayloadTypeOutOfRange) {
  EXPECT_EQ(error_of(with_media("m=audio 17000 RTP/AVP 4294967296\r\n")).reason,
            "bad media format");
  EXPECT_EQ(error_of(with_media("m=audio 17000 RTP/AVP 128\r\n")).reason, "bad media format");
  EXPECT_EQ(error_of(with_media("m=audio 1 RTP/AVP 0\r\na=rtpmap:4294967296 PCMU/8000\r\n")).reason,
            "bad payload type");
}

TEST(SdpParser, DuplicateFormatsAreRefused) {
  EXPECT_EQ(error_of(with_media("m=video 51372 RTP/AVP 31 31\r\n")).reason,
            "duplicate media format");
  EXPECT_EQ(error_of(with_media("m=audio 1 RTP/AVP 0 8 00\r\n")).reason, "duplicate media format");
}

TEST(SdpParser, PortsOutOfRange) {
  EXPECT_EQ(error_of(with_media("m=audio 65536 RTP/AVP 0\r\n")).reason, "bad media port");
  EXPECT_EQ(error_of(with_media("m=audio -1 RTP/AVP 0\r\n")).reason, "bad media port");
  EXPECT_TRUE(parse_session(with_media("m=audio 0 RTP/AVP 0\r\n")));  // a rejected stream
}

TEST(SdpParser, ClockRateAndChannelsZero) {
  EXPECT_EQ(error_of(with_media("m=audio 1 RTP/AVP 0\r\na=rtpmap:0 PCMU/0\r\n")).reason,
            "bad rtpmap");
  EXPECT_EQ(error_of(with_media("m=audio 1 RTP/AVP 96\r\na=rtpmap:96 opus/48000/0\r\n")).reason,
            "bad rtpmap channels");
  EXPECT_EQ(
      error_of(with_media("m=audio 1 RTP/AVP 96\r\na=rtpmap:96 opus/48000/4294967296\r\n")).reason,
      "bad rtpmap channels");
}

TEST(SdpParser, PtimeZeroAndHuge) {
  EXPECT_EQ(error_of(with_media("m=audio 1 RTP/AVP 0\r\na=ptime:0\r\n")).reason, "bad ptime");
  EXPECT_EQ(
      error_of(with_media("m=audio 1 RTP/AVP 0\r\na=ptime:100000\r\na=maxptime:20\r\n")).reason,
      "bad ptime");
}

TEST(SdpParser, ThousandMediaLinesAreRefusedNotAllocated) {
  std::string many;
  for (int i = 0; i < 1000; ++i) {
    many += "m=audio " + std::to_string(10000 + i) + " RTP/AVP 0\r\n";
  }
  const Error error = error_of(with_media(many));
  EXPECT_EQ(error.code, Errc::kTooLarge);
  EXPECT_EQ(error.reason, "too many m= lines");
}

TEST(SdpParser, TenThousandAttributesAreRefused) {
  std::string many = "m=audio 1 RTP/AVP 0\r\n";
  for (int i = 0; i < 10000; ++i) {
    many += "a=x-attr:" + std::to_string(i) + "\r\n";
  }
  EXPECT_EQ(error_of(with_media(many)).code, Errc::kTooLarge);
}

TEST(SdpParser, NulBytesAndNonUtf8) {
  EXPECT_EQ(
      error_of(with_media(std::string("m=audio 1 RTP/AVP 0\r\na=fmtp\0:101 0-16\r\n", 39))).reason,
      "control character in a line");
  // Octets above 0x7F are text (RFC 8866 byte-string): accepted and kept.
  const auto latin = parse_session("v=0\r\no=- 1 1 IN IP4 h\r\ns=\xE9t\xE9\r\nt=0 0\r\n");
  ASSERT_TRUE(latin);
  EXPECT_EQ(latin->name, "\xE9t\xE9");
}

TEST(SdpParser, MediaWithoutFormats) {
  EXPECT_EQ(error_of(with_media("m=audio 49170 RTP/AVP\r\n")).reason, "m= line without formats");
}

TEST(SdpParser, Ipv4LiteralDeclaredAsIpv6) {
  EXPECT_EQ(error_of(with_media("m=audio 1 RTP/AVP 0\r\nc=IN IP6 192.0.2.1\r\n")).reason,
            "bad connection address");
}

TEST(SdpParser, BadCrypto) {
  EXPECT_EQ(error_of(with_media("m=audio 1 RTP/SAVP 0\r\na=crypto:1 AES_CM_128_HMAC_SHA1_80 "
                                "inline:not*base64!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!\r\n"))
                .reason,
            "bad crypto key");
  // An unknown suite is kept and ignored by negotiation (RFC 4568 §7.1.1), not an error.
  const auto unknown = parse_session(
      with_media("m=audio 1 RTP/SAVP 0\r\na=crypto:1 FANCY_NEW_SUITE inline:whatever\r\n"));
  ASSERT_TRUE(unknown);
  EXPECT_EQ(unknown->media[0].cryptos[0].suite, SrtpSuite::kUnknown);
}

TEST(SdpParser, StructureFaults) {
  EXPECT_EQ(error_of("o=- 1 1 IN IP4 h\r\n").reason, "description must start with v=0");
  EXPECT_EQ(error_of("v=1\r\n").reason, "description must start with v=0");
  EXPECT_EQ(error_of("v=0\r\ns=-\r\nt=0 0\r\n").reason, "missing o=");
  EXPECT_EQ(error_of("v=0\r\no=- 1 1 IN IP4 h\r\nt=0 0\r\n").reason, "missing s=");
  EXPECT_EQ(error_of("v=0\r\no=- 1 1 IN IP4 h\r\ns=-\r\n").reason, "missing t=");
  EXPECT_EQ(error_of("v=0\r\no=- 1 1 IN IP4 h\r\ns=-\r\nt=0 0\r\nm=audio 1 RTP/AVP 0\r\n").reason,
            "media without a connection");
  EXPECT_EQ(error_of(with_media("x=unknown\r\n")).reason, "unknown line type");
  EXPECT_EQ(error_of(with_media("m=audio 1 RTP/AVP 0\r\nt=0 0\r\n")).reason,
            "line type not allowed in a media section");
  EXPECT_EQ(error_of(with_media("m=audio 1 RTP/AVP 0\r\na=sendonly\r\na=recvonly\r\n")).reason,
            "contradictory direction attributes");
  EXPECT_EQ(error_of(with_media(
                         "m=audio 1 RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\na=rtpmap:0 PCMA/8000\r\n"))
                .reason,
            "duplicate rtpmap");
}

TEST(SdpParser, NumbersThatDoNotFit) {
  EXPECT_EQ(error_of("v=0\r\no=- "
                     "11579208923731619542357098500868790785326998466564056403945758400791312963993"
                     "6 1 IN IP4 h\r\n")
                .reason,
            "bad origin session id");
  EXPECT_EQ(error_of(with_media("m=audio 1 RTP/AVP 0\r\nb=AS:-1\r\n")).reason, "bad bandwidth");
  EXPECT_EQ(error_of(with_media("m=audio 1 RTP/AVP 0\r\nc=IN IP4 224.2.1.1/256\r\n")).reason,
            "bad connection ttl");
}

TEST(SdpParser, ErrorsPointAtTheirLine) {
  const std::string text = with_media("m=audio 1 RTP/AVP 0\r\na=ptime:0\r\n");
  const Error error = error_of(text);
  EXPECT_EQ(text.substr(error.offset, 9), "a=ptime:0");
}

TEST(SdpParser, TooLarge) {
  ParseLimits small;
  small.max_bytes = 64;
  const auto session = parse_session(kOffer, small);
  ASSERT_FALSE(session);
  EXPECT_EQ(session.error().code, Errc::kTooLarge);
}

}  // namespace
}  // namespace sipline::sdp
