// One user agent, Alice, against responses the test writes as a proxy or a callee would: digest
// challenges answered only in the realm we trust (RFC 3261 §22, the realm pinning of
// registration), a caller identity per account, and a flow the transport cannot deliver on
// failing what waits on it at once (RFC 3261 §17.1.4).
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "sip/message/parser.hpp"
#include "sip/ua/user_agent.hpp"
#include "tests/sip/ua/user_agent_support.hpp"

namespace sipline::sip {
namespace {

using test::config;
using test::flow;
using test::kOffer;

// Alice alone: what she sends, and responses written by the test as a proxy or a callee would.
struct Alone {
  Alone() : random(9), alice(config("alice", 5061), random) {}
  std::vector<Message> sent() {
    std::vector<Message> out;
    while (auto o = alice.poll()) {
      if (auto* send = std::get_if<ua::Send>(&*o)) {
        if (auto m = parse_message(send->bytes)) {
          out.push_back(std::move(*m));
        }
      } else if (auto* end = std::get_if<ua::CallEnded>(&*o)) {
        ended = end->status;
      }
    }
    return out;
  }
  // A response to `request` with `extra` header lines, To tagged.
  void answer(const Message& request, int status, const std::string& extra = "") {
    alice.on_message(flow(5062), test::response_text(request, status, extra, "proxy"), now);
  }
  SeededRandom random;
  UserAgent alice;
  TimePoint now{};
  int ended = 0;
};

constexpr const char* kOurRealm = "example.com";

std::string proxy_challenge(const char* realm, const char* nonce = "n1") {
  return fmt::format("Proxy-Authenticate: Digest realm=\"{}\", nonce=\"{}\", qop=\"auth\"\r\n",
                     realm, nonce);
}

TEST(UserAgentAuth, AChallengeInOurRealmIsAnsweredWithTheNextCSeq) {
  Alone net;
  net.alice.set_credentials({"alice", "secret", kOurRealm});
  ASSERT_TRUE(net.alice.dial("sip:bob@example.com", flow(5062), kOffer, net.now));
  auto sent = net.sent();
  ASSERT_EQ(sent.size(), 1U);
  const Message first = sent[0];
  EXPECT_FALSE(first.header(HeaderId::kProxyAuthorization));
  net.answer(first, 407, proxy_challenge(kOurRealm));
  sent = net.sent();
  ASSERT_EQ(sent.size(), 2U);  // the ACK for the 407, then the INVITE with credentials
  EXPECT_EQ(sent[0].method(), Method::kAck);
  const Message& second = sent[1];
  EXPECT_EQ(second.method(), Method::kInvite);
  EXPECT_EQ(second.cseq()->number, first.cseq()->number + 1);
  EXPECT_EQ(second.call_id(), first.call_id());
  EXPECT_EQ(second.from()->tag, first.from()->tag);
  const auto credentials = second.header(HeaderId::kProxyAuthorization);
  ASSERT_TRUE(credentials);
  EXPECT_NE(credentials->find("realm=\"example.com\""), std::string_view::npos);
  EXPECT_NE(credentials->find("username=\"alice\""), std::string_view::npos);
  // The same nonce again (not stale): the password was wrong; no loop.
  net.answer(second, 407, proxy_challenge(kOurRealm));
  sent = net.sent();
  EXPECT_EQ(sent.size(), 1U);  // only the ACK
  EXPECT_EQ(net.ended, 407);
}

TEST(UserAgentAuth, AChallengeFromAnotherRealmGetsNoDigest) {
  Alone net;
  net.alice.set_credentials({"alice", "secret", kOurRealm});
  ASSERT_TRUE(net.alice.dial("sip:mallory@evil.example", flow(5062), kOffer, net.now));
  const Message invite = net.sent()[0];
  net.answer(invite, 401,
             "WWW-Authenticate: Digest realm=\"evil.example\", nonce=\"x\", qop=\"auth\"\r\n");
  const auto sent = net.sent();
  ASSERT_EQ(sent.size(), 1U);
  EXPECT_EQ(sent[0].method(), Method::kAck);
  EXPECT_EQ(net.ended, 401);
}

TEST(UserAgentAuth, AnInDialogChallengeFromTheCalleeGetsNoDigest) {
  // The digest leak: a callee challenges our BYE in its own realm, hoping for a response it can
  // replay at our registrar. Only our registrar's realm is ever answered.
  Alone net;
  net.alice.set_credentials({"alice", "secret", kOurRealm});
  auto call = net.alice.dial("sip:bob@127.0.0.1:5062", flow(5062), kOffer, net.now);
  ASSERT_TRUE(call);
  const Message invite = net.sent()[0];
  net.answer(invite, 200, "Contact: <sip:bob@127.0.0.1:5062>\r\nContent-Type: application/sdp\r\n");
  net.sent();
  ASSERT_TRUE(net.alice.hangup(*call, net.now));
  const auto byes = net.sent();
  ASSERT_EQ(byes.size(), 1U);
  ASSERT_EQ(byes[0].method(), Method::kBye);
  net.answer(byes[0], 401,
             "WWW-Authenticate: Digest realm=\"bob.example\", nonce=\"y\", qop=\"auth\"\r\n");
  EXPECT_TRUE(net.sent().empty());  // no second BYE with credentials
  EXPECT_EQ(net.ended, 200);        // the call is over for us anyway
}

TEST(UserAgentAuth, WithoutCredentialsNothingIsAnswered) {
  Alone net;
  ASSERT_TRUE(net.alice.dial("sip:bob@example.com", flow(5062), kOffer, net.now));
  net.answer(net.sent()[0], 407, proxy_challenge(kOurRealm));
  EXPECT_EQ(net.sent().size(), 1U);
  EXPECT_EQ(net.ended, 407);
}

// A phone with several accounts calls from the one chosen: its From (display name quoted and
// escaped), its Contact, and its credentials — another account's realm gets no digest.
TEST(UserAgentAuth, ACallerIdentityGivesFromContactAndCredentials) {
  Alone net;
  net.alice.set_credentials({"alice", "secret", kOurRealm});  // the default account's
  const CallerIdentity carol{"sip:carol@pbx.example.net", "Carol \"C\"\r\nX-Injected: 1",
                             "sip:carol@127.0.0.1:5061",
                             Credentials{"carol-auth", "pw", "pbx.example.net"}};
  ASSERT_TRUE(net.alice.dial("sip:bob@pbx.example.net", flow(5062), kOffer, net.now, carol));
  auto sent = net.sent();
  ASSERT_EQ(sent.size(), 1U);
  const Message invite = sent[0];
  EXPECT_EQ(invite.from()->uri.text, "sip:carol@pbx.example.net");
  EXPECT_EQ(invite.from()->display_name_decoded(), "Carol \"C\"X-Injected: 1");  // CR LF dropped
  EXPECT_FALSE(invite.header("X-Injected"));
  ASSERT_EQ(invite.contacts().size(), 1U);
  EXPECT_EQ(invite.contacts()[0].uri.text, "sip:carol@127.0.0.1:5061");
  // Carol's realm: answered with carol's credentials.
  net.answer(invite, 407, proxy_challenge("pbx.example.net"));
  sent = net.sent();
  ASSERT_EQ(sent.size(), 2U);
  const auto credentials = sent[1].header(HeaderId::kProxyAuthorization);
  ASSERT_TRUE(credentials);
  EXPECT_NE(credentials->find("username=\"carol-auth\""), std::string_view::npos);
  EXPECT_NE(credentials->find("realm=\"pbx.example.net\""), std::string_view::npos);
  // The default account's realm is not carol's: a call from carol never answers it.
  ASSERT_TRUE(net.alice.dial("sip:bob@pbx.example.net", flow(5062), kOffer, net.now, carol));
  const Message other = net.sent()[0];
  net.answer(other, 407, proxy_challenge(kOurRealm));
  sent = net.sent();
  ASSERT_EQ(sent.size(), 1U);  // the ACK only
  EXPECT_EQ(net.ended, 407);
}

// §17.1.4: what the transport cannot deliver fails at once, as a 503 — a REGISTER and an
// unanswered INVITE sent to that flow — and nothing sent elsewhere, nor anything answered.
TEST(UserAgent, AFailedFlowFailsWhatWaitsOnItNow) {
  Alone net;
  auto register_request = parse_message(
      "REGISTER sip:example.com SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.1:5061;branch=z9hG4bKr1\r\n"
      "Max-Forwards: 70\r\nFrom: <sip:alice@example.com>;tag=r\r\nTo: <sip:alice@example.com>\r\n"
      "Call-ID: reg1\r\nCSeq: 1 REGISTER\r\nContent-Length: 0\r\n\r\n");
  ASSERT_TRUE(register_request);
  const auto registrar = net.alice.send_request(std::move(*register_request), flow(5062), net.now);
  ASSERT_TRUE(registrar);
  const auto elsewhere = net.alice.dial("sip:bob@127.0.0.1:5070", flow(5070), kOffer, net.now);
  const auto call = net.alice.dial("sip:bob@127.0.0.1:5062", flow(5062), kOffer, net.now);
  ASSERT_TRUE(elsewhere && call);
  while (net.alice.poll()) {
  }
  net.alice.on_flow_failed(flow(5062), net.now);
  std::vector<TransactionId> failed_requests;
  std::vector<std::pair<CallId, int>> ended;
  while (auto output = net.alice.poll()) {
    if (const auto* failed = std::get_if<ua::RequestFailed>(&*output)) {
      failed_requests.push_back(failed->transaction);
      EXPECT_EQ(failed->status, 503);
    } else if (const auto* end = std::get_if<ua::CallEnded>(&*output)) {
      ended.emplace_back(end->call, end->status);
    }
  }
  EXPECT_EQ(failed_requests, std::vector<TransactionId>{*registrar});
  EXPECT_EQ(ended, (std::vector<std::pair<CallId, int>>{{*call, 503}}));
  EXPECT_EQ(net.alice.call_state(*elsewhere), CallState::kCalling);  // another flow: untouched
}

}  // namespace
}  // namespace sipline::sip
