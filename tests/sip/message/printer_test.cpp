#include "sip/message/printer.hpp"

#include <gtest/gtest.h>

#include "sip/message/parser.hpp"
#include "tests/support/rfc_messages.hpp"
#include "tests/support/shared_files.hpp"

namespace sipline::sip {
namespace {

TEST(Printer, CanonicalForm) {
  const auto m = parse_message(
      "OPTIONS sip:carol@chicago.com SIP/2.0\r\n"
      "v:  SIP/2.0/UDP pc33.atlanta.com;branch=z9hG4bKhjhs8ass877\r\n"
      "MAX-FORWARDS :70\r\n"
      "t: <sip:carol@chicago.com>\r\n"
      "f: Alice <sip:alice@atlanta.com>;tag=1928301774\r\n"
      "i: a84b4c76e66710\r\n"
      "cseq: 63104 OPTIONS\r\n"
      "X-Folded: a\r\n b\r\n"
      "l: 0\r\n\r\n");
  ASSERT_TRUE(m) << fmt::format("{}", m.error());
  EXPECT_EQ(print(*m),
            "OPTIONS sip:carol@chicago.com SIP/2.0\r\n"
            "Via: SIP/2.0/UDP pc33.atlanta.com;branch=z9hG4bKhjhs8ass877\r\n"
            "Max-Forwards: 70\r\n"
            "To: <sip:carol@chicago.com>\r\n"
            "From: Alice <sip:alice@atlanta.com>;tag=1928301774\r\n"
            "Call-ID: a84b4c76e66710\r\n"
            "CSeq: 63104 OPTIONS\r\n"
            "X-Folded: a   b\r\n"
            "Content-Length: 0\r\n\r\n");
}

TEST(Printer, ResponsesAndBodies) {
  const auto m = parse_message("SIP/2.0 200 OK\r\nCSeq: 1 INVITE\r\n\r\nbody");
  ASSERT_TRUE(m);
  EXPECT_EQ(print(*m), "SIP/2.0 200 OK\r\nCSeq: 1 INVITE\r\nContent-Length: 4\r\n\r\nbody");
}

void expect_round_trips(const std::string& rfc, std::size_t at_least) {
  const auto messages =
      test::extract_rfc_messages(test::read_file(test::shared_dir() / "rfc" / rfc));
  EXPECT_GE(messages.size(), at_least) << rfc;
  for (const auto& [label, bytes] : messages) {
    const auto parsed = parse_message(bytes);
    ASSERT_TRUE(parsed) << rfc << " " << label << ": " << fmt::format("{}", parsed.error()) << "\n"
                        << bytes;
    const std::string printed = print(*parsed);
    const auto reparsed = parse_message(printed);
    ASSERT_TRUE(reparsed) << rfc << " " << label;
    EXPECT_EQ(*reparsed, *parsed) << rfc << " " << label;
    EXPECT_EQ(print(*reparsed), printed) << rfc << " " << label;
  }
}

// RFC 3261 §24: the registration and the session setup flows.
TEST(Printer, Rfc3261Section24MessagesRoundTrip) { expect_round_trips("rfc3261.txt", 13); }

// RFC 3665: every message of the basic call flows (193 labels, 12 of them "same as" notes).
TEST(Printer, Rfc3665MessagesRoundTrip) { expect_round_trips("rfc3665.txt", 181); }

}  // namespace
}  // namespace sipline::sip
