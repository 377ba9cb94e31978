// The message builder: what it builds prints once, parses back to itself, and refuses any value
// that would break the framing (a header injected through a dial target or a display name).
#include "sip/message/message_builder.hpp"

#include <algorithm>
#include <memory>
#include <string>
#include <utility>

#include <gtest/gtest.h>

#include "sip/message/parser.hpp"
#include "sip/message/printer.hpp"

namespace sipline::sip {
namespace {

MessageBuilder invite_to(std::string_view target) {
  MessageBuilder invite = MessageBuilder::request(Method::kInvite, target);
  invite.field(HeaderId::kVia, via_value("UDP", "192.0.2.1:5060", "abc"))
      .field(HeaderId::kMaxForwards, "70")
      .field(HeaderId::kFrom, {"\"Alice\" <sip:alice@atlanta.com>", ";tag=", "88"})
      .field(HeaderId::kTo, {"<", target, ">"})
      .field(HeaderId::kCallId, "c1@atlanta.com")
      .cseq(7, Method::kInvite)
      .field("X-Note", "hello");
  return invite;
}

TEST(MessageBuilder, ARequestPrintsOnceAndParsesBackToItself) {
  MessageBuilder builder = invite_to("sip:bob@biloxi.com");
  builder.body("application/sdp", "v=0\r\n");
  const auto built = std::move(builder).build();
  ASSERT_TRUE(built) << built.error().reason;
  const std::string text = print(*built);
  EXPECT_EQ(text,
            "INVITE sip:bob@biloxi.com SIP/2.0\r\n"
            "Via: SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bKabc;rport\r\n"
            "Max-Forwards: 70\r\n"
            "From: \"Alice\" <sip:alice@atlanta.com>;tag=88\r\n"
            "To: <sip:bob@biloxi.com>\r\n"
            "Call-ID: c1@atlanta.com\r\n"
            "CSeq: 7 INVITE\r\n"
            "X-Note: hello\r\n"
            "Content-Type: application/sdp\r\n"
            "Content-Length: 5\r\n"
            "\r\n"
            "v=0\r\n");
  EXPECT_EQ(built->canonical_text(), text);
  const auto parsed = parse_message(text);
  ASSERT_TRUE(parsed);
  EXPECT_EQ(*parsed, *built);
  EXPECT_FALSE(parsed->canonical_text());  // parsed bytes are the peer's, not ours
  EXPECT_EQ(print(*parsed), text);         // the printer proper agrees with the builder
  // The typed index is there without a parse.
  EXPECT_EQ(built->method(), Method::kInvite);
  EXPECT_EQ(built->request_uri().host.host, "biloxi.com");
  EXPECT_EQ(built->vias()[0].branch, "z9hG4bKabc");
  EXPECT_EQ(built->from()->tag, "88");
  EXPECT_EQ(built->cseq()->number, 7U);
  EXPECT_EQ(built->content_type()->subtype, "sdp");
  EXPECT_EQ(built->header("x-note"), "hello");
}

TEST(MessageBuilder, AResponseGetsTheRfcReasonPhrase) {
  const auto ringing = MessageBuilder::response(180).cseq(1, Method::kInvite).build();
  ASSERT_TRUE(ringing);
  EXPECT_EQ(ringing->reason_phrase(), "Ringing");
  EXPECT_EQ(ringing->method(), Method::kInvite);  // from its CSeq, as for a parsed response
  EXPECT_EQ(MessageBuilder::response(299).build()->reason_phrase(), "Unknown");
  EXPECT_EQ(MessageBuilder::response(486, "Gone Fishing").build()->reason_phrase(), "Gone Fishing");
  EXPECT_FALSE(MessageBuilder::response(700).build());
  EXPECT_FALSE(MessageBuilder::response(200, "OK\r\nX-Evil: 1").build());
}

// A CR or LF anywhere would end the field and start one the user wrote: refused, with where.
TEST(MessageBuilder, LineBreaksInAValueAreRefusedWithTheirPosition) {
  MessageBuilder builder = invite_to("sip:bob@biloxi.com");
  builder.field(HeaderId::kSubject, "hi\r\nX-Injected: yes");
  const auto built = std::move(builder).build();
  ASSERT_FALSE(built);
  EXPECT_EQ(built.error().reason, "control character in a header value");
  const std::string text = print(invite_to("sip:bob@biloxi.com").build().value());
  // Just past "Subject: hi", where the header section of the valid INVITE ended.
  EXPECT_EQ(built.error().offset,
            text.find("Content-Length") + std::string_view("Subject: hi").size());
  EXPECT_FALSE(
      MessageBuilder::request(Method::kOptions, "sip:a@b").field("X-A", "one\ntwo").build());
  EXPECT_FALSE(MessageBuilder::request(Method::kOptions, "sip:a@b")
                   .field(HeaderId::kFrom, {"<sip:a@b>;tag=", "x\r\n"})
                   .build());
}

TEST(MessageBuilder, ADialTargetThatIsNoUriIsRefused) {
  EXPECT_FALSE(invite_to("sip:bob@biloxi.com SIP/2.0\r\nX-Injected: yes").build());
  EXPECT_FALSE(invite_to("bob").build());
  EXPECT_FALSE(invite_to("sip:bob@biloxi.com?Subject=hi").build());  // headers in a Request-URI
  EXPECT_TRUE(invite_to("sip:bob@biloxi.com").build());
}

TEST(MessageBuilder, OtherControlCharactersOnlyAsQuotedPairs) {
  EXPECT_FALSE(
      MessageBuilder::request(Method::kOptions, "sip:a@b").field("X-A", "bell\x07").build());
  const auto quoted = MessageBuilder::request(Method::kOptions, "sip:a@b")
                          .field("X-A", "\"bell\\\x07\" and a\ttab")
                          .build();
  ASSERT_TRUE(quoted);
  EXPECT_EQ(parse_message(print(*quoted)).value(), *quoted);
}

// Every byte value at every position of a value longer than one eight-byte step: refused
// exactly when it is a control character other than the tab (the fast scan may only say "none"
// when there is none).
TEST(MessageBuilder, EveryByteOfALongValueIsChecked) {
  for (std::size_t at = 1; at < 18; ++at) {
    for (int value = 0; value < 256; ++value) {
      const auto byte = static_cast<unsigned char>(value);
      std::string text(19, 'v');
      text[at] = static_cast<char>(byte);
      const bool control = (byte < 0x20 && byte != '\t') || byte == 0x7F;
      const auto built =
          MessageBuilder::request(Method::kOptions, "sip:a@b").field("X-A", text).build();
      EXPECT_EQ(built.has_value(), !control) << "byte " << value << " at " << at;
    }
  }
}

TEST(MessageBuilder, BlanksAroundAValueAndHandMadeContentLengthAreRefused) {
  EXPECT_FALSE(MessageBuilder::request(Method::kOptions, "sip:a@b").field("X-A", " x").build());
  EXPECT_FALSE(MessageBuilder::request(Method::kOptions, "sip:a@b").field("X-A", "x\t").build());
  EXPECT_FALSE(
      MessageBuilder::request(Method::kOptions, "sip:a@b").field("Content-Length", "0").build());
  EXPECT_FALSE(MessageBuilder::request(Method::kOptions, "sip:a@b").field("X A", "x").build());
  // An empty value is a value ("Supported: " says there is nothing).
  const auto empty =
      MessageBuilder::request(Method::kOptions, "sip:a@b").field(HeaderId::kSupported, "").build();
  ASSERT_TRUE(empty);
  EXPECT_EQ(empty->header(HeaderId::kSupported), "");
}

TEST(MessageBuilder, CoreHeadersAreValidatedAsTheParserWould) {
  EXPECT_FALSE(MessageBuilder::request(Method::kBye, "sip:a@b").cseq(1, Method::kInvite).build());
  EXPECT_FALSE(
      MessageBuilder::request(Method::kBye, "sip:a@b").field(HeaderId::kVia, "nonsense").build());
  EXPECT_FALSE(MessageBuilder::request(Method::kBye, "sip:a@b")
                   .field(HeaderId::kCallId, "a")
                   .field(HeaderId::kCallId, "b")
                   .build());
}

TEST(MessageBuilder, LimitsHoldAsForParsedMessages) {
  MessageBuilder many = MessageBuilder::request(Method::kOptions, "sip:a@b");
  for (int i = 0; i < 5; ++i) {
    many.field("X-N", std::to_string(i));
  }
  Limits limits;
  limits.max_header_fields = 4;
  EXPECT_EQ(MessageBuilder(many).build(limits).error().code, Errc::kTooLarge);
  limits.max_header_fields = 5;
  EXPECT_TRUE(MessageBuilder(many).build(limits));
  limits.max_message_bytes = 40;
  EXPECT_EQ(std::move(many).build(limits).error().code, Errc::kTooLarge);
}

// Fields copied from a parsed request keep their typed values without a second parse: they
// read as a parse of the built text reads, from the built message's own bytes, once the
// request is gone; and they are checked as written ones are (one From, the Via limit).
TEST(MessageBuilder, CopiedFieldsTakeTheirTypedValuesFromTheSource) {
  auto request = std::make_unique<Message>(
      parse_message("INVITE sip:bob@biloxi.com SIP/2.0\r\n"
                    "Via: SIP/2.0/UDP p1.example.com;branch=z9hG4bKp1, SIP/2.0/TCP "
                    "192.0.2.1:5070;branch=z9hG4bKa;received=192.0.2.9;rport=5071\r\n"
                    "v: SIP/2.0/UDP 192.0.2.2;branch=z9hG4bKb\r\n"
                    "To: \"Bob\" <sip:bob@biloxi.com>;tag=t1\r\n"
                    "From: Alice <sip:alice@atlanta.com;user=phone>;tag=1928301774\r\n"
                    "Call-ID: a84b4c76e66710@pc33.atlanta.com\r\n"
                    "CSeq: 314159 INVITE\r\nContent-Length: 0\r\n\r\n")
          .value());
  MessageBuilder builder = MessageBuilder::response(200);
  for (const HeaderField& field : request->headers()) {
    if (field.id != HeaderId::kContentLength) {
      builder.copied_field(*request, field);
    }
  }
  const Message built = builder.build().value();
  request.reset();
  const Message parsed = parse_message(print(built)).value();
  const std::string_view text = *built.canonical_text();
  const auto ours = [text](std::string_view view) {
    return view.data() >= text.data() && view.data() + view.size() <= text.data() + text.size();
  };
  ASSERT_EQ(built.vias().size(), 3U);
  for (std::size_t i = 0; i < 3; ++i) {
    const Via& a = built.vias()[i];
    const Via& b = parsed.vias()[i];
    EXPECT_EQ(a.text, b.text);
    EXPECT_EQ(a.branch, b.branch);
    EXPECT_EQ(a.received, b.received);
    EXPECT_EQ(a.sent_by, b.sent_by);
    EXPECT_EQ(a.rport, b.rport);
    for (const std::string_view view : {a.text, a.transport, a.sent_by.host, a.branch}) {
      EXPECT_TRUE(ours(view)) << view;
    }
  }
  for (const auto& [a, b] : {std::pair{built.from(), parsed.from()}, {built.to(), parsed.to()}}) {
    EXPECT_EQ(a->text, b->text);
    EXPECT_EQ(a->display_name, b->display_name);
    EXPECT_EQ(a->tag, b->tag);
    EXPECT_EQ(a->uri.text, b->uri.text);
    EXPECT_EQ(a->uri.params, b->uri.params);
    for (const std::string_view view : {a->text, a->tag, a->uri.text, a->uri.host.host}) {
      EXPECT_TRUE(ours(view)) << view;
    }
  }
  EXPECT_EQ(built.call_id(), "a84b4c76e66710@pc33.atlanta.com");
  EXPECT_TRUE(ours(built.call_id()));
  EXPECT_EQ(*built.cseq(), *parsed.cseq());
  EXPECT_TRUE(ours(built.cseq()->method_text));
  EXPECT_EQ(built.method(), Method::kInvite);
  EXPECT_EQ(built, parsed);

  const Message& source = parsed;
  const HeaderField& to = *std::ranges::find(source.headers(), HeaderId::kTo, &HeaderField::id);
  MessageBuilder twice = MessageBuilder::response(200);
  twice.copied_field(source, to).copied_field(source, to);
  EXPECT_EQ(std::move(twice).build().error().reason, "duplicate To");
  MessageBuilder vias = MessageBuilder::response(200).copied_field(source, source.headers()[0]);
  Limits limits;
  limits.max_vias = 1;
  EXPECT_EQ(std::move(vias).build(limits).error().code, Errc::kTooLarge);
}

// A copy owns its bytes, keeps the canonical print, and every typed view outlives the source.
TEST(MessageBuilder, ACopyOutlivesItsSource) {
  auto source = std::make_unique<Message>(invite_to("sip:bob@biloxi.com").build().value());
  const Message copy = *source;
  const std::string text = print(*source);
  source.reset();
  EXPECT_EQ(copy.canonical_text(), text);
  EXPECT_EQ(copy.request_uri().user, "bob");
  EXPECT_EQ(copy.vias()[0].branch, "z9hG4bKabc");
  EXPECT_EQ(copy.to()->uri.host.host, "biloxi.com");
  EXPECT_EQ(copy.from()->display_name, "\"Alice\"");
  EXPECT_EQ(copy.call_id(), "c1@atlanta.com");
}

}  // namespace
}  // namespace sipline::sip
