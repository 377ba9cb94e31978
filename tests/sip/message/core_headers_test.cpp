#include "sip/message/core_headers.hpp"

#include <string>

#include <gtest/gtest.h>

#include "sip/message/parser.hpp"

namespace sipline::sip {
namespace {

std::string with(std::string_view headers, std::string_view method = "OPTIONS") {
  return std::string(method) + " sip:bob@biloxi.com SIP/2.0\r\n" + std::string(headers) +
         "Content-Length: 0\r\n\r\n";
}

TEST(CoreHeaders, TheCoreSet) {
  EXPECT_TRUE(is_core_header(HeaderId::kVia));
  EXPECT_TRUE(is_core_header(HeaderId::kContact));
  EXPECT_FALSE(is_core_header(HeaderId::kRoute));
  EXPECT_FALSE(is_core_header(HeaderId::kUnknown));
}

TEST(CoreHeaders, SingleValuedHeadersMayNotRepeat) {
  for (const char* twice :
       {"To: sip:a@b\r\nt: sip:c@d\r\n", "From: sip:a@b\r\nFrom: sip:c@d\r\n",
        "Call-ID: 1\r\ni: 2\r\n", "CSeq: 1 OPTIONS\r\nCSeq: 2 OPTIONS\r\n",
        "Max-Forwards: 1\r\nMax-Forwards: 2\r\n", "Content-Type: a/b\r\nc: a/b\r\n"}) {
    const auto m = parse_message(with(twice));
    ASSERT_FALSE(m) << twice;
    EXPECT_TRUE(m.error().reason.starts_with("duplicate")) << m.error().reason;
  }
}

TEST(CoreHeaders, ViasAndContactsAccumulateAcrossFields) {
  const auto m =
      parse_message(with("v: SIP/2.0/UDP a;branch=z9hG4bK1, SIP/2.0/TCP b;branch=z9hG4bK2\r\n"
                         "Via: SIP/2.0/UDP c;branch=z9hG4bK3\r\n"
                         "m: <sip:a@b>;expires=60, sip:c@d;q=0.5\r\nContact: \"x\" <sip:e@f>\r\n"));
  ASSERT_TRUE(m) << fmt::format("{}", m.error());
  ASSERT_EQ(m->vias().size(), 3U);
  EXPECT_EQ(m->vias()[2].sent_by.host, "c");
  ASSERT_EQ(m->contacts().size(), 3U);
  EXPECT_EQ(m->contacts()[1].params.find("q"), "0.5");
}

TEST(CoreHeaders, ContactStar) {
  const auto star = parse_message(with("Contact: *\r\nExpires: 0\r\n", "REGISTER"));
  ASSERT_TRUE(star);
  EXPECT_TRUE(star->contact_is_star());
  EXPECT_TRUE(star->contacts().empty());
  EXPECT_FALSE(parse_message(with("Contact: *\r\nContact: <sip:a@b>\r\n", "REGISTER")));
  EXPECT_FALSE(parse_message(with("Contact: <sip:a@b>, *\r\n", "REGISTER")));
}

TEST(CoreHeaders, ContactParametersAreChecked) {
  EXPECT_FALSE(parse_message(with("Contact: <sip:a@b>;q=2\r\n")));
  EXPECT_FALSE(parse_message(with("Contact: <sip:a@b>;expires=soon\r\n")));
  EXPECT_TRUE(parse_message(with("Contact: <sip:a@b>;expires=280297596632815\r\n")));
  EXPECT_FALSE(parse_message(with("Contact: <sip:a@b>;;;;\r\n")));
  EXPECT_FALSE(parse_message(with("Contact: <sip:a@b>,\r\n")));
}

TEST(CoreHeaders, CSeqMethodMustMatchTheRequest) {
  const auto m = parse_message(with("CSeq: 8 INVITE\r\n"));
  ASSERT_FALSE(m);
  EXPECT_EQ(m.error().reason, "CSeq method does not match the request");
  EXPECT_TRUE(parse_message(with("CSeq: 8 OPTIONS\r\n")));
}

TEST(CoreHeaders, BadCoreValuesAreRefused) {
  for (const char* bad : {"Via: SIP/2.0/UDP\r\n", "Via: SIP/2.0/UDP 192.0.2.15;;,;,,\r\n",
                          "To: </\r\n", "From: \"x <sip:a@b>\r\n", "Call-ID: a b\r\n",
                          "CSeq: 36893488147419103232 OPTIONS\r\n", "Max-Forwards: 256\r\n",
                          "Content-Type: sdp\r\n", "Via: SIP/2.0/UDP h;branch=z9hG4bK1 junk\r\n"}) {
    EXPECT_FALSE(parse_message(with(bad))) << bad;
  }
}

}  // namespace
}  // namespace sipline::sip
