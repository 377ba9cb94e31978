#include "sip/transaction/stateless_response.hpp"

#include <gtest/gtest.h>

#include "sip/message/parser.hpp"
#include "tests/sip/transaction/simulation.hpp"
#include "tests/support/shared_files.hpp"

namespace sipline::sip {
namespace {

TEST(StatelessResponse, CopiesTheTransactionHeadersAndAddsATag) {
  const std::string text = stateless_response(test::request("INVITE"), 503, "Service Unavailable",
                                              "xyz", "Retry-After: 5");
  const auto response = parse_message(text);
  ASSERT_TRUE(response) << text;
  EXPECT_EQ(response->status_code(), 503);
  EXPECT_EQ(response->to()->tag, "xyz");
  EXPECT_EQ(response->vias()[0].branch, "z9hG4bK776asdhds");
  EXPECT_EQ(response->cseq()->method, Method::kInvite);
  EXPECT_EQ(response->header(HeaderId::kRetryAfter), "5");
  EXPECT_FALSE(response->header(HeaderId::kRoute));
}

TEST(StatelessResponse, KeepsAnExistingTag) {
  const Message bye =
      parse_message(
          "BYE sip:a@b SIP/2.0\r\nVia: SIP/2.0/UDP h;branch=z9hG4bK1\r\nTo: <sip:a@b>;tag=t1\r\n"
          "From: <sip:c@d>;tag=f\r\nCall-ID: 1\r\nCSeq: 2 BYE\r\n\r\n")
          .value();
  EXPECT_EQ(parse_message(stateless_response(bye, 481, "Call Does Not Exist", "new"))->to()->tag,
            "t1");
}

// RFC 4475 §3.1.1.1 (wsinv) writes its To tag as "; tag = …": the answer keeps that tag and adds
// none (two tags make a response nobody can parse; Kamailio's CVE-2018-14767).
TEST(StatelessResponse, AToTagWithBlanksAroundItIsStillATag) {
  const std::string bytes =
      sipline::test::read_file(sipline::test::shared_dir() / "corpora" / "rfc4475" / "wsinv.dat");
  const auto request = parse_message(bytes);
  ASSERT_TRUE(request);
  const auto response = parse_message(stateless_response(*request, 503, "Busy", "ours"));
  ASSERT_TRUE(response);
  EXPECT_EQ(response->to()->tag, "1918181833n");
  // The same from raw bytes: whether our tag is added to the To line as written.
  const auto adds_our_tag = [](const std::string& to) {
    const auto raw = stateless_response_to_raw(
        "INVITE sip:a@b SIP/2.0\r\nVia: SIP/2.0/UDP h;branch=z9hG4bK1\r\nTo: " + to +
            "\r\nCSeq: x\r\n\r\n",
        400, "Bad Request", "ours");
    return raw && raw->find("\r\nTo: " + to + ";tag=ours\r\n") != std::string::npos;
  };
  EXPECT_FALSE(adds_our_tag("<sip:a@b> ; TAG = x"));
  EXPECT_FALSE(adds_our_tag("sip:a@b;tag=x"));
  EXPECT_FALSE(adds_our_tag("<sip:a@b>;\ttag\t=x"));
  // A "tag=" inside the URI or a quoted display name is not the To's tag.
  EXPECT_TRUE(adds_our_tag("<sip:a@b;tag=x>"));
  EXPECT_TRUE(adds_our_tag("\"x;tag=y\" <sip:a@b>"));
  EXPECT_TRUE(adds_our_tag("<sip:a@b>;xtag=1"));
}

// Every RFC 4475 request the parser refuses is answered with its status, when it can be.
TEST(StatelessResponse, AnswersTheRefusedTortureRequests) {
  const std::pair<const char*, int> cases[] = {
      {"badinv01.dat", 400},   {"clerr.dat", 400},    {"ncl.dat", 400},     {"scalar02.dat", 400},
      {"quotbal.dat", 400},    {"ltgtruri.dat", 400}, {"lwsruri.dat", 400}, {"lwsstart.dat", 400},
      {"trws.dat", 400},       {"escruri.dat", 400},  {"baddate.dat", 400}, {"regbadct.dat", 400},
      {"badaspec.dat", 400},   {"baddn.dat", 400},    {"badvers.dat", 505}, {"mismatch01.dat", 400},
      {"mismatch02.dat", 400}, {"multi01.dat", 400},  {"mcl01.dat", 400}};
  for (const auto& [file, status] : cases) {
    const std::string bytes =
        sipline::test::read_file(sipline::test::shared_dir() / "corpora" / "rfc4475" / file);
    const auto parsed = parse_message(bytes);
    ASSERT_FALSE(parsed) << file;
    ASSERT_EQ(status_for_parse_error(parsed.error()), status) << file;
    const auto answer =
        stateless_response_to_raw(bytes, status, std::string(parsed.error().reason), "t0");
    ASSERT_TRUE(answer) << file;
    // The transaction headers come back as the peer wrote them, broken or not (badinv01's
    // Via, scalar02's CSeq): the peer matches the response by them.
    EXPECT_TRUE(answer->starts_with("SIP/2.0 " + std::to_string(status) + " ")) << file;
    EXPECT_NE(answer->find("\r\nVia: "), std::string::npos) << file;
    EXPECT_NE(answer->find("\r\nCSeq: "), std::string::npos) << file;
    EXPECT_TRUE(answer->ends_with("\r\nContent-Length: 0\r\n\r\n")) << file;
    EXPECT_EQ(answer->find("\r\n\r\n"), answer->size() - 4) << file;
  }
}

TEST(StatelessResponse, NothingForResponsesOrRequestsWithoutVia) {
  EXPECT_FALSE(
      stateless_response_to_raw("SIP/2.0 200 OK\r\nVia: SIP/2.0/UDP h\r\n\r\n", 400, "x", "t"));
  EXPECT_FALSE(
      stateless_response_to_raw("INVITE sip:a@b SIP/2.0\r\nCSeq: 1 INVITE\r\n\r\n", 400, "x", "t"));
  EXPECT_FALSE(stateless_response_to_raw("garbage", 400, "x", "t"));
  EXPECT_FALSE(stateless_response_to_raw("", 400, "x", "t"));
}

TEST(StatelessResponse, ReasonPhrasesCannotInjectLines) {
  const auto answer = stateless_response_to_raw(
      "INVITE sip:a@b SIP/2.0\r\nVia: SIP/2.0/UDP h;branch=z9hG4bK1\r\n\r\n", 400,
      "bad\r\nX-Injected: yes", "t");
  ASSERT_TRUE(answer);
  EXPECT_EQ(answer->find("\r\nX-Injected"), std::string::npos);
}

}  // namespace
}  // namespace sipline::sip
