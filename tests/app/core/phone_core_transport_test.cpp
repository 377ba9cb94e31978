// Registration and calls over TCP and TLS: the account's transport= picks the flow to its
// registrar; our Via names the transport and our Contact asks for it (RFC 3261 §18, §19.1.4);
// a sips: callee goes over TLS (§26.2.2); a connection that fails fails what waits on it at
// once; the name a TLS server must prove is the host the account or the URI named (RFC 5922).
#include <gtest/gtest.h>

#include "app/core/phone_core.hpp"
#include "tests/app/core/phone_core_support.hpp"

namespace sipline::app {
namespace {

using test::Network;
using test::phone;
using test::response_to;
using transport::Flow;
using transport::TransportKind;

PhoneConfig with_account(const std::string& aor, std::optional<TransportKind> kind,
                         const std::string& registrar = "") {
  PhoneConfig config = phone("alice");
  AccountConfig account;
  account.aor = aor;
  account.registrar = registrar;
  account.password = "secret";
  account.transport = kind;
  config.accounts.push_back(account);
  return config;
}

// The registrar's connection, as the transport reports messages on it.
const Flow kRegistrarConnection{TransportKind::kTcp, "127.0.0.1", 5060, 7};

struct TcpAccount : ::testing::Test {
  TcpAccount() {
    EXPECT_TRUE(alice.core->start(net.now));
    net.settle();
  }
  Network net;
  test::Endpoint& alice =
      net.add(with_account("sip:alice@127.0.0.1:5060", TransportKind::kTcp), 5061);
};

TEST_F(TcpAccount, RegistersOverTcpAndSaysSoInViaAndContact) {
  ASSERT_FALSE(net.sent_to.empty());
  EXPECT_EQ(net.sent_to.back(), (Flow{TransportKind::kTcp, "127.0.0.1", 5060, 0}));
  const sip::Message registering = net.take_captured(5060).at(0);
  EXPECT_TRUE(registering.header(sip::HeaderId::kVia)->starts_with("SIP/2.0/TCP 127.0.0.1:5061;"));
  EXPECT_EQ(*registering.header(sip::HeaderId::kContact),
            "<sip:alice@127.0.0.1:5061;transport=tcp>");
  // The answer comes back on the connection the transport opened.
  net.deliver_on(alice, kRegistrarConnection,
                 response_to(registering, 200,
                             "Contact: <sip:alice@127.0.0.1:5061;transport=tcp>;expires=600\r\n"));
  const auto changes = alice.events<event::RegistrationChanged>();
  ASSERT_FALSE(changes.empty());
  EXPECT_EQ(changes.back().state, sip::RegistrationState::kRegistered);
  EXPECT_EQ(changes.back().expires, 600U);
}

TEST_F(TcpAccount, CallsGoThroughTheRegistrarOverTcp) {
  net.deliver_on(alice, kRegistrarConnection,
                 response_to(net.take_captured(5060).at(0), 200, "Expires: 600\r\n"));
  ASSERT_TRUE(alice.core->dial("bob", net.now));
  net.settle();
  EXPECT_EQ(net.sent_to.back(), (Flow{TransportKind::kTcp, "127.0.0.1", 5060, 0}));
  const sip::Message invite = net.take_captured(5060).at(0);
  EXPECT_EQ(invite.method(), sip::Method::kInvite);
  EXPECT_TRUE(invite.header(sip::HeaderId::kVia)->starts_with("SIP/2.0/TCP "));
  EXPECT_EQ(*invite.header(sip::HeaderId::kContact), "<sip:alice@127.0.0.1:5061;transport=tcp>");
}

TEST_F(TcpAccount, AnIncomingCallOnAConnectionIsAnsweredOnIt) {
  const Flow connection{TransportKind::kTcp, "127.0.0.1", 41000, 9};
  net.deliver_on(alice, connection,
                 "INVITE sip:alice@127.0.0.1:5061;transport=tcp SIP/2.0\r\n"
                 "Via: SIP/2.0/TCP 127.0.0.1:5060;branch=z9hG4bKin1\r\n"
                 "Max-Forwards: 70\r\nFrom: <sip:bob@127.0.0.1>;tag=b1\r\n"
                 "To: <sip:alice@127.0.0.1>\r\nCall-ID: tcp-in-1\r\nCSeq: 1 INVITE\r\n"
                 "Contact: <sip:bob@127.0.0.1:5060;transport=tcp>\r\nContent-Length: 0\r\n\r\n");
  ASSERT_EQ(alice.events<event::CallIncoming>().size(), 1U);
  EXPECT_EQ(net.sent_to.back(), connection);  // the 180
  ASSERT_TRUE(alice.core->answer(std::nullopt, net.now));
  net.settle();
  EXPECT_EQ(net.sent_to.back(), connection);
  const auto sent = net.take_captured(41000);
  ASSERT_FALSE(sent.empty());
  EXPECT_EQ(sent.back().status_code(), 200);
  EXPECT_EQ(*sent.back().header(sip::HeaderId::kContact),
            "<sip:alice@127.0.0.1:5061;transport=tcp>");
}

// A TLS handshake that fails (a certificate refused) is a failed flow: the REGISTER waiting on
// it fails at once, as a 503, instead of after Timer F.
TEST(TlsAccount, AConnectionThatFailsFailsTheRegisterAtOnce) {
  Network net;
  test::Endpoint& alice =
      net.add(with_account("sip:alice@example.com", TransportKind::kTls, "127.0.0.1"), 5063);
  ASSERT_TRUE(alice.core->start(net.now));
  net.settle();
  const Flow registrar{TransportKind::kTls, "127.0.0.1", 5061, 0};
  ASSERT_FALSE(net.sent_to.empty());
  EXPECT_EQ(net.sent_to.back(), registrar);
  EXPECT_EQ(alice.core->tls_server_name(registrar), "127.0.0.1");  // the registrar as named
  alice.core->on_flow_failed({TransportKind::kTls, "127.0.0.1", 5061, 12}, net.now);
  net.settle();
  const auto changes = alice.events<event::RegistrationChanged>();
  ASSERT_FALSE(changes.empty());
  EXPECT_EQ(changes.back().state, sip::RegistrationState::kWaiting);
  EXPECT_EQ(changes.back().status, 503);
  // A connection to another server does not touch it.
  EXPECT_EQ(alice.core->tls_server_name({TransportKind::kTls, "127.0.0.1", 5071, 0}), "");
}

// RFC 5922 §4.1: the certificate must carry the domain the account named, not the server DNS
// found for it.
TEST(TlsAccount, ALocatedServerMustProveTheAccountsDomain) {
  Network net;
  test::Endpoint& alice = net.add(with_account("sips:alice@pbx.test", std::nullopt), 5062);
  ASSERT_TRUE(alice.core->start(net.now));
  net.settle();
  ASSERT_EQ(alice.locates.size(), 1U);
  EXPECT_TRUE(alice.locates[0].request.sips);
  EXPECT_EQ(alice.locates[0].request.transport, TransportKind::kTls);
  alice.core->on_located(1, {{TransportKind::kTls, "127.0.0.1", 5071, "edge1.pbx.test"}}, "",
                         net.now);
  net.settle();
  const Flow server{TransportKind::kTls, "127.0.0.1", 5071, 0};
  EXPECT_EQ(net.sent_to.back(), server);
  EXPECT_EQ(alice.core->tls_server_name(server), "pbx.test");
  const sip::Message registering = net.take_captured(5071).at(0);
  EXPECT_EQ(registering.request_uri().text, "sips:pbx.test");
  EXPECT_TRUE(registering.header(sip::HeaderId::kVia)->starts_with("SIP/2.0/TLS 127.0.0.1:5062;"));
  EXPECT_EQ(*registering.header(sip::HeaderId::kContact), "<sips:alice@127.0.0.1:5062>");
  net.deliver_on(alice, {TransportKind::kTls, "127.0.0.1", 5071, 3},
                 response_to(registering, 200, "Expires: 600\r\n"));
  ASSERT_TRUE(alice.core->dial("bob", net.now));  // sips: like the account
  net.settle();
  const sip::Message invite = net.take_captured(5071).at(0);
  EXPECT_EQ(invite.request_uri().text, "sips:bob@pbx.test");
  EXPECT_EQ(*invite.header(sip::HeaderId::kContact), "<sips:alice@127.0.0.1:5062>");
}

TEST(TlsDial, ASipsCalleeIsCalledOverTlsAndMustProveItsHost) {
  Network net;
  test::Endpoint& alice = net.add(phone("alice"), 5063);
  ASSERT_TRUE(alice.core->start(net.now));
  ASSERT_TRUE(alice.core->dial("sips:bob@127.0.0.1", net.now));
  net.settle();
  const Flow callee{TransportKind::kTls, "127.0.0.1", 5061, 0};  // RFC 3261 §19.1.2: 5061
  ASSERT_FALSE(net.sent_to.empty());
  EXPECT_EQ(net.sent_to.back(), callee);
  EXPECT_EQ(alice.core->tls_server_name(callee), "127.0.0.1");
  ASSERT_TRUE(alice.core->dial("sip:carol@127.0.0.1:5070;transport=tcp", net.now));
  net.settle();
  EXPECT_EQ(net.sent_to.back(), (Flow{TransportKind::kTcp, "127.0.0.1", 5070, 0}));
}

TEST(TlsDial, ASipsCalleeThroughAnAccountOverUdpIsRefused) {
  Network net;
  test::Endpoint& alice =
      net.add(with_account("sip:alice@127.0.0.1:5060", TransportKind::kUdp), 5061);
  ASSERT_TRUE(alice.core->start(net.now));
  net.settle();
  net.deliver(alice, 5060, response_to(net.take_captured(5060).at(0), 200, "Expires: 600\r\n"));
  const auto refused = alice.core->dial("sips:bob@127.0.0.1", net.now);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().reason,
            "a sips: call needs TLS to the registrar (the account's transport=tls)");
}

// An outbound proxy (MicroSIP's proxy=): the REGISTER and the INVITE go to it, with a loose
// Route naming it (RFC 3261 §8.1.2), their Request-URIs unchanged; the CANCEL follows the
// INVITE's Route (§9.1).
TEST(OutboundProxy, EveryRequestGoesThroughItWithARoute) {
  PhoneConfig config = with_account("sip:alice@example.com", TransportKind::kTcp);
  config.accounts[0].proxy = "127.0.0.1:5070";
  Network net;
  test::Endpoint& alice = net.add(config, 5063);
  ASSERT_TRUE(alice.core->start(net.now));
  net.settle();
  EXPECT_TRUE(alice.locates.empty()) << "the proxy is an address: no lookup";
  EXPECT_EQ(net.sent_to.back(), (Flow{TransportKind::kTcp, "127.0.0.1", 5070, 0}));
  const sip::Message registering = net.take_captured(5070).at(0);
  EXPECT_EQ(registering.request_uri().text, "sip:example.com");
  EXPECT_EQ(*registering.header(sip::HeaderId::kRoute), "<sip:127.0.0.1:5070;lr;transport=tcp>");
  net.deliver_on(alice, {TransportKind::kTcp, "127.0.0.1", 5070, 5},
                 response_to(registering, 200, "Expires: 600\r\n"));
  ASSERT_TRUE(alice.core->dial("bob", net.now));
  net.settle();
  const sip::Message invite = net.take_captured(5070).at(0);
  EXPECT_EQ(invite.request_uri().text, "sip:bob@example.com");
  EXPECT_EQ(*invite.header(sip::HeaderId::kRoute), "<sip:127.0.0.1:5070;lr;transport=tcp>");
  net.deliver_on(alice, {TransportKind::kTcp, "127.0.0.1", 5070, 5}, response_to(invite, 180));
  ASSERT_TRUE(alice.core->hangup(std::nullopt, net.now));
  net.settle();
  const auto sent = net.take_captured(5070);
  ASSERT_FALSE(sent.empty());
  EXPECT_EQ(sent.back().method(), sip::Method::kCancel);
  EXPECT_EQ(*sent.back().header(sip::HeaderId::kRoute), "<sip:127.0.0.1:5070;lr;transport=tcp>");
}

}  // namespace
}  // namespace sipline::app
