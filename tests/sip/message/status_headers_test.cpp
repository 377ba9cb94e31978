#include "sip/message/status_headers.hpp"

#include <string>

#include <gtest/gtest.h>

namespace sipline::sip {
namespace {

TEST(RetryAfter, Rfc3261Examples) {
  const auto with_comment = parse_retry_after("18000;duration=3600");
  ASSERT_TRUE(with_comment);
  EXPECT_EQ(with_comment->seconds, 18000U);
  EXPECT_EQ(with_comment->duration, 3600U);
  const auto meeting = parse_retry_after("120 (I'm in a meeting)");
  ASSERT_TRUE(meeting);
  EXPECT_EQ(meeting->comment, "(I'm in a meeting)");
}

TEST(RetryAfter, HugeValuesSaturateAndJunkFails) {
  // RFC 4475 §3.1.2.5: never wait on an absurd Retry-After; the value saturates, callers clamp.
  EXPECT_EQ(parse_retry_after(std::string(100, '9'))->seconds, 4294967295U);
  for (const char* bad : {"", "-1", "soon", "120 (unterminated", "120 junk", "120;duration=x"}) {
    EXPECT_FALSE(parse_retry_after(bad)) << bad;
  }
  std::string deep = "1 ";
  for (int i = 0; i < 20; ++i) {
    deep += "(";
  }
  EXPECT_FALSE(parse_retry_after(deep));
}

TEST(Warning, CodeAgentText) {
  const auto warnings = parse_warnings(
      "307 isi.edu \"Session parameter 'foo' not understood\", "
      "301 isi.edu \"Incompatible network address type 'E.164'\"");
  ASSERT_TRUE(warnings);
  ASSERT_EQ(warnings->size(), 2U);
  EXPECT_EQ((*warnings)[0].code, 307);
  EXPECT_EQ((*warnings)[1].agent, "isi.edu");
  // RFC 4475 §3.1.2.5 (scalarlg): a four-digit warn-code.
  EXPECT_FALSE(parse_warnings("1812 overture \"In Progress\""));
  EXPECT_FALSE(parse_warnings("399 host unquoted"));
}

TEST(Reason, CauseAndText) {
  const auto reasons =
      parse_reasons("SIP ;cause=200 ;text=\"Call completed elsewhere\", Q.850;cause=16");
  ASSERT_TRUE(reasons);
  ASSERT_EQ(reasons->size(), 2U);
  EXPECT_EQ((*reasons)[0].protocol, "SIP");
  EXPECT_EQ((*reasons)[0].cause, 200);
  EXPECT_EQ((*reasons)[0].text, "Call completed elsewhere");
  EXPECT_EQ((*reasons)[1].cause, 16);
  EXPECT_FALSE(parse_reasons("SIP;cause=99999999"));
  EXPECT_FALSE(parse_reasons(";cause=1"));
}

}  // namespace
}  // namespace sipline::sip
