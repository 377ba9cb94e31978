#include "sip/message/date.hpp"

#include <gtest/gtest.h>

namespace sipline::sip {
namespace {

TEST(SipDate, Rfc1123InGmt) {
  // RFC 3261 §20.17's example.
  EXPECT_EQ(parse_sip_date("Sat, 13 Nov 2010 23:29:00 GMT").value(), 1289690940);
  EXPECT_EQ(parse_sip_date("Thu, 01 Jan 1970 00:00:00 GMT").value(), 0);
  EXPECT_EQ(parse_sip_date("Tue, 29 Feb 2000 12:00:00 GMT").value(), 951825600);
}

TEST(SipDate, OtherZonesAndShapesAreRefused) {
  // RFC 4475 §3.1.2.12 (baddate).
  EXPECT_FALSE(parse_sip_date("Fri, 01 Jan 2010 16:00:00 EST"));
  for (const char* bad : {"", "Sat, 13 Nov 2010 23:29:00", "Sat 13 Nov 2010 23:29:00 GMT",
                          "Xyz, 13 Nov 2010 23:29:00 GMT", "Sat, 13 Foo 2010 23:29:00 GMT",
                          "Sat, 32 Nov 2010 23:29:00 GMT", "Sat, 13 Nov 2010 24:29:00 GMT",
                          "Sat, 13 Nov 20a0 23:29:00 GMT", "Sat, 13 Nov 2010 23:29:00 gmt"}) {
    EXPECT_FALSE(parse_sip_date(bad)) << bad;
  }
}

}  // namespace
}  // namespace sipline::sip
