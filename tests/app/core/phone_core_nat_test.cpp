// Behind a NAT (allowRewrite, RFC 3581): the registrar's answer says where it saw us; the
// account registers that address instead of its own, and its calls carry it in their Contact
// and SDP.
#include <gtest/gtest.h>

#include "app/core/phone_core.hpp"
#include "tests/app/core/phone_core_support.hpp"

namespace sipline::app {
namespace {

using test::Network;
using test::phone;
using test::response_to;

// The answer to `request` as a registrar behind a NAT from us writes it.
std::string answer_through_nat(const sip::Message& request) {
  std::string text = response_to(request, 200, "Expires: 600\r\n");
  const auto at = text.find(";rport");
  EXPECT_NE(at, std::string::npos);
  text.replace(at, 6, ";received=203.0.113.5;rport=42000");
  return text;
}

TEST(NatAccount, RegistersAndCallsFromTheAddressTheRegistrarSaw) {
  PhoneConfig config = phone("alice");
  AccountConfig account;
  account.aor = "sip:alice@127.0.0.1:5060";
  account.password = "secret";
  account.allow_rewrite = true;
  config.accounts.push_back(account);
  Network net;
  test::Endpoint& alice = net.add(config, 5061);
  ASSERT_TRUE(alice.core->start(net.now));
  net.settle();
  net.deliver(alice, 5060, answer_through_nat(net.take_captured(5060).at(0)));
  const sip::Message again = net.take_captured(5060).at(0);
  EXPECT_EQ(again.method(), sip::Method::kRegister);
  EXPECT_EQ(again.contacts()[0].uri.text, "sip:alice@203.0.113.5:42000");
  net.deliver(alice, 5060, answer_through_nat(again));
  EXPECT_EQ(alice.events<event::RegistrationChanged>().back().state,
            sip::RegistrationState::kRegistered);
  ASSERT_TRUE(alice.core->dial("bob", net.now));
  net.settle();
  const sip::Message invite = net.take_captured(5060).at(0);
  EXPECT_EQ(invite.method(), sip::Method::kInvite);
  EXPECT_EQ(*invite.header(sip::HeaderId::kContact), "<sip:alice@203.0.113.5:42000>");
  // Its media too: reached at the NAT's address (the RTP port kept, as a NAT mostly keeps it;
  // the peer's latching finds the rest).
  EXPECT_NE(invite.body().find("c=IN IP4 203.0.113.5\r\n"), std::string_view::npos)
      << invite.body();
}

// publicAddr: a NAT forwards our ports from its address; that address is in the REGISTER's
// Contact and the calls' Contact and SDP from the start.
TEST(NatAccount, APublicAddressIsRegisteredAndOfferedFromTheStart) {
  PhoneConfig config = phone("alice");
  AccountConfig account;
  account.aor = "sip:alice@127.0.0.1:5060";
  account.password = "secret";
  account.public_address = "198.51.100.9";
  config.accounts.push_back(account);
  Network net;
  test::Endpoint& alice = net.add(config, 5061);
  ASSERT_TRUE(alice.core->start(net.now));
  net.settle();
  const sip::Message registering = net.take_captured(5060).at(0);
  EXPECT_EQ(registering.contacts()[0].uri.text, "sip:alice@198.51.100.9:5061");
  EXPECT_TRUE(registering.header(sip::HeaderId::kVia)->starts_with("SIP/2.0/UDP 127.0.0.1:5061"));
  net.deliver(alice, 5060, response_to(registering, 200, "Expires: 600\r\n"));
  ASSERT_TRUE(alice.core->dial("bob", net.now));
  net.settle();
  const sip::Message invite = net.take_captured(5060).at(0);
  EXPECT_EQ(*invite.header(sip::HeaderId::kContact), "<sip:alice@198.51.100.9:5061>");
  EXPECT_NE(invite.body().find("c=IN IP4 198.51.100.9\r\n"), std::string_view::npos);
}

// STUN (RFC 5389): the phone asks first where a NAT shows its SIP port; the accounts register
// only then, from that address and port, and calls offer media there. No answer: they register
// from their own, and the line says so.
struct StunAccount : ::testing::Test {
  StunAccount() {
    PhoneConfig config = phone("alice");
    config.stun_server = "stun.test";
    AccountConfig account;
    account.aor = "sip:alice@127.0.0.1:5060";
    account.password = "secret";
    config.accounts.push_back(account);
    alice = &net.add(config, 5061);
    EXPECT_TRUE(alice->core->start(net.now));
    net.settle();
  }
  Network net;
  test::Endpoint* alice = nullptr;
};

TEST_F(StunAccount, RegistersFromTheAddressStunFound) {
  EXPECT_TRUE(net.take_captured(5060).empty()) << "no REGISTER before STUN answers";
  ASSERT_TRUE(alice->core->dial("bob", net.now));  // waits like any dial before registering
  net.settle();
  EXPECT_EQ(alice->events<event::DialWaiting>().size(), 1U);
  alice->core->on_public_address("203.0.113.7", 61000, "", net.now);
  net.settle();
  const auto found = alice->events<event::PublicAddress>();
  ASSERT_EQ(found.size(), 1U);
  EXPECT_EQ(found[0].address, "203.0.113.7");
  const sip::Message registering = net.take_captured(5060).at(0);
  EXPECT_EQ(registering.contacts()[0].uri.text, "sip:alice@203.0.113.7:61000");
  net.deliver(*alice, 5060, response_to(registering, 200, "Expires: 600\r\n"));
  const sip::Message invite = net.take_captured(5060).at(0);
  EXPECT_EQ(invite.method(), sip::Method::kInvite);
  EXPECT_EQ(*invite.header(sip::HeaderId::kContact), "<sip:alice@203.0.113.7:61000>");
  EXPECT_NE(invite.body().find("c=IN IP4 203.0.113.7\r\n"), std::string_view::npos);
  alice->core->on_public_address("198.51.100.1", 1, "", net.now);  // a late second answer
  net.settle();
  EXPECT_EQ(alice->events<event::PublicAddress>().size(), 1U) << "taken once";
}

TEST_F(StunAccount, WithoutAnAnswerItRegistersFromItsOwnAddress) {
  alice->core->on_public_address("", 0, "the STUN server did not answer", net.now);
  net.settle();
  EXPECT_EQ(alice->events<event::PublicAddress>().at(0).error, "the STUN server did not answer");
  const sip::Message registering = net.take_captured(5060).at(0);
  EXPECT_EQ(registering.contacts()[0].uri.text, "sip:alice@127.0.0.1:5061");
}

}  // namespace
}  // namespace sipline::app
