// An account whose registrar is a host name: the core asks for its servers (RFC 3263) before
// registering, registers with the first one found, moves to the next at once when a server
// times out or answers 503 (§4.3), and fails the account and its waiting dials in one line when
// none is found. A dial by host name without an account is looked up the same way and goes to
// the first server, then to the next when that one fails the INVITE. The DNS side is played by the
// test (LocateServers in, on_…located back).
#include <gtest/gtest.h>

#include "app/core/phone_core.hpp"
#include "tests/app/core/phone_core_support.hpp"

namespace sipline::app {
namespace {

using test::Network;
using test::phone;
using test::response_to;

using test::kSecond;
using transport::TransportKind;

const std::vector<sip::LocateTarget> kTwoServers{
    {TransportKind::kUdp, "127.0.0.1", 5060, "a.pbx.test"},
    {TransportKind::kUdp, "127.0.0.1", 5064, "b.pbx.test"}};

PhoneConfig with_account_at(const std::string& domain) {
  PhoneConfig config = phone("alice");
  AccountConfig account;
  account.aor = "sip:alice@" + domain;
  account.password = "secret";
  config.accounts.push_back(account);
  return config;
}

struct LocatedAccount : ::testing::Test {
  LocatedAccount() {
    EXPECT_TRUE(alice.core->start(net.now));
    net.settle();
  }
  Network net;
  test::Endpoint& alice = net.add(with_account_at("PBX.test"), 5061);
};

TEST_F(LocatedAccount, AsksForTheServersFirstAndDialsWait) {
  ASSERT_EQ(alice.locates.size(), 1U);
  EXPECT_EQ(alice.locates[0].account, 1U);
  EXPECT_EQ(alice.locates[0].request.host, "PBX.test");
  EXPECT_EQ(alice.locates[0].request.port, std::nullopt);  // NAPTR and SRV may say
  EXPECT_TRUE(alice.locates[0].support.udp);
  EXPECT_TRUE(alice.locates[0].support.tcp);  // registration runs over all three
  EXPECT_TRUE(alice.locates[0].support.tls);
  EXPECT_EQ(alice.locates[0].request.transport, std::nullopt);  // the account names none
  EXPECT_TRUE(net.take_captured(5060).empty());
  ASSERT_EQ(alice.core->dial("bob", net.now).value(), 0U);  // waits for the registration
  net.settle();
  EXPECT_EQ(alice.events<event::DialWaiting>().size(), 1U);
}

TEST_F(LocatedAccount, RegistersWithTheFirstServerAndCallsGoThere) {
  ASSERT_TRUE(alice.core->dial("bob", net.now));
  alice.core->on_located(1, kTwoServers, "", net.now);
  net.settle();
  const sip::Message registering = net.take_captured(5060).at(0);
  EXPECT_EQ(registering.method(), sip::Method::kRegister);
  EXPECT_EQ(registering.request_uri().text, "sip:PBX.test");  // the domain, not the server
  EXPECT_TRUE(net.take_captured(5064).empty());
  net.deliver(alice, 5060, response_to(registering, 200, "Expires: 600\r\n"));
  EXPECT_EQ(alice.events<event::RegistrationChanged>().back().state,
            sip::RegistrationState::kRegistered);
  const auto sent = net.take_captured(5060);
  ASSERT_EQ(sent.size(), 1U);
  EXPECT_EQ(sent[0].method(), sip::Method::kInvite);
  EXPECT_EQ(sent[0].request_uri().text, "sip:bob@PBX.test");
}

TEST_F(LocatedAccount, ATimeoutMovesToTheNextServerAtOnce) {
  alice.core->on_located(1, kTwoServers, "", net.now);
  net.settle();
  const sip::Message first = net.take_captured(5060).at(0);
  net.advance(32 * kSecond);  // Timer F: nobody at the first server
  for (const sip::Message& message : net.take_captured(5060)) {
    EXPECT_EQ(message.call_id(), first.call_id());  // retransmissions of the first REGISTER
  }
  const auto moved = net.take_captured(5064);
  ASSERT_EQ(moved.size(), 1U);
  EXPECT_EQ(moved[0].method(), sip::Method::kRegister);
  EXPECT_EQ(moved[0].call_id(), first.call_id());  // the same registration, RFC 3261 §10.2
  EXPECT_GT(moved[0].cseq()->number, first.cseq()->number);
  net.deliver(alice, 5064, response_to(moved[0], 200, "Expires: 600\r\n"));
  EXPECT_EQ(alice.events<event::RegistrationChanged>().back().state,
            sip::RegistrationState::kRegistered);
}

TEST_F(LocatedAccount, A503MovesToTheNextServerAndTheLastOneWaitsItsTurn) {
  alice.core->on_located(1, kTwoServers, "", net.now);
  net.settle();
  net.deliver(alice, 5060, response_to(net.take_captured(5060).at(0), 503));
  const auto moved = net.take_captured(5064);
  ASSERT_EQ(moved.size(), 1U);
  // The last server fails too: the registration waits and retries there (no third server).
  net.deliver(alice, 5064, response_to(moved[0], 503));
  EXPECT_EQ(alice.events<event::RegistrationChanged>().back().state,
            sip::RegistrationState::kWaiting);
  EXPECT_TRUE(net.take_captured(5060).empty());
  EXPECT_TRUE(net.take_captured(5064).empty());
}

TEST_F(LocatedAccount, AfterEveryServerFailedTheRetryStartsAgainAtTheFirst) {
  alice.core->on_located(1, kTwoServers, "", net.now);
  net.settle();
  net.deliver(alice, 5060, response_to(net.take_captured(5060).at(0), 503));
  net.deliver(alice, 5064, response_to(net.take_captured(5064).at(0), 503));
  net.advance(31 * kSecond);  // the backoff: 15–30 s after the first failure of the last server
  const auto again = net.take_captured(5060);
  ASSERT_FALSE(again.empty());
  for (const sip::Message& message : again) {  // one REGISTER and its retransmissions
    EXPECT_EQ(message.method(), sip::Method::kRegister);
    EXPECT_EQ(message.cseq()->number, again[0].cseq()->number);
  }
  EXPECT_TRUE(net.take_captured(5064).empty());
}

TEST_F(LocatedAccount, ALookupEndingAfterShutdownRegistersNothing) {
  ASSERT_TRUE(alice.core->dial("sip:carol@elsewhere.test", net.now));  // through the account
  alice.core->shutdown(net.now);
  net.settle();
  alice.core->on_located(1, kTwoServers, "", net.now);
  net.settle();
  EXPECT_TRUE(net.take_captured(5060).empty());
  EXPECT_TRUE(net.take_captured(5064).empty());
}

TEST_F(LocatedAccount, NoServerFailsTheAccountAndItsWaitingDialsInOneLine) {
  ASSERT_TRUE(alice.core->dial("bob", net.now));
  net.settle();
  alice.core->on_located(1, {}, "DNS did not answer (Timeout while contacting DNS servers)",
                         net.now);
  net.settle();
  const auto changes = alice.events<event::RegistrationChanged>();
  ASSERT_EQ(changes.size(), 1U);
  EXPECT_EQ(changes[0].state, sip::RegistrationState::kFailed);
  const std::string reason =
      "its registrar was not found: DNS did not answer (Timeout while contacting DNS servers)";
  EXPECT_EQ(changes[0].reason, reason);
  const auto failed = alice.events<event::DialFailed>();
  ASSERT_EQ(failed.size(), 1U);
  EXPECT_EQ(failed[0].reason, reason);
  EXPECT_TRUE(net.take_captured(5060).empty());
  alice.core->on_located(1, kTwoServers, "", net.now);  // late, or twice: ignored
  net.settle();
  EXPECT_TRUE(net.take_captured(5060).empty());
  // A later dial looks the registrar up again (the DNS may be back) and waits for it.
  ASSERT_EQ(alice.core->dial("carol", net.now).value(), 0U);
  net.settle();
  ASSERT_EQ(alice.locates.size(), 2U);
  EXPECT_EQ(alice.locates[1].request.host, "PBX.test");
  EXPECT_EQ(alice.events<event::DialWaiting>().size(), 2U);
  alice.core->on_located(1, kTwoServers, "", net.now);
  net.settle();
  const sip::Message registering = net.take_captured(5060).at(0);
  net.deliver(alice, 5060, response_to(registering, 200, "Expires: 600\r\n"));
  const auto sent = net.take_captured(5060);
  ASSERT_EQ(sent.size(), 1U);
  EXPECT_EQ(sent[0].request_uri().text, "sip:carol@PBX.test");
}

// Alice, with no account (nothing routes for her), has dialled `target`: its host is asked for.
struct DialByHostName : ::testing::Test {
  void dial(const std::string& target) {
    ASSERT_TRUE(alice.core->start(net.now));
    ASSERT_EQ(alice.core->dial(target, net.now).value(), 0U);  // not placed yet
    net.settle();
    ASSERT_EQ(alice.locates.size(), 1U);
  }
  void found_at_5070() {
    alice.core->on_dial_located(alice.locates.at(0).dial,
                                {{TransportKind::kUdp, "127.0.0.1", 5070, "sip.far.test"}}, "",
                                net.now);
    net.settle();
  }
  Network net;
  test::Endpoint& alice = net.add(phone("alice"), 5061);
};

TEST_F(DialByHostName, LooksTheCalleeUpThenCallsTheFirstServer) {
  dial("sip:bob@far.test");
  EXPECT_EQ(alice.locates[0].account, 0U);
  EXPECT_NE(alice.locates[0].dial, 0U);
  EXPECT_EQ(alice.locates[0].request.host, "far.test");
  ASSERT_EQ(alice.events<event::DialWaiting>().size(), 1U);
  EXPECT_EQ(alice.events<event::DialWaiting>()[0].looking_up, "far.test");
  found_at_5070();
  const auto sent = net.take_captured(5070);
  ASSERT_EQ(sent.size(), 1U);
  EXPECT_EQ(sent[0].method(), sip::Method::kInvite);
  EXPECT_EQ(sent[0].request_uri().text, "sip:bob@far.test");  // the URI as dialled
  EXPECT_EQ(alice.events<event::CallOutgoing>().size(), 1U);
  found_at_5070();  // told twice: the second is a stranger's ticket now
  EXPECT_TRUE(net.take_captured(5070).empty());
}

TEST_F(DialByHostName, A503FromTheFirstServerSendsTheCallToTheNext) {
  dial("sip:bob@far.test");
  alice.core->on_dial_located(alice.locates.at(0).dial, kTwoServers, "", net.now);
  net.settle();
  const auto first = net.take_captured(5060);
  ASSERT_EQ(first.size(), 1U);
  net.deliver(alice, 5060, response_to(first[0], 503, ""));
  const auto second = net.take_captured(5064);
  ASSERT_EQ(second.size(), 1U);
  EXPECT_EQ(second[0].method(), sip::Method::kInvite);
  EXPECT_EQ(second[0].call_id(), first[0].call_id());  // the same call (RFC 3263 §4.3)
  const auto retried = alice.events<event::CallRetried>();
  ASSERT_EQ(retried.size(), 1U);
  EXPECT_EQ(retried[0].status, 503);
  EXPECT_EQ(retried[0].to.remote_port, 5064);
  EXPECT_TRUE(alice.events<event::CallEnded>().empty());
}

TEST_F(DialByHostName, ALookupEndingAfterShutdownPlacesNoCall) {
  dial("sip:bob@far.test");
  alice.core->shutdown(net.now);
  found_at_5070();
  EXPECT_TRUE(net.take_captured(5070).empty());
}

TEST_F(DialByHostName, NotFoundFailsTheDialInOneLine) {
  dial("bob@nowhere.test:5080");
  EXPECT_EQ(alice.locates[0].request.port, 5080);  // a port given: A records only (§4.2)
  alice.core->on_dial_located(alice.locates[0].dial, {}, "DNS has no SIP server or address for it",
                              net.now);
  net.settle();
  const auto failed = alice.events<event::DialFailed>();
  ASSERT_EQ(failed.size(), 1U);
  EXPECT_EQ(failed[0].target, "bob@nowhere.test:5080");
  EXPECT_EQ(failed[0].reason, "its host was not found: DNS has no SIP server or address for it");
  EXPECT_TRUE(alice.events<event::CallOutgoing>().empty());
}

}  // namespace
}  // namespace sipline::app
