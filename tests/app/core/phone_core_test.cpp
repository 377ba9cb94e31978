// The phone core's call flows as unit tests: two cores on a virtual network and clock (no
// socket, no sleep), a registrar and far ends written by the test. What is checked is what a
// front end sees — the typed events, in order, with who and which way — and what the media is
// told to do with which port.
#include "app/core/phone_core.hpp"

#include <gtest/gtest.h>

#include "tests/app/core/phone_core_support.hpp"

namespace sipline::app {
namespace {

using test::Network;
using test::phone;
using test::response_to;

using test::kSecond;

// An SDP answer from a far end at 127.0.0.1:`port`, with `payload` as its one codec.
std::string far_sdp(std::uint16_t port, const std::string& payload = "0") {
  return fmt::format(
      "v=0\r\no=- 7 7 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n"
      "m=audio {} RTP/AVP {}\r\n",
      port, payload);
}

std::vector<std::size_t> kinds(const std::vector<PhoneEvent>& log) {
  std::vector<std::size_t> out;
  for (const PhoneEvent& event : log) {
    out.push_back(event.index());
  }
  return out;
}

template <typename E>
std::size_t kind() {
  return PhoneEvent(E{}).index();
}

// Alice started and dialling `target`, a far end the test plays at 127.0.0.1:5070: her INVITE.
sip::Message dial_far_end(Network& net, test::Endpoint& alice, const std::string& target) {
  EXPECT_TRUE(alice.core->start(net.now));
  EXPECT_TRUE(alice.core->dial(target, net.now));
  net.settle();
  return net.take_captured(5070).at(0);
}

TEST(PhoneCore, ACallBetweenTwoPhonesRunsMediaOnEachOthersPortsAndEnds) {
  Network net;
  auto& alice = net.add(phone("alice"), 5061);
  auto& bob = net.add(phone("bob"), 5062);
  ASSERT_TRUE(alice.core->start(net.now));
  ASSERT_TRUE(bob.core->start(net.now));
  const auto call = alice.core->dial("sip:bob@127.0.0.1:5062", net.now);
  ASSERT_TRUE(call);
  net.settle();

  const auto incoming = bob.events<event::CallIncoming>();
  ASSERT_EQ(incoming.size(), 1U);
  EXPECT_EQ(incoming[0].call.direction, CallDirection::kIncoming);
  EXPECT_EQ(incoming[0].call.remote_uri, "sip:alice@127.0.0.1:5061");
  const auto progress = alice.events<event::CallProgress>();
  ASSERT_EQ(progress.size(), 1U);
  EXPECT_EQ(progress[0].status, 180);
  ASSERT_EQ(bob.core->calls().size(), 1U);
  EXPECT_EQ(bob.core->calls()[0].state, PhoneCallState::kRinging);
  EXPECT_TRUE(alice.media_started.empty());

  ASSERT_TRUE(bob.core->answer(std::nullopt, net.now));
  net.settle();
  ASSERT_EQ(alice.media_started.size(), 1U);
  ASSERT_EQ(bob.media_started.size(), 1U);
  // Each sends to the port the other reserved, with the codec both chose.
  EXPECT_EQ(alice.media_started[0].stream.remote_rtp_port, 20000 + 62 * 100 + 2);
  EXPECT_EQ(bob.media_started[0].stream.remote_rtp_port, 20000 + 61 * 100 + 2);
  EXPECT_EQ(alice.media_started[0].call, *call);
  const auto confirmed = alice.events<event::CallConfirmed>();
  ASSERT_EQ(confirmed.size(), 1U);
  EXPECT_EQ(confirmed[0].codec, "PCMU/8000");
  EXPECT_EQ(confirmed[0].call.remote, "sip:bob@127.0.0.1:5062");
  EXPECT_EQ(bob.events<event::CallConfirmed>().size(), 1U);
  EXPECT_EQ(alice.core->calls()[0].state, PhoneCallState::kConfirmed);

  ASSERT_TRUE(alice.core->hangup(std::nullopt, net.now));
  net.settle();
  const auto ended_a = alice.events<event::CallEnded>();
  const auto ended_b = bob.events<event::CallEnded>();
  ASSERT_EQ(ended_a.size(), 1U);
  ASSERT_EQ(ended_b.size(), 1U);
  EXPECT_FALSE(ended_a[0].by_peer);
  EXPECT_TRUE(ended_b[0].by_peer);
  EXPECT_EQ(ended_b[0].status, 200);
  EXPECT_EQ(alice.media_stopped, std::vector<sip::CallId>{*call});
  EXPECT_EQ(bob.media_stopped.size(), 1U);
  EXPECT_TRUE(alice.core->calls().empty());
  EXPECT_TRUE(alice.ports.held.empty());
  EXPECT_TRUE(bob.ports.held.empty());
  EXPECT_EQ(kinds(alice.log),
            (std::vector{kind<event::CallOutgoing>(), kind<event::CallProgress>(),
                         kind<event::CallConfirmed>(), kind<event::CallEnded>()}));
  EXPECT_EQ(kinds(bob.log), (std::vector{kind<event::CallIncoming>(), kind<event::CallRinging>(),
                                         kind<event::CallConfirmed>(), kind<event::CallEnded>()}));
}

TEST(PhoneCore, AutoAnswerRingsThenAnswersInOneStep) {
  Network net;
  auto& alice = net.add(phone("alice"), 5061);
  PhoneConfig answering = phone("bob");
  answering.auto_answer = true;
  auto& bob = net.add(answering, 5062);
  ASSERT_TRUE(alice.core->start(net.now));
  ASSERT_TRUE(bob.core->start(net.now));
  ASSERT_TRUE(alice.core->dial("127.0.0.1:5062", net.now));
  net.settle();
  EXPECT_EQ(alice.events<event::CallProgress>().at(0).status, 180);  // rung before answered
  EXPECT_EQ(alice.events<event::CallConfirmed>().size(), 1U);
  EXPECT_EQ(bob.events<event::CallConfirmed>().size(), 1U);
}

TEST(PhoneCore, ARejectedCallEndsWith603AndFreesItsPort) {
  Network net;
  auto& alice = net.add(phone("alice"), 5061);
  auto& bob = net.add(phone("bob"), 5062);
  ASSERT_TRUE(alice.core->start(net.now));
  ASSERT_TRUE(bob.core->start(net.now));
  ASSERT_TRUE(alice.core->dial("sip:bob@127.0.0.1:5062", net.now));
  net.settle();
  EXPECT_EQ(bob.core->answer(7, net.now).error().code, Errc::kNotFound);  // no such call
  ASSERT_TRUE(bob.core->reject(std::nullopt, net.now));
  net.settle();
  ASSERT_EQ(alice.events<event::CallEnded>().size(), 1U);
  EXPECT_EQ(alice.events<event::CallEnded>()[0].status, 603);
  EXPECT_TRUE(alice.ports.held.empty());
  EXPECT_TRUE(bob.ports.held.empty());
  EXPECT_TRUE(alice.media_started.empty());
  EXPECT_EQ(bob.core->reject(std::nullopt, net.now).error().code, Errc::kNotFound);
}

// An INVITE without SDP (late offer, RFC 3264 §5): our offer goes in the 200, the answer comes
// in the ACK, and the media starts from it.
TEST(PhoneCore, AnInviteWithoutAnOfferGetsOursAndTheAckAnswers) {
  Network net;
  auto& bob = net.add(phone("bob"), 5062);
  ASSERT_TRUE(bob.core->start(net.now));
  net.deliver(bob, 5070,
              "INVITE sip:bob@127.0.0.1:5062 SIP/2.0\r\n"
              "Via: SIP/2.0/UDP 127.0.0.1:5070;branch=z9hG4bKlate1\r\nMax-Forwards: 70\r\n"
              "From: \"Carol C\" <sip:carol@127.0.0.1:5070>;tag=c1\r\n"
              "To: <sip:bob@127.0.0.1:5062>\r\nCall-ID: late-1\r\nCSeq: 1 INVITE\r\n"
              "Contact: <sip:carol@127.0.0.1:5070>\r\nContent-Length: 0\r\n\r\n");
  const auto incoming = bob.events<event::CallIncoming>();
  ASSERT_EQ(incoming.size(), 1U);
  EXPECT_EQ(incoming[0].call.display_name, "Carol C");
  EXPECT_EQ(incoming[0].call.remote_uri, "sip:carol@127.0.0.1:5070");
  ASSERT_TRUE(bob.core->answer(std::nullopt, net.now));
  net.settle();
  const auto sent = net.take_captured(5070);
  ASSERT_FALSE(sent.empty());
  const sip::Message& ok = sent.back();
  ASSERT_EQ(ok.status_code(), 200);
  EXPECT_NE(ok.body().find("m=audio"), std::string_view::npos);  // our offer
  EXPECT_TRUE(bob.media_started.empty());                        // no answer yet
  net.deliver(bob, 5070,
              fmt::format("ACK sip:bob@127.0.0.1:5062 SIP/2.0\r\n"
                          "Via: SIP/2.0/UDP 127.0.0.1:5070;branch=z9hG4bKlate2\r\n"
                          "Max-Forwards: 70\r\nFrom: <sip:carol@127.0.0.1:5070>;tag=c1\r\n"
                          "To: <sip:bob@127.0.0.1:5062>;tag={}\r\nCall-ID: late-1\r\n"
                          "CSeq: 1 ACK\r\nContent-Type: application/sdp\r\n"
                          "Content-Length: {}\r\n\r\n{}",
                          ok.to()->tag, far_sdp(4000).size(), far_sdp(4000)));
  ASSERT_EQ(bob.media_started.size(), 1U);
  EXPECT_EQ(bob.media_started[0].stream.remote_rtp_port, 4000);
  ASSERT_EQ(bob.events<event::CallConfirmed>().size(), 1U);
  EXPECT_EQ(bob.events<event::CallConfirmed>()[0].codec, "PCMU/8000");
  EXPECT_TRUE(bob.events<event::CallEnded>().empty());
}

TEST(PhoneCore, NoRtpPortRejectsAnIncomingCall500AndFailsADial) {
  Network net;
  auto& alice = net.add(phone("alice"), 5061);
  auto& bob = net.add(phone("bob"), 5062);
  ASSERT_TRUE(alice.core->start(net.now));
  ASSERT_TRUE(bob.core->start(net.now));
  bob.ports.exhausted = true;
  ASSERT_TRUE(alice.core->dial("sip:bob@127.0.0.1:5062", net.now));
  net.settle();
  ASSERT_EQ(bob.events<event::CallRejected>().size(), 1U);
  EXPECT_EQ(bob.events<event::CallRejected>()[0].status, 500);
  EXPECT_EQ(alice.events<event::CallEnded>().at(0).status, 500);
  EXPECT_EQ(bob.core->dial("sip:alice@127.0.0.1:5061", net.now).error().code, Errc::kIo);
  EXPECT_TRUE(bob.core->calls().empty());
}

// RFC 3261 §13.2.1: an answer in a 183 starts the media at once; the 200 confirms the call on
// the same media, which is not started twice.
TEST(PhoneCore, EarlyMediaRunsFromTheFirstAnswerOnce) {
  Network net;
  auto& alice = net.add(phone("alice"), 5061);
  const sip::Message invite = dial_far_end(net, alice, "sip:ivr@127.0.0.1:5070");
  net.deliver(alice, 5070, response_to(invite, 183, "", far_sdp(30000)));
  ASSERT_EQ(alice.events<event::CallEarlyMedia>().size(), 1U);
  EXPECT_EQ(alice.events<event::CallEarlyMedia>()[0].codec, "PCMU/8000");
  ASSERT_EQ(alice.media_started.size(), 1U);
  EXPECT_EQ(alice.media_started[0].stream.remote_rtp_port, 30000);
  net.deliver(alice, 5070,
              response_to(invite, 200, "Contact: <sip:ivr@127.0.0.1:5070>\r\n", far_sdp(30002)));
  EXPECT_EQ(alice.events<event::CallConfirmed>().size(), 1U);
  EXPECT_EQ(alice.media_started.size(), 1U);  // later answers are ignored (§13.2.1)
}

TEST(PhoneCore, AnUnusableAnswerHangsUp) {
  Network net;
  auto& alice = net.add(phone("alice"), 5061);
  const sip::Message invite = dial_far_end(net, alice, "sip:bob@127.0.0.1:5070");
  // Only G.729 (18), never offered: no codec in common.
  net.deliver(
      alice, 5070,
      response_to(invite, 200, "Contact: <sip:bob@127.0.0.1:5070>\r\n", far_sdp(30000, "18")));
  ASSERT_EQ(alice.events<event::CallAnswerUnusable>().size(), 1U);
  const auto sent = net.take_captured(5070);
  ASSERT_EQ(sent.size(), 2U);
  EXPECT_EQ(sent[0].method(), sip::Method::kAck);
  EXPECT_EQ(sent[1].method(), sip::Method::kBye);
  EXPECT_TRUE(alice.media_started.empty());
  EXPECT_TRUE(alice.events<event::CallConfirmed>().empty());
}

// Two 183s whose first answer cannot be used (RFC 3261 §13.2.1: the first SDP in a response is
// the answer, later ones are ignored): the call is given up (CANCEL) at the first, and the
// second, usable one starts nothing.
TEST(PhoneCore, TwoEarlyAnswersWhoseFirstFailsCancelTheCall) {
  Network net;
  auto& alice = net.add(phone("alice"), 5061);
  const sip::Message invite = dial_far_end(net, alice, "sip:bob@127.0.0.1:5070");
  const std::string contact = "Contact: <sip:bob@127.0.0.1:5070>\r\n";
  net.deliver(alice, 5070, response_to(invite, 183, contact, far_sdp(30000, "18")));
  ASSERT_EQ(alice.events<event::CallAnswerUnusable>().size(), 1U);
  const auto sent = net.take_captured(5070);
  ASSERT_EQ(sent.size(), 1U);
  EXPECT_EQ(sent[0].method(), sip::Method::kCancel);
  net.deliver(alice, 5070, response_to(invite, 183, contact, far_sdp(30002)));
  EXPECT_TRUE(alice.media_started.empty());
  EXPECT_TRUE(alice.events<event::CallEarlyMedia>().empty());
  EXPECT_EQ(alice.events<event::CallAnswerUnusable>().size(), 1U);
  net.deliver(alice, 5070, response_to(invite, 487));
  ASSERT_EQ(alice.events<event::CallEnded>().size(), 1U);
  EXPECT_EQ(alice.events<event::CallEnded>()[0].status, 487);
  EXPECT_TRUE(alice.ports.held.empty());
}

PhoneConfig with_account(const std::string& user) {
  PhoneConfig config = phone(user);
  AccountConfig account;
  account.aor = "sip:" + user + "@127.0.0.1:5060";
  account.password = "secret";
  account.expires = 600;
  config.accounts.push_back(account);
  return config;
}

// A dial while the account registers for the first time waits for it, then goes out through the
// registrar to the account's domain.
TEST(PhoneCore, ADialWaitsForTheFirstRegistrationThenGoesThroughTheRegistrar) {
  Network net;
  auto& alice = net.add(with_account("alice"), 5061);
  ASSERT_TRUE(alice.core->start(net.now));
  net.settle();
  const sip::Message registering = net.take_captured(5060).at(0);
  EXPECT_EQ(registering.method(), sip::Method::kRegister);
  ASSERT_EQ(alice.core->dial("bob", net.now).value(), 0U);
  net.settle();
  ASSERT_EQ(alice.events<event::DialWaiting>().size(), 1U);
  EXPECT_TRUE(net.take_captured(5060).empty());

  net.deliver(alice, 5060, response_to(registering, 200, "Expires: 600\r\n"));
  const auto changes = alice.events<event::RegistrationChanged>();
  ASSERT_EQ(changes.size(), 2U);
  EXPECT_EQ(changes[0].state, sip::RegistrationState::kRegistering);
  EXPECT_EQ(changes[1].state, sip::RegistrationState::kRegistered);
  EXPECT_EQ(changes[1].account, 1U);
  EXPECT_EQ(changes[1].expires, 600U);
  const auto sent = net.take_captured(5060);
  ASSERT_EQ(sent.size(), 1U);
  EXPECT_EQ(sent[0].method(), sip::Method::kInvite);
  EXPECT_EQ(sent[0].request_uri().text, "sip:bob@127.0.0.1:5060");
  EXPECT_EQ(alice.events<event::CallOutgoing>().size(), 1U);
  ASSERT_EQ(alice.core->accounts().size(), 1U);
  EXPECT_TRUE(alice.core->accounts()[0].is_default);
  EXPECT_EQ(alice.core->accounts()[0].granted_expires, 600U);
}

// The way out: calls hung up, every account unregistered (Expires: 0); unregistering() holds
// until the registrar answered.
TEST(PhoneCore, ShutdownHangsUpAndUnregisters) {
  Network net;
  auto& alice = net.add(with_account("alice"), 5061);
  ASSERT_TRUE(alice.core->start(net.now));
  net.settle();
  net.deliver(alice, 5060, response_to(net.take_captured(5060).at(0), 200, "Expires: 600\r\n"));
  ASSERT_TRUE(alice.core->dial("bob", net.now));
  net.settle();
  const sip::Message invite = net.take_captured(5060).at(0);
  net.deliver(alice, 5060,
              response_to(invite, 200, "Contact: <sip:bob@127.0.0.1:5060>\r\n", far_sdp(30000)));
  net.take_captured(5060);  // the ACK
  alice.core->shutdown(net.now);
  net.settle();
  EXPECT_TRUE(alice.core->unregistering());
  const auto sent = net.take_captured(5060);
  ASSERT_EQ(sent.size(), 2U);
  EXPECT_EQ(sent[0].method(), sip::Method::kBye);
  EXPECT_EQ(sent[1].method(), sip::Method::kRegister);
  EXPECT_EQ(sent[1].header(sip::HeaderId::kExpires), "0");
  net.deliver(alice, 5060, response_to(sent[1], 200));
  EXPECT_FALSE(alice.core->unregistering());
  EXPECT_EQ(alice.events<event::RegistrationChanged>().back().state,
            sip::RegistrationState::kUnregistered);
  net.advance(40 * kSecond);  // nothing registers again (the BYE is resent: nobody answers)
  for (const sip::Message& message : net.take_captured(5060)) {
    EXPECT_NE(message.method(), sip::Method::kRegister);
  }
}

}  // namespace
}  // namespace sipline::app
