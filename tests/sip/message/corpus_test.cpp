// The RFC 4475 and RFC 5118 torture messages, each sent as one datagram: every verdict of
// INDEX.tsv, the details the RFCs point at, and the round trip of every accepted message.
#include <map>
#include <string>

#include <gtest/gtest.h>

#include "sip/message/escape.hpp"
#include "sip/message/parser.hpp"
#include "sip/message/printer.hpp"
#include "tests/support/shared_files.hpp"

namespace sipline::sip {
namespace {

// Our verdict per file. 0: accepted by the parser (semantic rows are then judged by the UA);
// otherwise the status a UAS answers the rejected request with (-1: a response, dropped).
const std::map<std::string, int>& expected_verdicts() {
  static const std::map<std::string, int> kVerdicts{
      // RFC 4475 §3.1.1: valid
      {"wsinv.dat", 0},
      {"intmeth.dat", 0},
      {"esc01.dat", 0},
      {"escnull.dat", 0},
      {"esc02.dat", 0},
      {"lwsdisp.dat", 0},
      {"longreq.dat", 0},
      {"dblreq.dat", 0},
      {"semiuri.dat", 0},
      {"transports.dat", 0},
      {"mpart01.dat", 0},
      {"unreason.dat", 0},
      {"noreason.dat", 0},
      {"inv2543.dat", 0},
      // §3.1.2: invalid
      {"badinv01.dat", 400},
      {"clerr.dat", 400},
      {"ncl.dat", 400},
      {"scalar02.dat", 400},
      {"scalarlg.dat", -1},
      {"quotbal.dat", 400},
      {"ltgtruri.dat", 400},
      {"lwsruri.dat", 400},
      {"lwsstart.dat", 400},
      {"trws.dat", 400},
      {"escruri.dat", 400},
      {"baddate.dat", 400},
      {"regbadct.dat", 400},
      {"badaspec.dat", 400},
      {"baddn.dat", 400},
      {"badvers.dat", 505},
      {"mismatch01.dat", 400},
      {"mismatch02.dat", 400},
      {"bigcode.dat", -1},
      // §3.2, §3.3: transaction and semantic rows. The parser accepts what is well formed;
      // two rows are ambiguous at the syntax level and rejected here with the RFC's 400.
      {"badbranch.dat", 0},
      {"insuf.dat", 0},
      {"unkscm.dat", 0},
      {"novelsc.dat", 0},
      {"unksm2.dat", 0},
      {"bext01.dat", 0},
      {"invut.dat", 0},
      {"regaut01.dat", 0},
      {"multi01.dat", 400},
      {"mcl01.dat", 400},
      {"bcast.dat", 0},
      {"zeromf.dat", 0},
      {"cparam01.dat", 0},
      {"cparam02.dat", 0},
      {"regescrt.dat", 0},
      {"sdp01.dat", 0},
      // RFC 5118
      {"ipv6-good.dat", 0},
      {"ipv6-bad.dat", 400},
      {"port-ambiguous.dat", 0},
      {"port-unambiguous.dat", 0},
      {"via-received-param-with-delim.dat", 0},
      {"via-received-param-no-delim.dat", 0},
      {"ipv6-in-sdp.dat", 0},
      {"mult-ip-in-header.dat", 0},
      {"mult-ip-in-sdp.dat", 0},
      {"ipv4-mapped-ipv6.dat", 0},
      {"ipv6-bug-abnf-3-colons.dat", 400},  // "accept or reject": the extra colon is refused
      {"ipv6-correct-abnf-2-colons.dat", 0},
  };
  return kVerdicts;
}

Result<Message> parse_corpus(const std::string& corpus, const std::string& file) {
  static std::map<std::string, std::string> cache;
  std::string& bytes = cache[corpus + "/" + file];
  if (bytes.empty()) {
    bytes = test::read_file(test::shared_dir() / "corpora" / corpus / file);
  }
  return parse_message(bytes);
}

Message accepted(const std::string& corpus, const std::string& file) {
  auto message = parse_corpus(corpus, file);
  EXPECT_TRUE(message) << file << ": " << fmt::format("{}", message.error());
  return message ? std::move(*message) : Message{};
}

void check_index(const std::string& corpus, std::size_t expected_rows) {
  const auto rows = test::read_tsv(test::shared_dir() / "corpora" / corpus / "INDEX.tsv");
  ASSERT_EQ(rows.size(), expected_rows);
  for (const auto& row : rows) {
    ASSERT_GE(row.size(), 4U);
    const std::string& file = row[0];
    const std::string& verdict = row[3];
    const auto expected = expected_verdicts().find(file);
    ASSERT_NE(expected, expected_verdicts().end()) << file << " has no verdict here";
    // Our table must agree with the RFC where the RFC is firm.
    if (verdict == "valid" || verdict.starts_with("valid ") || verdict == "accept (robustness)") {
      EXPECT_EQ(expected->second, 0) << file;
    } else if (verdict == "invalid") {
      EXPECT_NE(expected->second, 0) << file;
    }
    const auto message = parse_corpus(corpus, file);
    if (expected->second == 0) {
      EXPECT_TRUE(message) << file << " (" << verdict
                           << ") rejected: " << fmt::format("{}", message.error());
      continue;
    }
    ASSERT_FALSE(message) << file << " (" << verdict << ") accepted";
    EXPECT_FALSE(message.error().reason.empty()) << file;
    if (expected->second > 0) {
      EXPECT_EQ(status_for_parse_error(message.error()), expected->second)
          << file << ": " << fmt::format("{}", message.error());
    }
  }
}

TEST(Rfc4475, EveryVerdictOfTheIndexHolds) { check_index("rfc4475", 49); }
TEST(Rfc5118, EveryVerdictOfTheIndexHolds) { check_index("rfc5118", 12); }

TEST(Rfc4475, EveryAcceptedMessageRoundTrips) {
  for (const auto& [file, verdict] : expected_verdicts()) {
    if (verdict != 0) {
      continue;
    }
    const std::string corpus = file.find("ipv") != std::string::npos ||
                                       file.find("port-") != std::string::npos ||
                                       file.find("mult-ip") != std::string::npos ||
                                       file.find("via-received") != std::string::npos
                                   ? "rfc5118"
                                   : "rfc4475";
    const Message message = accepted(corpus, file);
    const std::string printed = print(message);
    const auto reparsed = parse_message(printed);
    ASSERT_TRUE(reparsed) << file << ": " << fmt::format("{}", reparsed.error()) << "\n" << printed;
    EXPECT_EQ(*reparsed, message) << file;
    EXPECT_EQ(print(*reparsed), printed) << file;
  }
}

TEST(Rfc4475, WsinvReadsThroughFoldingAndWhiteSpace) {
  const Message m = accepted("rfc4475", "wsinv.dat");
  EXPECT_EQ(m.method(), Method::kInvite);
  EXPECT_EQ(m.request_uri().text, "sip:vivekg@chair-dnrc.example.com;unknownparam");
  ASSERT_NE(m.to(), nullptr);
  EXPECT_EQ(m.to()->uri.text, "sip:vivekg@chair-dnrc.example.com");
  EXPECT_EQ(m.to()->tag, "1918181833n");
  ASSERT_NE(m.from(), nullptr);
  EXPECT_EQ(m.from()->display_name_decoded(), "J Rosenberg \\\"");
  EXPECT_EQ(m.from()->tag, "98asjd8");
  EXPECT_EQ(m.max_forwards(), 68);
  EXPECT_EQ(m.cseq()->number, 9U);
  EXPECT_EQ(m.cseq()->method, Method::kInvite);
  ASSERT_EQ(m.vias().size(), 3U);
  EXPECT_EQ(m.vias()[0].transport, "UDP");
  EXPECT_EQ(m.vias()[0].sent_by.host, "192.0.2.2");
  EXPECT_EQ(m.vias()[0].branch, "390skdjuw");
  EXPECT_EQ(m.vias()[1].transport, "TCP");
  EXPECT_EQ(m.vias()[1].sent_by.host, "spindle.example.com");
  EXPECT_EQ(m.vias()[1].branch, "z9hG4bK9ikj8");
  EXPECT_EQ(m.vias()[2].branch, "z9hG4bK30239");
  EXPECT_EQ(m.header("Subject"), "");
  EXPECT_EQ(m.header("NewFangledHeader"), "newfangled value   continued newfangled value");
  EXPECT_EQ(m.header("UnknownHeaderWithUnusualValue"), ";;,,;;,;");
  ASSERT_EQ(m.contacts().size(), 1U);
  EXPECT_EQ(m.contacts()[0].display_name_decoded(), "Quoted string \"\"");
  EXPECT_EQ(m.contacts()[0].params.find("newparam"), "newvalue");
  EXPECT_TRUE(m.contacts()[0].params.contains("secondparam"));
  EXPECT_EQ(m.contacts()[0].params.find("q"), "0.33");
  EXPECT_EQ(m.body().size(), 150U);
}

TEST(Rfc4475, IntmethKeepsEveryTokenCharacter) {
  const Message m = accepted("rfc4475", "intmeth.dat");
  EXPECT_EQ(m.method(), Method::kUnknown);
  EXPECT_EQ(m.method_text(), "!interesting-Method0123456789_*+`.%indeed'~");
  EXPECT_EQ(m.request_uri().user, "1_unusual.URI~(to-be!sure)&isn't+it$/crazy?,/;;*");
  EXPECT_EQ(m.request_uri().password, "&it+has=1,weird!*pas$wo~d_too.(doesn't-it)");
  EXPECT_EQ(m.call_id(), "intmeth.word%ZK-!.*_+'@word`~)(><:\\/\"][?}{");
  EXPECT_EQ(m.to()->display_name_decoded(), std::string("BEL:\x07 NUL:\0 DEL:\x7F", 17));
  EXPECT_EQ(m.from()->display_name, "token1~` token2'+_ token3*%!.-");
  EXPECT_EQ(m.from()->tag, "_token~1'+`*%!-.");
}

TEST(Rfc4475, Esc01DecodesOnceAndComparesDecoded) {
  const Message m = accepted("rfc4475", "esc01.dat");
  EXPECT_EQ(m.request_uri().user_decoded(), "sips:user@example.com");
  EXPECT_EQ(m.to()->uri.user_decoded(), "user");
  EXPECT_EQ(m.from()->uri.user_decoded(), "I have spaces");
  const Uri& contact = m.contacts()[0].uri;
  EXPECT_EQ(contact.user_decoded(), "caller");
  EXPECT_TRUE(contact.params.contains("%6C%72"));
  // "value%25%41" decodes to "value%41", never to "valueA".
  EXPECT_EQ(unescape(*contact.params.find("n%61me")), "value%41");
  // Compared decoded: %6C%72 is the parameter lr, and the value is "value%41".
  const auto plain = parse_uri("sip:caller@host5.example.net;lr;name=value%2541");
  EXPECT_TRUE(uri_equivalent(contact, *plain));
  const auto decoded_twice = parse_uri("sip:caller@host5.example.net;lr;name=valueA");
  EXPECT_FALSE(uri_equivalent(contact, *decoded_twice));
}

TEST(Rfc4475, EscnullKeepsNulsAndTwoBindings) {
  const Message m = accepted("rfc4475", "escnull.dat");
  EXPECT_EQ(m.to()->uri.user_decoded(), std::string("null-\0-null", 11));
  ASSERT_EQ(m.contacts().size(), 2U);
  EXPECT_EQ(m.contacts()[0].uri.user_decoded(), std::string(1, '\0'));
  EXPECT_EQ(m.contacts()[1].uri.user_decoded(), std::string(2, '\0'));
  EXPECT_FALSE(uri_equivalent(m.contacts()[0].uri, m.contacts()[1].uri));
}

TEST(Rfc4475, Esc02PercentIsNotAnEscapeInMethodsDisplayNamesOrHeaderNames) {
  const Message m = accepted("rfc4475", "esc02.dat");
  EXPECT_EQ(m.method(), Method::kUnknown);
  EXPECT_EQ(m.method_text(), "RE%47IST%45R");
  EXPECT_EQ(m.from()->display_name_decoded(), "%Z%45");
  EXPECT_EQ(m.contacts().size(), 2U);
  EXPECT_TRUE(m.header("C%6Fntact").has_value());
}

TEST(Rfc4475, LwsdispAcceptsADisplayNameTouchingTheBracket) {
  const Message m = accepted("rfc4475", "lwsdisp.dat");
  EXPECT_EQ(m.from()->display_name, "caller");
  EXPECT_EQ(m.from()->uri.text, "sip:caller@example.com");
}

TEST(Rfc4475, DblreqDiscardsTheTrailingOctets) {
  const Message m = accepted("rfc4475", "dblreq.dat");
  EXPECT_EQ(m.method(), Method::kRegister);
  EXPECT_TRUE(m.body().empty());
}

TEST(Rfc4475, SemiuriKeepsTheSemicolonInTheUserPart) {
  const Message m = accepted("rfc4475", "semiuri.dat");
  EXPECT_EQ(m.request_uri().user_decoded(), "user;par=u@example.net");
  EXPECT_TRUE(m.request_uri().params.empty());
}

TEST(Rfc4475, TransportsKeepsUnknownTransports) {
  const Message m = accepted("rfc4475", "transports.dat");
  ASSERT_EQ(m.vias().size(), 5U);
  EXPECT_EQ(m.vias()[0].transport, "UDP");
  EXPECT_EQ(m.vias()[1].transport, "SCTP");
  EXPECT_EQ(m.vias()[2].transport, "TLS");
  EXPECT_EQ(m.vias()[3].transport, "UNKNOWN");
  EXPECT_EQ(m.vias()[4].transport, "TCP");
}

TEST(Rfc4475, Mpart01FramesTheBinaryBodyByContentLength) {
  const Message m = accepted("rfc4475", "mpart01.dat");
  EXPECT_EQ(m.body().size(), 553U);
  EXPECT_NE(m.body().find('\0'), std::string_view::npos);
  EXPECT_TRUE(m.content_type()->is("multipart", "mixed"));
}

TEST(Rfc4475, UnusualAndEmptyReasonPhrases) {
  const Message unreason = accepted("rfc4475", "unreason.dat");
  EXPECT_EQ(unreason.status_code(), 200);
  EXPECT_GT(unreason.reason_phrase().size(), 20U);
  const Message noreason = accepted("rfc4475", "noreason.dat");
  EXPECT_EQ(noreason.status_code(), 100);
  EXPECT_EQ(noreason.reason_phrase(), "");
}

TEST(Rfc4475, Inv2543RunsTheBodyToTheEndOfTheDatagram) {
  const Message m = accepted("rfc4475", "inv2543.dat");
  EXPECT_FALSE(m.max_forwards().has_value());
  EXPECT_TRUE(m.from()->tag.empty());
  EXPECT_FALSE(m.vias()[0].has_magic_cookie());
  EXPECT_TRUE(m.body().starts_with("v=0"));
  EXPECT_TRUE(m.body().ends_with("\r\n"));
}

TEST(Rfc4475, SemanticRowsCarryWhatTheUserAgentNeeds) {
  EXPECT_FALSE(accepted("rfc4475", "badbranch.dat").vias()[0].has_magic_cookie());
  const Message insuf = accepted("rfc4475", "insuf.dat");
  EXPECT_EQ(insuf.to(), nullptr);
  EXPECT_EQ(insuf.from(), nullptr);
  EXPECT_TRUE(insuf.call_id().empty());
  EXPECT_EQ(accepted("rfc4475", "unkscm.dat").request_uri().scheme, Scheme::kOther);
  EXPECT_EQ(accepted("rfc4475", "novelsc.dat").request_uri().scheme_name, "soap.beep");
  const Message unksm2 = accepted("rfc4475", "unksm2.dat");
  EXPECT_EQ(unksm2.to()->uri.scheme, Scheme::kOther);
  EXPECT_EQ(unksm2.from()->uri.scheme_name, "http");
  EXPECT_EQ(accepted("rfc4475", "bext01.dat").header(HeaderId::kRequire).has_value(), true);
  EXPECT_FALSE(accepted("rfc4475", "invut.dat").content_type()->is("application", "sdp"));
  EXPECT_TRUE(accepted("rfc4475", "regaut01.dat").header(HeaderId::kAuthorization));
  EXPECT_EQ(accepted("rfc4475", "bcast.dat").vias()[1].sent_by.host, "255.255.255.255");
  EXPECT_EQ(accepted("rfc4475", "zeromf.dat").max_forwards(), 0);
  EXPECT_EQ(accepted("rfc4475", "sdp01.dat").header(HeaderId::kAccept), "text/nobodyKnowsThis");
}

TEST(Rfc4475, ContactParametersBelongToTheHeaderOrToTheUri) {
  const Message cparam01 = accepted("rfc4475", "cparam01.dat");
  EXPECT_TRUE(cparam01.contacts()[0].params.contains("unknownparam"));
  EXPECT_FALSE(cparam01.contacts()[0].uri.params.contains("unknownparam"));
  const Message cparam02 = accepted("rfc4475", "cparam02.dat");
  EXPECT_FALSE(cparam02.contacts()[0].params.contains("unknownparam"));
  EXPECT_TRUE(cparam02.contacts()[0].uri.params.contains("unknownparam"));
}

TEST(Rfc4475, RegescrtKeepsTheEscapedRouteInsideTheContactUri) {
  const Message m = accepted("rfc4475", "regescrt.dat");
  ASSERT_EQ(m.contacts().size(), 1U);
  EXPECT_EQ(m.contacts()[0].uri.headers, "Route=%3Csip:sip.example.com%3E");
  EXPECT_EQ(m.count(HeaderId::kRoute), 0U);
}

TEST(Rfc5118, Ipv6ReferencesAndPorts) {
  const Message good = accepted("rfc5118", "ipv6-good.dat");
  EXPECT_EQ(good.request_uri().host.host, "[2001:db8::10]");
  EXPECT_EQ(good.request_uri().host.address(), "2001:db8::10");
  EXPECT_EQ(good.request_uri().host.kind, HostKind::kIpv6);
  const Message ambiguous = accepted("rfc5118", "port-ambiguous.dat");
  EXPECT_EQ(ambiguous.request_uri().host.address(), "2001:db8::10:5070");
  EXPECT_EQ(ambiguous.request_uri().host.port, 0);
  const Message unambiguous = accepted("rfc5118", "port-unambiguous.dat");
  EXPECT_EQ(unambiguous.request_uri().host.address(), "2001:db8::10");
  EXPECT_EQ(unambiguous.request_uri().host.port, 5070);
  const Message with_delim = accepted("rfc5118", "via-received-param-with-delim.dat");
  EXPECT_EQ(with_delim.vias()[0].received, "[2001:db8::9:255]");
  const Message no_delim = accepted("rfc5118", "via-received-param-no-delim.dat");
  EXPECT_EQ(no_delim.vias()[0].received, "2001:db8::9:255");
  const Message mixed = accepted("rfc5118", "mult-ip-in-header.dat");
  ASSERT_EQ(mixed.vias().size(), 3U);
  EXPECT_EQ(mixed.vias()[0].sent_by.port, 6050);
  const Message mapped = accepted("rfc5118", "ipv4-mapped-ipv6.dat");
  EXPECT_EQ(mapped.vias()[0].sent_by.address(), "::ffff:192.0.2.10");
  EXPECT_EQ(mapped.vias()[0].sent_by.port, 19823);
}

TEST(Rfc5118, TheArchivedContentLengthFaultIsRejectedLikeClerr) {
  // archive/ipv6-in-sdp with CRLF line ends declares 268 bytes for a 251-byte body.
  std::string archived =
      test::read_file(test::shared_dir() / "corpora" / "rfc5118" / "archive" / "ipv6-in-sdp");
  std::string crlf;
  for (const char c : archived) {
    if (c == '\n') {
      crlf += "\r\n";
    } else {
      crlf += c;
    }
  }
  const auto message = parse_message(crlf);
  ASSERT_FALSE(message);
  EXPECT_EQ(message.error().code, Errc::kTruncated);
  EXPECT_EQ(status_for_parse_error(message.error()), 400);
}

}  // namespace
}  // namespace sipline::sip
