// The incoming-call rules as pure functions (app/core/incoming_policy.hpp): MicroSIP's deny
// rules, the auto-answer requests phones and PBXs put in an INVITE, number patterns, and the
// Diversion / History-Info of a forwarded call.
#include "app/core/incoming_policy.hpp"

#include <gtest/gtest.h>

namespace sipline::app {
namespace {

using namespace std::chrono_literals;
using Headers = std::vector<sip::ua::CallHeader>;

TEST(DenyIncoming, EachRuleRefusesWhatItNames) {
  const CallParties ours{.to_user = "bob",
                         .to_host = "pbx.example.com",
                         .from_host = "PBX.example.com",
                         .our_user = "bob",
                         .our_domain = "pbx.example.com"};
  CallParties other_user = ours;
  other_user.to_user = "Bob";  // users compare exactly (RFC 3261 §19.1.4)
  CallParties other_domain = ours;
  other_domain.to_host = "203.0.113.9";
  CallParties stranger = ours;
  stranger.from_host = "evil.example.net";
  for (const DenyIncoming rule : {DenyIncoming::kNone, DenyIncoming::kUser, DenyIncoming::kDomain,
                                  DenyIncoming::kUserDomain, DenyIncoming::kRemoteDomain}) {
    EXPECT_FALSE(deny_reason(rule, ours)) << static_cast<int>(rule);
  }
  EXPECT_EQ(deny_reason(DenyIncoming::kAll, ours), "incoming calls are refused (denyIncoming=all)");
  EXPECT_EQ(deny_reason(DenyIncoming::kUser, other_user), "the call is for another user");
  EXPECT_FALSE(deny_reason(DenyIncoming::kUser, other_domain));
  EXPECT_EQ(deny_reason(DenyIncoming::kDomain, other_domain), "the call is for another domain");
  EXPECT_FALSE(deny_reason(DenyIncoming::kDomain, other_user));
  EXPECT_EQ(deny_reason(DenyIncoming::kUserDomain, other_user), "the call is for another user");
  EXPECT_EQ(deny_reason(DenyIncoming::kUserDomain, other_domain), "the call is for another domain");
  EXPECT_EQ(deny_reason(DenyIncoming::kRemoteDomain, stranger),
            "the caller is from another domain");
  EXPECT_FALSE(deny_reason(DenyIncoming::kDomain, stranger));
  CallParties by_ip = ours;  // no account: no domain is ours
  by_ip.our_domain = "";
  EXPECT_TRUE(deny_reason(DenyIncoming::kRemoteDomain, by_ip));
  EXPECT_TRUE(deny_reason(DenyIncoming::kDomain, by_ip));
  EXPECT_FALSE(deny_reason(DenyIncoming::kUser, by_ip));
}

TEST(RequestedAutoAnswer, TheHeadersPhonesAndPbxsUse) {
  EXPECT_FALSE(requested_auto_answer({}));
  EXPECT_EQ(requested_auto_answer(Headers{{"X-AUTOANSWER", "true"}}), 0s);
  EXPECT_EQ(requested_auto_answer(Headers{{"x-autoanswer", " 1"}}), 0s);
  EXPECT_FALSE(requested_auto_answer(Headers{{"X-AUTOANSWER", "false"}}));
  EXPECT_FALSE(requested_auto_answer(Headers{{"X-AUTOANSWER", "0"}}));
  EXPECT_EQ(requested_auto_answer(Headers{{"Call-Info", "<sip:pbx>;answer-after=0"}}), 0s);
  EXPECT_EQ(requested_auto_answer(Headers{{"Call-Info", "<sip:pbx> ;Answer-After=7"}}), 7s);
  EXPECT_FALSE(requested_auto_answer(Headers{{"Call-Info", "<http://x/photo.jpg>;purpose=icon"}}));
  EXPECT_FALSE(requested_auto_answer(Headers{{"Call-Info", "<sip:pbx>;answer-after="}}));
  EXPECT_EQ(requested_auto_answer(Headers{{"Alert-Info", "<http://x>;info=alert-autoanswer"}}), 0s);
  EXPECT_EQ(requested_auto_answer(Headers{{"Alert-Info", "Auto Answer"}}), 0s);
  EXPECT_EQ(requested_auto_answer(Headers{{"Alert-Info", "<sip:x>;answer-after=2"}}), 2s);
  EXPECT_FALSE(requested_auto_answer(Headers{{"Alert-Info", "<http://x/ring.wav>"}}));
  // Capped at an hour, however many digits.
  EXPECT_EQ(requested_auto_answer(Headers{{"Call-Info", "<sip:x>;answer-after=99999999999"}}), 1h);
  EXPECT_EQ(requested_auto_answer(Headers{{"Call-Info", "<sip:x>;answer-after=7200"}}), 1h);
  EXPECT_EQ(requested_auto_answer(Headers{{"Call-Info", "<sip:x>;answer-after=1800"}}), 30min);
  // Not read from a header that does not carry it.
  EXPECT_FALSE(requested_auto_answer(Headers{{"Subject", "answer-after=0 X-AUTOANSWER: true"}}));
}

TEST(NumberPatterns, SplitOnSemicolonOrBarAndMatchWithWildcards) {
  EXPECT_EQ(split_number_patterns(" 100 ;10?|2*;; |"),
            (std::vector<std::string>{"100", "10?", "2*"}));
  EXPECT_TRUE(split_number_patterns("").empty());
  std::string many;
  for (int i = 0; i < 100; ++i) {
    many += "1;";
  }
  EXPECT_EQ(split_number_patterns(many).size(), kMaxNumberPatterns);
  const auto patterns = split_number_patterns("100;10?;2*9;*front*");
  EXPECT_TRUE(number_matches("100", patterns));
  EXPECT_TRUE(number_matches("105", patterns));
  EXPECT_FALSE(number_matches("1050", patterns));
  EXPECT_TRUE(number_matches("29", patterns));
  EXPECT_TRUE(number_matches("2000009", patterns));
  EXPECT_FALSE(number_matches("2000008", patterns));
  EXPECT_TRUE(number_matches("frontdesk", patterns));
  EXPECT_FALSE(number_matches("", patterns));
  EXPECT_FALSE(number_matches("300", patterns));
  EXPECT_TRUE(number_matches("anyone", {}));  // no list: every caller
  // A pattern of stars against a long number ends (one backtrack point).
  const std::vector<std::string> stars{std::string(128, '*') + "x"};
  EXPECT_FALSE(number_matches(std::string(4096, 'a'), stars));
}

TEST(ForwardedBy, NewestDiversionFirstElseTheFirstHistoryEntry) {
  EXPECT_EQ(forwarded_by({}), "");
  EXPECT_EQ(forwarded_by(Headers{{"Diversion",
                                  "<sip:alice@pbx.example.com>;reason=no-answer;counter=1, "
                                  "<sip:carol@pbx.example.com>;reason=unconditional"}}),
            "sip:alice@pbx.example.com (no-answer)");
  EXPECT_EQ(forwarded_by(Headers{{"Diversion", "\"Alice\" <sip:alice@pbx>;reason=\"user-busy\""}}),
            "sip:alice@pbx (user-busy)");
  EXPECT_EQ(
      forwarded_by(Headers{{"History-Info", "<sip:alice@pbx?Reason=SIP%3Bcause%3D302>;index=1"},
                           {"History-Info", "<sip:bob@pbx>;index=1.1"}}),
      "sip:alice@pbx?Reason=SIP%3Bcause%3D302");
  EXPECT_EQ(
      forwarded_by(Headers{{"History-Info", "<sip:h@pbx>;index=1"}, {"Diversion", "<sip:d@pbx>"}}),
      "sip:d@pbx");  // Diversion, the more precise, wins
  EXPECT_EQ(forwarded_by(Headers{{"Diversion", "<<garbage"}}), "");
}

TEST(DiversionValue, UnconditionalOrNoAnswer) {
  EXPECT_EQ(diversion_value("sip:bob@pbx", false), "<sip:bob@pbx>;reason=unconditional;counter=1");
  EXPECT_EQ(diversion_value("sip:bob@pbx", true), "<sip:bob@pbx>;reason=no-answer;counter=1");
}

}  // namespace
}  // namespace sipline::app
