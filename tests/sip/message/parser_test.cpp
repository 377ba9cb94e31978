#include "sip/message/parser.hpp"

#include <string>

#include <gtest/gtest.h>

namespace sipline::sip {
namespace {

constexpr std::string_view kHeaders =
    "Via: SIP/2.0/UDP pc33.atlanta.com;branch=z9hG4bK776asdhds\r\n"
    "Max-Forwards: 70\r\n"
    "To: Bob <sip:bob@biloxi.com>\r\n"
    "From: Alice <sip:alice@atlanta.com>;tag=1928301774\r\n"
    "Call-ID: a84b4c76e66710@pc33.atlanta.com\r\n"
    "CSeq: 314159 INVITE\r\n";

std::string request(std::string_view extra = "",
                    std::string_view tail = "Content-Length: 0\r\n\r\n") {
  return std::string("INVITE sip:bob@biloxi.com SIP/2.0\r\n") + std::string(kHeaders) +
         std::string(extra) + std::string(tail);
}

Error error_of(std::string_view bytes, const ParseOptions& options = {}) {
  const auto message = parse_message(bytes, options);
  EXPECT_FALSE(message) << bytes;
  return message ? Error{} : message.error();
}

TEST(Parser, ParsesAPlainInvite) {
  const auto m = parse_message(request());
  ASSERT_TRUE(m) << fmt::format("{}", m.error());
  EXPECT_TRUE(m->is_request());
  EXPECT_EQ(m->method(), Method::kInvite);
  EXPECT_EQ(m->request_uri().text, "sip:bob@biloxi.com");
  EXPECT_EQ(m->headers().size(), 6U);
  EXPECT_EQ(m->call_id(), "a84b4c76e66710@pc33.atlanta.com");
}

TEST(Parser, ParsesAResponseAndTakesTheMethodFromCSeq) {
  const std::string bytes = "SIP/2.0 180 Ringing\r\n" + std::string(kHeaders) + "\r\n";
  const auto m = parse_message(bytes);
  ASSERT_TRUE(m);
  EXPECT_TRUE(m->is_response());
  EXPECT_EQ(m->status_code(), 180);
  EXPECT_EQ(m->reason_phrase(), "Ringing");
  EXPECT_EQ(m->method(), Method::kInvite);
}

TEST(Parser, FramingOfDatagramsAndStreams) {
  const std::string body = "v=0\r\n";
  const auto with_length = parse_message(request("", "Content-Length: 5\r\n\r\n" + body + "junk"));
  ASSERT_TRUE(with_length);
  EXPECT_EQ(with_length->body(), body);  // RFC 3261 §18.3: trailing octets discarded
  const auto without_length = parse_message(request("", "\r\n" + body));
  ASSERT_TRUE(without_length);
  EXPECT_EQ(without_length->body(), body);  // the datagram's end ends the body
  ParseOptions stream;
  stream.stream = true;
  EXPECT_EQ(error_of(request("", "\r\n" + body), stream).reason,
            "Content-Length required on a stream");
}

TEST(Parser, ContentLengthFaults) {
  EXPECT_EQ(error_of(request("", "Content-Length: 9999\r\n\r\nshort")).code, Errc::kTruncated);
  EXPECT_EQ(error_of(request("", "Content-Length: -1\r\n\r\n")).reason, "bad Content-Length");
  EXPECT_EQ(error_of(request("", "Content-Length: five\r\n\r\n")).reason, "bad Content-Length");
  EXPECT_EQ(error_of(request("", "Content-Length: 123456789012345678901\r\n\r\n")).code,
            Errc::kOverflow);
  EXPECT_EQ(error_of(request("Content-Length: 13\r\n", "Content-Length: 5\r\n\r\n12345")).reason,
            "duplicate Content-Length");
  EXPECT_EQ(error_of(request("l: 0\r\n", "Content-Length: 0\r\n\r\n")).reason,
            "duplicate Content-Length");
}

TEST(Parser, TruncatedAndEmptyInputs) {
  for (const std::string_view bytes :
       {std::string_view(""), std::string_view("I"), std::string_view("\r\n"),
        std::string_view("\r\n\r\n"), std::string_view("INVI"),
        std::string_view("INVITE sip:a@b SIP/2.0"), std::string_view("INVITE sip:a@b SIP/2.0\r\n"),
        std::string_view("INVITE sip:a@b SIP/2.0\r\nTo: sip:a@b\r\n"),
        std::string_view("SIP/2.0 200 OK\r"), std::string_view("\0\0\0", 3)}) {
    EXPECT_FALSE(parse_message(bytes)) << bytes;
  }
}

TEST(Parser, BareLineEndsAreRefused) {
  std::string lf = request();
  for (std::size_t i = 0; (i = lf.find("\r\n", i)) != std::string::npos;) {
    lf.erase(i, 1);
  }
  EXPECT_FALSE(parse_message(lf));
  std::string bare_cr = request("X-A: b\rc\r\n");
  EXPECT_EQ(error_of(bare_cr).reason, "CR without LF");
  EXPECT_FALSE(parse_message(request("X-A: b\nc\r\n")));
}

TEST(Parser, NulAndControlCharacters) {
  EXPECT_FALSE(parse_message(std::string("INV\0TE sip:a@b SIP/2.0\r\n\r\n", 26)));
  EXPECT_FALSE(parse_message(request(std::string("X-A\0: b\r\n", 9))));
  EXPECT_EQ(error_of(request(std::string("X-A: b\0c\r\n", 10))).reason,
            "control character in a header value");
  // A quoted-pair may escape a NUL inside a quoted string.
  EXPECT_TRUE(parse_message(request(std::string("X-A: \"b\\\0c\"\r\n", 13))));
  // RFC 3261 §7.3.1 and VuXML c0b13887: "To\x01:" is not To.
  EXPECT_EQ(error_of(request("To\x01: sip:x@y\r\n")).reason, "bad header name");
}

TEST(Parser, ControlCharactersAreFoundAtEveryPositionOfLongValues) {
  const std::string plain = "x" + std::string(40, 'a') + "\xD0\x9F\xD1\x80";  // UTF-8 passes
  EXPECT_TRUE(parse_message(request("X-Long: " + plain + "\r\n")));
  for (std::size_t at = 0; at < 40; ++at) {
    for (const char bad : {'\0', '\x01', '\x1F', '\x7F'}) {
      std::string value = plain;
      value[at + 1] = bad;
      const auto m = parse_message(request("X-Long: " + value + "\r\n"));
      ASSERT_FALSE(m) << at << " " << int(bad);
      EXPECT_EQ(m.error().reason, "control character in a header value");
    }
    std::string tabbed = plain;
    tabbed[at + 1] = '\t';
    EXPECT_TRUE(parse_message(request("X-Long: " + tabbed + "\r\n"))) << at;
  }
}

TEST(Parser, StartLineFaults) {
  EXPECT_EQ(status_for_parse_error(error_of("INVITE sip:a@b SIP/7.0\r\n\r\n")), 505);
  EXPECT_EQ(status_for_parse_error(error_of("SIP/3.0 200 OK\r\n\r\n")), 505);
  EXPECT_EQ(error_of("INVITE sip:a@b HTTP/1.1\r\n\r\n").reason, "bad SIP version");
  EXPECT_EQ(error_of("INVITE  sip:a@b SIP/2.0\r\n\r\n").code, Errc::kMalformed);
  EXPECT_EQ(error_of("INVITE sip:a@b SIP/2.0 \r\n\r\n").code, Errc::kMalformed);
  EXPECT_EQ(error_of("INVITE <sip:a@b> SIP/2.0\r\n\r\n").code, Errc::kMalformed);
  EXPECT_EQ(error_of("INVITE sip:a@b?Route=x SIP/2.0\r\n\r\n").reason,
            "headers in the Request-URI");
  EXPECT_EQ(error_of("INVITE sip:a@b\r\n\r\n").code, Errc::kMalformed);
  const std::string long_uri = "INVITE sip:" + std::string(5000, 'a') + "@b SIP/2.0\r\n\r\n";
  EXPECT_EQ(status_for_parse_error(error_of(long_uri)), 414);
}

TEST(Parser, StatusCodesAreThreeDigitsOneToSix) {
  for (const char* bad :
       {"SIP/2.0 4294967301 Huge\r\n\r\n", "SIP/2.0 099 Low\r\n\r\n", "SIP/2.0 700 High\r\n\r\n",
        "SIP/2.0 20 Short\r\n\r\n", "SIP/2.0 2000 Long\r\n\r\n", "SIP/2.0 -20 Neg\r\n\r\n",
        "SIP/2.0\r\n\r\n", "SIP/2.0 200OK\r\n\r\n"}) {
    EXPECT_FALSE(parse_message(bad)) << bad;
  }
  EXPECT_EQ(parse_message("SIP/2.0 699 Odd\r\n\r\n")->status_code(), 699);
  EXPECT_EQ(parse_message("SIP/2.0 200\r\n\r\n")->reason_phrase(), "");
}

TEST(Parser, FoldedHeadersAreUnfoldedInPlace) {
  const auto m = parse_message(request("Subject: first\r\n  second\r\n\tthird\r\n"));
  ASSERT_TRUE(m);
  EXPECT_EQ(m->header(HeaderId::kSubject), "first    second  \tthird");
  EXPECT_FALSE(parse_message("INVITE sip:a@b SIP/2.0\r\n continuation\r\n\r\n"));
}

TEST(Parser, LimitsAreErrorsNotCrashes) {
  ParseOptions small;
  small.limits.max_message_bytes = 100;
  EXPECT_EQ(status_for_parse_error(error_of(request(), small)), 513);

  std::string many;
  for (int i = 0; i < 300; ++i) {
    many += "X-H: " + std::to_string(i) + "\r\n";
  }
  EXPECT_EQ(error_of(request(many)).reason, "too many header fields");

  const std::string long_line = "X-Long: " + std::string(256 * 1024, 'a') + "\r\n";
  ParseOptions big;
  big.limits.max_message_bytes = 1 << 20;
  EXPECT_EQ(error_of(request(long_line), big).reason, "header field too long");

  std::string vias = "Via: ";
  for (int i = 0; i < 1000; ++i) {
    vias += (i > 0 ? ", " : "") + std::string("SIP/2.0/UDP h;branch=z9hG4bK") + std::to_string(i);
  }
  big.limits.max_field_bytes = 1 << 20;
  EXPECT_EQ(error_of(request(vias + "\r\n"), big).reason, "too many Via entries");
}

TEST(Parser, TenThousandHeadersAreRefusedQuickly) {
  std::string many;
  for (int i = 0; i < 10000; ++i) {
    many += "a: b\r\n";
  }
  EXPECT_EQ(error_of(request(many)).code, Errc::kTooLarge);
}

TEST(Parser, LeadingCrlfsAreIgnored) { EXPECT_TRUE(parse_message("\r\n\r\n" + request())); }

TEST(Parser, ErrorOffsetsPointAtTheFault) {
  const std::string bytes = request("Expires: 60\r\nVia: SIP/2.0/UDP host:99999\r\n");
  const Error error = error_of(bytes);
  EXPECT_EQ(error.reason, "bad port");
  EXPECT_EQ(bytes.substr(error.offset, 5), "99999");
}

}  // namespace
}  // namespace sipline::sip
