// MicroSIP's /account:N and /password: on the phone core: the default account changes what a
// dial goes through, and a new password registers again at once and answers the registrar's
// challenge with it. A virtual network and clock, a registrar written by the test.
#include <gtest/gtest.h>

#include "app/core/phone_core.hpp"
#include "tests/app/core/phone_core_support.hpp"

namespace sipline::app {
namespace {

using test::Network;
using test::phone;
using test::response_to;

AccountConfig account(const std::string& user, const std::string& password) {
  AccountConfig out;
  out.aor = "sip:" + user + "@127.0.0.1:5060";
  out.password = password;
  out.expires = 600;
  return out;
}

constexpr const char* kChallenge =
    "WWW-Authenticate: Digest realm=\"pbx\", nonce=\"n1\", algorithm=MD5\r\n";

// The Authorization a phone with `password` answers the registrar's (qop-less, so
// deterministic) challenge with.
std::string answer_with(const std::string& password) {
  Network net;
  PhoneConfig config = phone("alice");
  config.accounts.push_back(account("alice", password));
  auto& alice = net.add(config, 5061);
  EXPECT_TRUE(alice.core->start(net.now));
  net.settle();
  net.deliver(alice, 5060, response_to(net.take_captured(5060).at(0), 401, kChallenge));
  return std::string(
      net.take_captured(5060).at(0).header(sip::HeaderId::kAuthorization).value_or(""));
}

TEST(PhoneCoreAccounts, ANewPasswordRegistersAgainAndAnswersTheChallengeWithIt) {
  Network net;
  PhoneConfig config = phone("alice");
  config.accounts.push_back(account("alice", "wrong"));
  auto& alice = net.add(config, 5061);
  ASSERT_TRUE(alice.core->start(net.now));
  net.settle();
  net.deliver(alice, 5060, response_to(net.take_captured(5060).at(0), 401, kChallenge));
  const sip::Message wrong = net.take_captured(5060).at(0);
  net.deliver(alice, 5060, response_to(wrong, 403));
  // Refused: it waits to retry, with the same wrong password, unless given another.
  EXPECT_EQ(alice.events<event::RegistrationChanged>().back().state,
            sip::RegistrationState::kWaiting);

  ASSERT_TRUE(alice.core->set_password("right", net.now));
  net.settle();
  const sip::Message again = net.take_captured(5060).at(0);
  EXPECT_EQ(again.method(), sip::Method::kRegister);
  net.deliver(alice, 5060, response_to(again, 401, kChallenge));
  const sip::Message answered = net.take_captured(5060).at(0);
  const std::string authorization(answered.header(sip::HeaderId::kAuthorization).value_or(""));
  EXPECT_EQ(authorization, answer_with("right"));
  EXPECT_NE(authorization, std::string(wrong.header(sip::HeaderId::kAuthorization).value_or("")));
  net.deliver(alice, 5060, response_to(answered, 200, "Expires: 600\r\n"));
  EXPECT_EQ(alice.events<event::RegistrationChanged>().back().state,
            sip::RegistrationState::kRegistered);
}

TEST(PhoneCoreAccounts, TheDefaultAccountPicksWhatADialGoesThrough) {
  Network net;
  PhoneConfig config = phone("alice");
  config.accounts.push_back(account("alice", "a"));
  config.accounts.push_back(account("carol", "c"));
  auto& alice = net.add(config, 5061);
  ASSERT_TRUE(alice.core->start(net.now));
  net.settle();
  for (const sip::Message& request : net.take_captured(5060)) {
    net.deliver(alice, 5060, response_to(request, 200, "Expires: 600\r\n"));
  }
  EXPECT_FALSE(alice.core->set_default_account(3));
  ASSERT_TRUE(alice.core->set_default_account(2));
  EXPECT_TRUE(alice.core->accounts().at(1).is_default);
  ASSERT_TRUE(alice.core->dial("1002", net.now));
  net.settle();
  const sip::Message invite = net.take_captured(5060).at(0);
  EXPECT_EQ(invite.method(), sip::Method::kInvite);
  EXPECT_EQ(invite.from()->uri.text, "sip:carol@127.0.0.1:5060");
  // The local account (calls by IP) has no password to set.
  ASSERT_TRUE(alice.core->set_default_account(0));
  EXPECT_FALSE(alice.core->set_password("x", net.now));
}

}  // namespace
}  // namespace sipline::app
