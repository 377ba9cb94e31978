// SIP MESSAGE through the phone core on a virtual network (phone_core_messages.cpp): a text from
// Alice to Bob by IP is told on Bob's side with who sent it and on Alice's as delivered; a refusal
// is told as failed; what cannot be sent says why at once.
#include <gtest/gtest.h>

#include "app/core/phone_core.hpp"
#include "tests/app/core/phone_core_support.hpp"

namespace sipline::app {
namespace {

struct Messages : ::testing::Test {
  Messages() {
    EXPECT_TRUE(alice.core->start(net.now));
    EXPECT_TRUE(bob.core->start(net.now));
  }
  test::Network net;
  test::Endpoint& alice = net.add(test::phone("alice"), 5061);
  test::Endpoint& bob = net.add(test::phone("bob"), 5062);
};

TEST_F(Messages, ATextReachesBobAndAliceHearsItWasDelivered) {
  const auto id = alice.core->send_message("sip:bob@127.0.0.1:5062", "hello\nbob", net.now);
  ASSERT_TRUE(id);
  net.settle();
  const auto received = bob.events<event::MessageReceived>();
  ASSERT_EQ(received.size(), 1U);
  EXPECT_EQ(received[0].text, "hello\nbob");
  EXPECT_EQ(received[0].from_uri, "sip:alice@127.0.0.1:5061");
  const auto answered = alice.events<event::MessageAnswered>();
  ASSERT_EQ(answered.size(), 1U);
  EXPECT_EQ(answered[0].id, *id);
  EXPECT_EQ(answered[0].to, "sip:bob@127.0.0.1:5062");
  EXPECT_EQ(answered[0].status, 200);
  EXPECT_TRUE(bob.events<event::CallIncoming>().empty());  // no call came of it
}

TEST_F(Messages, ARefusalIsToldAsItsStatus) {
  ASSERT_TRUE(alice.core->send_message("sip:carol@127.0.0.1:5070", "are you there", net.now));
  net.settle();
  const auto sent = net.take_captured(5070);
  ASSERT_EQ(sent.size(), 1U);
  EXPECT_EQ(sent[0].method(), sip::Method::kMessage);
  EXPECT_EQ(sent[0].body(), "are you there");
  net.deliver(alice, 5070, test::response_to(sent[0], 486));
  const auto answered = alice.events<event::MessageAnswered>();
  ASSERT_EQ(answered.size(), 1U);
  EXPECT_EQ(answered[0].status, 486);
}

TEST_F(Messages, WhatCannotBeSentSaysWhy) {
  EXPECT_EQ(alice.core->send_message("sip:bob@127.0.0.1:5062", "", net.now).error().reason,
            "no text to send");
  EXPECT_EQ(alice.core->send_message("sip:bob@127.0.0.1:5062", std::string(8193, 'x'), net.now)
                .error()
                .reason,
            "a message is 8192 bytes at most");
  EXPECT_EQ(alice.core->send_message("sip:bob@pbx.example.com", "hi", net.now).error().reason,
            "a message without an account goes to an IP address");
  EXPECT_EQ(alice.core->send_message("<bob>", "hi", net.now).error().reason,
            "not a SIP address (try sip:user@host:port)");
  net.settle();
  EXPECT_TRUE(net.take_captured(5060).empty());
}

TEST_F(Messages, TypingNoticesAreTakenAndNotShown) {
  const std::string notice =
      "MESSAGE sip:bob@127.0.0.1:5062 SIP/2.0\r\n"
      "Via: SIP/2.0/UDP 127.0.0.1:5070;branch=z9hG4bKc1\r\nMax-Forwards: 70\r\n"
      "From: <sip:carol@127.0.0.1:5070>;tag=c1\r\nTo: <sip:bob@127.0.0.1:5062>\r\n"
      "Call-ID: c1\r\nCSeq: 1 MESSAGE\r\nContent-Type: application/im-iscomposing+xml\r\n"
      "Content-Length: 4\r\n\r\n<x/>";
  net.deliver(bob, 5070, notice);
  const auto answers = net.take_captured(5070);
  ASSERT_EQ(answers.size(), 1U);
  EXPECT_EQ(answers[0].status_code(), 200);
  EXPECT_TRUE(bob.events<event::MessageReceived>().empty());
}

}  // namespace
}  // namespace sipline::app
