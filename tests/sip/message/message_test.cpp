#include "sip/message/message.hpp"

#include <initializer_list>
#include <memory>
#include <string>
#include <utility>

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

// Every view of every typed header lands in the copy's own bytes, moved, not parsed again. The
// fields are listed here one by one (not with the copy's own mover), so that a field the copy
// forgets to move fails here.
TEST(Message, ACopyMovesEveryTypedViewIntoItsOwnBytes) {
  constexpr std::string_view kRich =
      "INVITE sip:bob:secret@biloxi.com:5061;transport=tcp SIP/2.0\r\n"
      "Via: SIP/2.0/UDP 192.0.2.1:5062;branch=z9hG4bKa;received=192.0.2.9;maddr=192.0.2.8;"
      "rport=7;ttl=3, SIP/2.0/TCP [2001:db8::1];branch=z9hG4bKb\r\n"
      "To: \"Bob B\" <sip:bob@biloxi.com;user=phone>;x=1\r\n"
      "From: Alice <sips:alice:pw@atlanta.com;lr?h=v>;tag=1928301774\r\n"
      "Call-ID: a84b4c76e66710@pc33.atlanta.com\r\n"
      "CSeq: 314159 INVITE\r\n"
      "Contact: \"A\" <sip:alice@192.0.2.1;ob>;q=0.7;expires=60;+sip.instance=\"x\"\r\n"
      "Content-Type: application/sdp;charset=utf-8\r\n"
      "Content-Length: 4\r\n"
      "\r\n"
      "v=0\n";
  auto source = std::make_unique<Message>(parse_message(kRich).value());
  const Message copy = *source;
  const Message fresh = parse_message(kRich).value();
  source.reset();
  const char* begin = copy.method_text().data();
  const char* end = copy.body().data() + copy.body().size();
  const auto inside = [&](std::string_view view) {
    return view.data() == nullptr || (view.data() >= begin && view.data() + view.size() <= end);
  };
  using Views = std::initializer_list<std::pair<std::string_view, std::string_view>>;
  const auto same = [&](Views views) {  // each: the copy's view, the fresh parse's
    for (const auto& [x, y] : views) {
      EXPECT_EQ(x, y);
      EXPECT_TRUE(inside(x)) << x;
    }
  };
  const auto same_uri = [&](const Uri& a, const Uri& b) {
    same({{a.text, b.text},
          {a.scheme_name, b.scheme_name},
          {a.user, b.user},
          {a.password, b.password},
          {a.host.host, b.host.host},
          {a.params.text(), b.params.text()},
          {a.headers, b.headers}});
  };
  const auto same_address = [&](const NameAddr& a, const NameAddr& b) {
    same_uri(a.uri, b.uri);
    same({{a.text, b.text},
          {a.display_name, b.display_name},
          {a.params.text(), b.params.text()},
          {a.tag, b.tag},
          {a.q.value_or(std::string_view()), b.q.value_or(std::string_view())},
          {a.expires.value_or(std::string_view()), b.expires.value_or(std::string_view())}});
  };
  same_uri(copy.request_uri(), fresh.request_uri());
  ASSERT_EQ(copy.vias().size(), 2U);
  for (std::size_t i = 0; i < 2; ++i) {
    const Via& a = copy.vias()[i];
    const Via& b = fresh.vias()[i];
    same({{a.text, b.text},
          {a.protocol_name, b.protocol_name},
          {a.protocol_version, b.protocol_version},
          {a.transport, b.transport},
          {a.sent_by.host, b.sent_by.host},
          {a.params.text(), b.params.text()},
          {a.branch, b.branch},
          {a.received, b.received},
          {a.maddr, b.maddr}});
    EXPECT_EQ(a.sent_by.port, b.sent_by.port);
    EXPECT_EQ(a.rport, b.rport);
    EXPECT_EQ(a.ttl, b.ttl);
  }
  same_address(*copy.from(), *fresh.from());
  same_address(*copy.to(), *fresh.to());
  ASSERT_EQ(copy.contacts().size(), 1U);
  same_address(copy.contacts()[0], fresh.contacts()[0]);
  EXPECT_EQ(*copy.contacts()[0].q, "0.7");
  EXPECT_EQ(*copy.cseq(), *fresh.cseq());
  const MediaType& type = *copy.content_type();
  const MediaType& fresh_type = *fresh.content_type();
  same({{copy.call_id(), fresh.call_id()},
        {copy.cseq()->method_text, fresh.cseq()->method_text},
        {type.type, fresh_type.type},
        {type.subtype, fresh_type.subtype},
        {type.params.text(), fresh_type.params.text()}});
  EXPECT_EQ(copy, fresh);
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
