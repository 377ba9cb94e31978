// A 3xx's Contacts as places to call (sip/ua/redirect_targets.hpp, RFC 3261 §8.1.3.4): sip and
// sips only, the highest q first, the written order among equals, at most eight.
#include "sip/ua/redirect_targets.hpp"

#include <gtest/gtest.h>

#include "sip/message/parser.hpp"

namespace sipline::sip {
namespace {

std::vector<std::string> targets_of(const std::string& contacts) {
  const std::string text =
      "SIP/2.0 302 Moved Temporarily\r\nVia: SIP/2.0/UDP 127.0.0.1:5061;branch=z9hG4bK1\r\n"
      "From: <sip:a@x>;tag=1\r\nTo: <sip:b@y>;tag=2\r\nCall-ID: c\r\nCSeq: 1 INVITE\r\n" +
      contacts + "Content-Length: 0\r\n\r\n";
  const auto message = parse_message(text);
  EXPECT_TRUE(message) << text;
  return message ? redirect_targets(*message) : std::vector<std::string>{};
}

TEST(RedirectTargets, BestQFirstSipOnly) {
  EXPECT_EQ(targets_of("Contact: <sip:low@h>;q=0.1, <tel:+15551234>, <sip:mid@h>;q=0.5\r\n"
                       "Contact: <sips:top@h>, <mailto:x@h>, <sip:mid2@h>;q=0.500\r\n"),
            (std::vector<std::string>{"sips:top@h", "sip:mid@h", "sip:mid2@h", "sip:low@h"}));
  EXPECT_TRUE(targets_of("").empty());
  EXPECT_EQ(targets_of("Contact: sip:plain@h;transport=tcp\r\n"),
            (std::vector<std::string>{"sip:plain@h"}));  // addr-spec: the params are the header's
}

TEST(RedirectTargets, AtMostEight) {
  std::string contacts = "Contact: ";
  for (int i = 0; i < 20; ++i) {
    contacts += (i == 0 ? "" : ", ") + std::string("<sip:u") + std::to_string(i) + "@h>";
  }
  const auto targets = targets_of(contacts + "\r\n");
  ASSERT_EQ(targets.size(), 8U);
  EXPECT_EQ(targets.front(), "sip:u0@h");
}

}  // namespace
}  // namespace sipline::sip
