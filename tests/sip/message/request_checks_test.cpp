#include "sip/message/request_checks.hpp"

#include <array>
#include <string>

#include <gtest/gtest.h>

#include "sip/message/parser.hpp"
#include "tests/support/shared_files.hpp"

namespace sipline::sip {
namespace {

constexpr std::array kMethods{Method::kInvite,  Method::kAck,   Method::kBye,    Method::kCancel,
                              Method::kOptions, Method::kPrack, Method::kUpdate, Method::kRefer,
                              Method::kNotify,  Method::kInfo,  Method::kMessage};
constexpr std::array<std::string_view, 4> kSupported{"replaces", "timer", "100rel", "norefersub"};
constexpr std::array<std::string_view, 1> kTypes{"application/sdp"};
const UasCapabilities kPhone{kMethods, kSupported, kTypes};

std::optional<Rejection> check_file(const char* file) {
  const std::string bytes = test::read_file(test::shared_dir() / "corpora" / "rfc4475" / file);
  const auto message = parse_message(bytes);
  EXPECT_TRUE(message) << file;
  return message ? check_request(*message, kPhone) : std::nullopt;
}

// RFC 4475's semantic rows and the response INDEX.tsv names for each.
TEST(RequestChecks, Rfc4475SemanticRowsGetTheirResponses) {
  EXPECT_EQ(check_file("insuf.dat")->status, 400);
  EXPECT_EQ(check_file("unkscm.dat")->status, 416);
  EXPECT_EQ(check_file("novelsc.dat")->status, 416);
  const auto bext01 = check_file("bext01.dat");
  ASSERT_TRUE(bext01);
  EXPECT_EQ(bext01->status, 420);
  EXPECT_EQ(bext01->header, HeaderId::kUnsupported);
  EXPECT_EQ(bext01->header_value, "nothingSupportsThis, nothingSupportsThisEither");
  const auto invut = check_file("invut.dat");
  ASSERT_TRUE(invut);
  EXPECT_EQ(invut->status, 415);
  EXPECT_EQ(invut->header, HeaderId::kAccept);
  EXPECT_EQ(invut->header_value, "application/sdp");
  EXPECT_EQ(check_file("sdp01.dat")->status, 406);
  EXPECT_EQ(check_file("intmeth.dat")->status, 501);
  const auto esc02 = check_file("esc02.dat");
  EXPECT_EQ(esc02->status, 501);  // RE%47IST%45R is not REGISTER
  EXPECT_EQ(esc02->header, HeaderId::kAllow);
  // A phone is not a registrar: REGISTER is known but not allowed.
  EXPECT_EQ(check_file("unksm2.dat")->status, 405);
  // The final UAS processes Max-Forwards: 0 normally (RFC 4475 §3.3.11).
  EXPECT_FALSE(check_file("zeromf.dat"));
  EXPECT_FALSE(check_file("wsinv.dat"));
}

Message request(std::string_view method, std::string_view extra,
                std::string_view uri = "sip:bob@biloxi.com") {
  const std::string bytes =
      std::string(method) + " " + std::string(uri) +
      " SIP/2.0\r\n"
      "Via: SIP/2.0/UDP pc33.atlanta.com;branch=z9hG4bKnashds8\r\n"
      "To: <sip:bob@biloxi.com>\r\nFrom: <sip:alice@atlanta.com>;tag=1\r\nCall-ID: c1\r\n"
      "CSeq: 1 " +
      std::string(method) + "\r\n" + std::string(extra) + "\r\n";
  return parse_message(bytes).value();
}

TEST(RequestChecks, RequireIsIgnoredForAckAndCancel) {
  EXPECT_EQ(check_request(request("INVITE", "Require: foo\r\n"), kPhone)->status, 420);
  EXPECT_FALSE(check_request(request("ACK", "Require: foo\r\n"), kPhone));
  EXPECT_FALSE(check_request(request("CANCEL", "Require: foo\r\n"), kPhone));
  EXPECT_FALSE(check_request(request("INVITE", "Require: Timer, replaces\r\n"), kPhone));
}

TEST(RequestChecks, BodiesAndEncodings) {
  EXPECT_FALSE(check_request(
      request("INVITE", "Content-Type: application/SDP\r\nContent-Length: 3\r\n\r\nv=0"), kPhone));
  EXPECT_EQ(check_request(request("INVITE", "Content-Length: 3\r\n\r\nv=0"), kPhone)->status, 415);
  const auto gzip = check_request(request("INVITE", "Content-Encoding: gzip\r\n"), kPhone);
  ASSERT_TRUE(gzip);
  EXPECT_EQ(gzip->status, 415);
  EXPECT_EQ(gzip->header, HeaderId::kAcceptEncoding);
}

TEST(RequestChecks, AcceptRanges) {
  EXPECT_FALSE(check_request(request("INVITE", "Accept: application/*\r\n"), kPhone));
  EXPECT_FALSE(check_request(request("INVITE", "Accept: */*\r\n"), kPhone));
  EXPECT_FALSE(check_request(request("OPTIONS", "Accept:\r\n"), kPhone));
  EXPECT_EQ(check_request(request("OPTIONS", "Accept: text/html\r\n"), kPhone)->status, 406);
}

TEST(RequestChecks, MethodsAndSchemes) {
  const auto subscribe = check_request(request("SUBSCRIBE", ""), kPhone);
  EXPECT_EQ(subscribe->status, 405);
  EXPECT_NE(subscribe->header_value.find("INVITE"), std::string::npos);
  EXPECT_FALSE(check_request(request("INVITE", "", "tel:+1-201-555-0123"), kPhone));
  EXPECT_EQ(check_request(request("INVITE", "", "mailto:bob@biloxi.com"), kPhone)->status, 416);
}

}  // namespace
}  // namespace sipline::sip
