#include <gtest/gtest.h>

#include "sip/message/uri.hpp"

namespace sipline::sip {
namespace {

bool equivalent(std::string_view a, std::string_view b) {
  const auto x = parse_uri(a);
  const auto y = parse_uri(b);
  EXPECT_TRUE(x) << a;
  EXPECT_TRUE(y) << b;
  return x && y && uri_equivalent(*x, *y) && uri_equivalent(*y, *x);
}

// RFC 3261 §19.1.4, the sets of equivalent URIs.
TEST(UriEquivalence, Rfc3261EquivalentSets) {
  EXPECT_TRUE(
      equivalent("sip:%61lice@atlanta.com;transport=TCP", "sip:alice@AtLanTa.CoM;Transport=tcp"));
  EXPECT_TRUE(equivalent("sip:carol@chicago.com", "sip:carol@chicago.com;newparam=5"));
  EXPECT_TRUE(equivalent("sip:carol@chicago.com", "sip:carol@chicago.com;security=on"));
  EXPECT_TRUE(equivalent("sip:carol@chicago.com;newparam=5", "sip:carol@chicago.com;security=on"));
  EXPECT_TRUE(equivalent("sip:biloxi.com;transport=tcp;method=REGISTER?to=sip:bob%40biloxi.com",
                         "sip:biloxi.com;method=REGISTER;transport=tcp?to=sip:bob%40biloxi.com"));
  EXPECT_TRUE(equivalent("sip:alice@atlanta.com?subject=project%20x&priority=urgent",
                         "sip:alice@atlanta.com?priority=urgent&subject=project%20x"));
}

// RFC 3261 §19.1.4, the sets of URIs that are not equivalent.
TEST(UriEquivalence, Rfc3261NonEquivalentSets) {
  EXPECT_FALSE(
      equivalent("SIP:ALICE@AtLanTa.CoM;Transport=udp", "sip:alice@AtLanTa.CoM;Transport=UDP"));
  EXPECT_FALSE(equivalent("sip:bob@biloxi.com", "sip:bob@biloxi.com:5060"));
  EXPECT_FALSE(equivalent("sip:bob@biloxi.com", "sip:bob@biloxi.com;transport=udp"));
  EXPECT_FALSE(equivalent("sip:bob@biloxi.com", "sip:bob@biloxi.com:6000;transport=tcp"));
  EXPECT_FALSE(equivalent("sip:carol@chicago.com", "sip:carol@chicago.com?Subject=next%20meeting"));
  EXPECT_FALSE(equivalent("sip:bob@phone21.boxesbybob.com", "sip:bob@192.0.2.4"));
  EXPECT_FALSE(
      equivalent("sip:carol@chicago.com;security=on", "sip:carol@chicago.com;security=off"));
}

TEST(UriEquivalence, SipAndSipsNeverMatch) {
  EXPECT_FALSE(equivalent("sip:bob@biloxi.com", "sips:bob@biloxi.com"));
}

TEST(UriEquivalence, ReservedEscapesDifferFromTheirCharacters) {
  EXPECT_FALSE(equivalent("sip:a%3Bb@host", "sip:a;b@host"));
  EXPECT_TRUE(equivalent("sip:a%3Bb@host", "sip:a%3bb@host"));
}

TEST(UriEquivalence, PasswordAndUserPresenceMatter) {
  EXPECT_FALSE(equivalent("sip:bob@host", "sip:bob:@host"));
  EXPECT_FALSE(equivalent("sip:host", "sip:bob@host"));
  EXPECT_FALSE(equivalent("sip:bob:x@host", "sip:bob:X@host"));
}

TEST(UriEquivalence, MaddrUserTtlMethodInOneOnlyNeverMatch) {
  EXPECT_FALSE(equivalent("sip:h", "sip:h;maddr=239.255.255.1"));
  EXPECT_FALSE(equivalent("sip:h", "sip:h;user=phone"));
  EXPECT_FALSE(equivalent("sip:h", "sip:h;ttl=15"));
  EXPECT_FALSE(equivalent("sip:h", "sip:h;method=INVITE"));
}

TEST(UriEquivalence, TelIgnoresVisualSeparators) {
  EXPECT_TRUE(equivalent("tel:+1-201-555-0123", "tel:+1.201.555.0123"));
  EXPECT_FALSE(equivalent("tel:+1-201-555-0123", "tel:+1-201-555-0124"));
  EXPECT_FALSE(equivalent("tel:7042;phone-context=a.com", "tel:7042;phone-context=b.com"));
}

TEST(UriEquivalence, OtherSchemesCompareAsText) {
  EXPECT_TRUE(equivalent("mailto:Bob@example.com", "MAILTO:bob@example.com"));
  EXPECT_FALSE(equivalent("mailto:bob@example.com", "sip:bob@example.com"));
}

}  // namespace
}  // namespace sipline::sip
