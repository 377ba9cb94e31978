#include "sip/message/edit.hpp"

#include <gtest/gtest.h>

#include "sip/message/parser.hpp"

namespace sipline::sip {
namespace {

const Message kRequest =
    parse_message(
        "OPTIONS sip:bob@biloxi.com SIP/2.0\r\nVia: SIP/2.0/UDP h;branch=z9hG4bK1\r\n"
        "Subject: old\r\nCall-ID: 1\r\nCSeq: 1 OPTIONS\r\nContent-Length: 2\r\n\r\nhi")
        .value();

TEST(Edit, ReplacesOneFieldAndKeepsTheRest) {
  const auto edited = with_field_value(kRequest, 1, "new");
  ASSERT_TRUE(edited);
  EXPECT_EQ(edited->header(HeaderId::kSubject), "new");
  EXPECT_EQ(edited->body(), "hi");
  EXPECT_EQ(edited->vias()[0].branch, "z9hG4bK1");
  EXPECT_EQ(kRequest.header(HeaderId::kSubject), "old");
}

TEST(Edit, RefusesWhatWouldBreakTheMessage) {
  EXPECT_FALSE(with_field_value(kRequest, 0, "SIP/2.0/UDP"));         // a bad Via
  EXPECT_FALSE(with_field_value(kRequest, 1, "a\r\nInjected: yes"));  // a line break
  EXPECT_FALSE(with_field_value(kRequest, 99, "x"));
}

}  // namespace
}  // namespace sipline::sip
