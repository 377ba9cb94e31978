#include "sip/message/message.hpp"

#include <memory>
#include <string>

#include <gtest/gtest.h>

#include "sip/message/parser.hpp"

namespace sipline::sip {
namespace {

constexpr std::string_view kInvite =
    "INVITE sip:bob@biloxi.com SIP/2.0\r\n"
    "Via: SIP/2.0/UDP pc33.atlanta.com;branch=z9hG4bK776asdhds\r\n"
    "Max-Forwards: 70\r\n"
    "To: Bob <sip:bob@biloxi.com>\r\n"
    "From: Alice <sip:alice@atlanta.com>;tag=1928301774\r\n"
    "Call-ID: a84b4c76e66710@pc33.atlanta.com\r\n"
    "CSeq: 314159 INVITE\r\n"
    "x-custom: one\r\n"
    "X-Custom: two\r\n"
    "Contact: <sip:alice@pc33.atlanta.com>\r\n"
    "Content-Type: application/sdp\r\n"
    "Content-Length: 4\r\n"
    "\r\n"
    "v=0\n";

Message invite() { return parse_message(kInvite).value(); }

TEST(Message, HeaderLookupByIdNameAndCompactForm) {
  const Message m = invite();
  EXPECT_EQ(m.header(HeaderId::kMaxForwards), "70");
  EXPECT_EQ(m.header("max-forwards"), "70");
  EXPECT_EQ(m.header("i"), "a84b4c76e66710@pc33.atlanta.com");
  EXPECT_EQ(m.header("X-CUSTOM"), "one");
  EXPECT_EQ(m.count(HeaderId::kVia), 1U);
  EXPECT_FALSE(m.header(HeaderId::kRoute));
  EXPECT_FALSE(m.header("X-Other"));
  EXPECT_FALSE(m.header(HeaderId::kContentLength));  // follows from the body
  EXPECT_EQ(m.body(), "v=0\n");
}

TEST(Message, CopiesAreEqualAndOwnTheirBytes) {
  const Message original = invite();
  Message copy = original;
  EXPECT_EQ(copy, original);
  EXPECT_NE(copy.call_id().data(), original.call_id().data());
  Message assigned;
  assigned = copy;
  EXPECT_EQ(assigned, original);
  EXPECT_EQ(assigned.from()->tag, "1928301774");
}

// A copy moves every view onto its own bytes (no re-parse): folded lines, unfolded in place,
// and every typed header stay readable after the source is gone.
TEST(Message, ACopyOutlivesItsSource) {
  auto source = std::make_unique<Message>(
      parse_message("OPTIONS sip:carol@chicago.com SIP/2.0\r\n"
                    "Via: SIP/2.0/UDP pc33.atlanta.com\r\n ;branch=z9hG4bKfold\r\n"
                    "To: <sip:carol@chicago.com>\r\nFrom: <sip:a@atlanta.com>;tag=f\r\n"
                    "Call-ID: fold1\r\nCSeq: 1 OPTIONS\r\nContact: <sip:a@10.0.0.1>\r\n"
                    "Subject: one\r\n\ttwo\r\nContent-Length: 2\r\n\r\nhi")
          .value());
  const Message copy = *source;
  const Message expected = *source;
  source.reset();
  EXPECT_EQ(copy, expected);
  EXPECT_EQ(copy.vias()[0].branch, "z9hG4bKfold");
  EXPECT_EQ(copy.header("Subject"), "one  \ttwo");
  EXPECT_EQ(copy.request_uri().user, "carol");
  EXPECT_EQ(copy.contacts()[0].uri.host.host, "10.0.0.1");
  EXPECT_EQ(copy.body(), "hi");
  EXPECT_FALSE(copy.canonical_text());
}

TEST(Message, MovesKeepEveryViewValid) {
  Message moved = invite();
  const char* call_id = moved.call_id().data();
  Message target = std::move(moved);
  EXPECT_EQ(target.call_id().data(), call_id);
  EXPECT_EQ(target.vias()[0].branch, "z9hG4bK776asdhds");
  EXPECT_EQ(target.to()->uri.host.host, "biloxi.com");
}

TEST(Message, EqualityComparesTheModel) {
  const Message a = invite();
  std::string other(kInvite);
  other.replace(other.find("x-custom"), 8, "X-CUSTOM");  // header names are case-insensitive
  EXPECT_EQ(parse_message(other).value(), a);
  std::string value_changed(kInvite);
  value_changed.replace(value_changed.find("one"), 3, "uno");
  EXPECT_NE(parse_message(value_changed).value(), a);
  std::string compact(kInvite);
  compact.replace(compact.find("Call-ID"), 7, "i");  // same header, compact name
  EXPECT_EQ(parse_message(compact).value(), a);
  std::string body_changed(kInvite);
  body_changed.replace(body_changed.find("v=0"), 3, "v=1");
  EXPECT_NE(parse_message(body_changed).value(), a);
}

TEST(Message, DefaultMessagesCopy) {
  const Message empty;
  const Message copy = empty;
  EXPECT_EQ(copy, empty);
}

}  // namespace
}  // namespace sipline::sip
