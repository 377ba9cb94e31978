#include "sdp/printer.hpp"

#include <gtest/gtest.h>

#include "sdp/parser.hpp"
#include "tests/support/rfc4317_examples.hpp"
#include "tests/support/shared_files.hpp"

namespace sipline::sdp {
namespace {

void expect_round_trip(std::string_view text, std::string_view what) {
  const auto session = parse_session(text);
  ASSERT_TRUE(session) << what << ": " << fmt::format("{}", session.error()) << "\n" << text;
  const std::string printed = print(*session);
  const auto reparsed = parse_session(printed);
  ASSERT_TRUE(reparsed) << what << "\n" << printed;
  EXPECT_EQ(*reparsed, *session) << what;
  EXPECT_EQ(print(*reparsed), printed) << what;
}

TEST(SdpPrinter, CanonicalForm) {
  const auto session = parse_session(
      "v=0\no=- 1 2 IN IP4 192.0.2.1\ns=call\nc=IN IP4 192.0.2.1\nt=0 0\na=recvonly\n"
      "m=audio 4000 RTP/AVP 0 96\na=x-custom:1\na=rtpmap:0 PCMU/8000/1\na=rtpmap:96 opus/48000/2\n"
      "a=rtcp-mux\na=ptime:20\n");
  ASSERT_TRUE(session);
  EXPECT_EQ(print(*session),
            "v=0\r\no=- 1 2 IN IP4 192.0.2.1\r\ns=call\r\nc=IN IP4 192.0.2.1\r\nt=0 0\r\n"
            "a=recvonly\r\nm=audio 4000 RTP/AVP 0 96\r\na=rtpmap:0 PCMU/8000\r\n"
            "a=rtpmap:96 opus/48000/2\r\na=ptime:20\r\na=rtcp-mux\r\na=x-custom:1\r\n");
}

TEST(SdpPrinter, EveryRfc4317DescriptionRoundTrips) {
  const auto examples = test::rfc4317_examples();
  ASSERT_EQ(examples.size(), 16U);
  for (const auto& example : examples) {
    for (const std::string* text :
         {&example.offer, &example.answer, &example.second_offer, &example.second_answer}) {
      if (!text->empty()) {
        expect_round_trip(*text, example.section);
      }
    }
  }
}

TEST(SdpPrinter, PjsipSeedsAndEveryAttributeKindRoundTrip) {
  for (int i = 1; i <= 6; ++i) {
    const auto path = test::shared_dir() / "corpora" / "fuzz-sip" / "pjsip-seeds" / "sdp" /
                      ("input." + std::to_string(i) + ".sdp");
    const std::string text = test::read_file(path);
    if (parse_session(text)) {
      expect_round_trip(text, path.string());
    }
  }
  expect_round_trip(
      "v=0\r\no=jdoe 2890844526 2890842807 IN IP4 10.47.16.5\r\ns=SDP Seminar\r\n"
      "i=A Seminar\r\nu=http://www.example.com/seminars/sdp.pdf\r\ne=j.doe@example.com (Jane)\r\n"
      "p=+1 617 555-6011\r\nc=IN IP4 224.2.17.12/127\r\nb=CT:128\r\nt=2873397496 2873404696\r\n"
      "r=7d 1h 0 25h\r\nz=2882844526 -1h\r\nk=prompt\r\na=recvonly\r\na=ice-ufrag:8hhY\r\n"
      "a=ice-pwd:asd88fgpdd777uzjYhagZg\r\na=fingerprint:sha-256 4A:AD:B9:B1\r\na=setup:actpass\r\n"
      "m=audio 49170/2 RTP/SAVP 0 96\r\ni=voice\r\nc=IN IP6 FF15::101/3\r\nb=AS:64\r\n"
      "a=rtpmap:96 opus/48000/2\r\na=fmtp:96 maxplaybackrate=16000\r\na=ptime:20\r\n"
      "a=maxptime:60\r\na=rtcp:53020 IN IP4 126.16.64.4\r\na=rtcp-mux\r\na=mid:a1\r\n"
      "a=crypto:1 AES_CM_128_HMAC_SHA1_80 "
      "inline:PS1uQCVeeCFCanVmcjkpPywjNWhcYD0mXXtxaVBR|2^20|1:4\r\n"
      "a=candidate:1 1 UDP 2130706431 10.0.1.1 8998 typ host\r\na=sendonly\r\na=x-unknown\r\n",
      "every kind");
}

}  // namespace
}  // namespace sipline::sdp
