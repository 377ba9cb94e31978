// DTMF through the phone core on a virtual network and clock. Heard: a key the media reports
// (RFC 4733 events or tones) or the peer's SIP INFO becomes one typed event of its call.
// Pressed: the keys go one every 200 ms, a ',' waits a second, post-dial digits start a second
// after the answer, each by DTMFMethod (RFC 4733 when agreed, else tones; or SIP INFO).
#include <algorithm>

#include <gtest/gtest.h>

#include "app/core/phone_core.hpp"
#include "tests/app/core/phone_core_support.hpp"

namespace sipline::app {
namespace {

using namespace std::chrono_literals;
using InACall = test::AliceTalksToBob;  // PCMU only: no telephone-event agreed

// The keys an endpoint gave its media, as one string, and each one's time since `from`.
std::string keys_of(const test::Endpoint& endpoint) {
  std::string keys;
  for (const auto& pressed : endpoint.pressed) {
    keys += pressed.dtmf.key;
  }
  return keys;
}

std::string keys_heard(const test::Endpoint& endpoint) {
  std::string keys;
  for (const auto& heard : endpoint.events<event::CallDtmf>()) {
    keys += heard.key;
  }
  return keys;
}

TEST_F(InACall, AKeyTheMediaHeardIsToldAsAnEventOfItsCall) {
  const sip::CallId call = bob.core->calls().at(0).call.id;
  bob.core->on_media_dtmf(call, '5');
  bob.core->on_media_dtmf(call, '#', DtmfVia::kInBand);
  net.settle();
  const auto keys = bob.events<event::CallDtmf>();
  ASSERT_EQ(keys.size(), 2U);
  EXPECT_EQ(keys[0].key, '5');
  EXPECT_EQ(keys[1].key, '#');
  EXPECT_EQ(keys[1].via, DtmfVia::kInBand);
  EXPECT_EQ(keys[0].call.id, call);
  EXPECT_EQ(keys[0].call.direction, CallDirection::kIncoming);
  EXPECT_TRUE(alice.events<event::CallDtmf>().empty());
}

TEST_F(InACall, AKeyForACallThatIsGoneSaysNothing) {
  const sip::CallId call = bob.core->calls().at(0).call.id;
  bob.core->on_media_dtmf(call + 1, '1');  // no such call
  ASSERT_TRUE(alice.core->hangup(std::nullopt, net.now));
  net.settle();
  bob.core->on_media_dtmf(call, '2');  // its media's last tick, after the BYE
  net.settle();
  EXPECT_TRUE(bob.events<event::CallDtmf>().empty());
}

TEST_F(InACall, KeysGoOneEvery200MsAndACommaWaitsASecond) {
  const TimePoint start = net.now;
  ASSERT_TRUE(alice.core->send_dtmf(std::nullopt, "1a,#", net.now));
  net.settle();
  ASSERT_EQ(keys_of(alice), "1");                                  // the first at once
  EXPECT_EQ(alice.pressed[0].dtmf.via, DtmfVia::kInBand);          // no telephone-event: tones
  ASSERT_TRUE(alice.core->send_dtmf(std::nullopt, "9", net.now));  // waits its turn
  net.advance(5s);
  ASSERT_EQ(keys_of(alice), "1A#9");
  const std::vector<Duration> at{alice.pressed[0].at - start, alice.pressed[1].at - start,
                                 alice.pressed[2].at - start, alice.pressed[3].at - start};
  EXPECT_EQ(at, (std::vector<Duration>{0ms, 200ms, 1400ms, 1600ms}));
  EXPECT_EQ(alice.pressed[0].dtmf.call, alice.core->calls().at(0).call.id);
}

TEST_F(InACall, BadKeysAndCallsAreRefused) {
  EXPECT_FALSE(alice.core->send_dtmf(std::nullopt, "12x", net.now));
  EXPECT_FALSE(alice.core->send_dtmf(std::nullopt, "", net.now));
  EXPECT_FALSE(alice.core->send_dtmf(sip::CallId{99}, "1", net.now));
  EXPECT_FALSE(alice.core->send_dtmf(std::nullopt, std::string(65, '1'), net.now));
  ASSERT_TRUE(alice.core->send_dtmf(std::nullopt, std::string(64, '1'), net.now));
  EXPECT_FALSE(alice.core->send_dtmf(std::nullopt, "22", net.now));  // 63 still wait
  net.settle();
  EXPECT_EQ(keys_of(alice), "1");
}

TEST_F(InACall, KeysStopWhenTheCallEnds) {
  ASSERT_TRUE(alice.core->send_dtmf(std::nullopt, "123", net.now));
  net.settle();
  ASSERT_TRUE(bob.core->hangup(std::nullopt, net.now));
  net.settle();
  net.advance(2s);
  EXPECT_EQ(keys_of(alice), "1");
}

TEST_F(InACall, AHeldCallTakesNoKeys) {
  ASSERT_TRUE(alice.core->hold(std::nullopt, net.now));
  net.settle();
  const auto sent = alice.core->send_dtmf(std::nullopt, "1", net.now);
  ASSERT_FALSE(sent);
  EXPECT_EQ(sent.error().reason, "the call is on hold: no audio carries DTMF");
}

// Alice and Bob with telephone-event (RFC 4733) agreed, Alice pressing by `method`.
PhoneConfig with_events(const std::string& user, DtmfMethod method) {
  PhoneConfig config = test::phone(user);
  config.codecs.push_back({"telephone-event", 8000, 1, "0-16", 101});
  config.dtmf_method = method;
  return config;
}

struct Talking : ::testing::Test {
  Talking(DtmfMethod alice_method, bool bob_events,
          std::string_view dialled = "sip:bob@127.0.0.1:5062")
      : alice(net.add(with_events("alice", alice_method), 5061)),
        bob(net.add(bob_events ? with_events("bob", DtmfMethod::kAuto) : test::phone("bob"),
                    5062)) {
    EXPECT_TRUE(alice.core->start(net.now));
    EXPECT_TRUE(bob.core->start(net.now));
    EXPECT_TRUE(alice.core->dial(dialled, net.now));
    net.settle();
    EXPECT_TRUE(bob.core->answer(std::nullopt, net.now));
    net.settle();
    EXPECT_EQ(alice.events<event::CallConfirmed>().size(), 1U);
  }
  test::Network net;
  test::Endpoint& alice;
  test::Endpoint& bob;
};

struct AutoWithEvents : Talking {
  AutoWithEvents() : Talking(DtmfMethod::kAuto, true) {}
};
TEST_F(AutoWithEvents, KeysGoAsRtpEvents) {
  ASSERT_TRUE(alice.core->send_dtmf(std::nullopt, "5", net.now));
  net.settle();
  ASSERT_EQ(alice.pressed.size(), 1U);
  EXPECT_EQ(alice.pressed[0].dtmf.via, DtmfVia::kRtpEvent);
}

struct InBandWithEvents : Talking {
  InBandWithEvents() : Talking(DtmfMethod::kInBand, true) {}
};
TEST_F(InBandWithEvents, KeysGoAsTonesAllTheSame) {
  ASSERT_TRUE(alice.core->send_dtmf(std::nullopt, "5", net.now));
  net.settle();
  ASSERT_EQ(alice.pressed.size(), 1U);
  EXPECT_EQ(alice.pressed[0].dtmf.via, DtmfVia::kInBand);
}

struct EventsOnlyToAPeerWithout : Talking {
  EventsOnlyToAPeerWithout() : Talking(DtmfMethod::kRtpEvent, false) {}
};
TEST_F(EventsOnlyToAPeerWithout, KeysAreRefusedSayingWhy) {
  const auto sent = alice.core->send_dtmf(std::nullopt, "5", net.now);
  ASSERT_FALSE(sent);
  EXPECT_EQ(sent.error().reason,
            "the peer did not agree to RFC 4733 telephone-event (DTMFMethod=2)");
  EXPECT_TRUE(alice.pressed.empty());
}

struct ByInfo : Talking {
  ByInfo() : Talking(DtmfMethod::kSipInfo, false) {}
};
TEST_F(ByInfo, KeysGoAsDtmfRelayAndThePeerHearsEachOnce) {
  ASSERT_TRUE(alice.core->send_dtmf(std::nullopt, "5#", net.now));
  net.settle();
  net.advance(1s);
  const auto infos = net.requests(sip::Method::kInfo);
  ASSERT_EQ(infos.size(), 2U);
  EXPECT_EQ(infos[0].header(sip::HeaderId::kContentType), "application/dtmf-relay");
  EXPECT_EQ(infos[0].body(), "Signal=5\r\nDuration=160\r\n");
  EXPECT_TRUE(alice.pressed.empty());  // nothing through the media
  ASSERT_EQ(keys_heard(bob), "5#");
  const auto heard = bob.events<event::CallDtmf>();
  EXPECT_EQ(heard[0].via, DtmfVia::kSipInfo);
  EXPECT_TRUE(alice.events<event::DtmfNotSent>().empty());
}

// Carol, played by the test, calls Bob (DTMFMethod=3) and talks: her INFOs are heard, and she
// answers Bob's as the test says.
struct InfoWithFarEnd : ::testing::Test {
  InfoWithFarEnd() {
    EXPECT_TRUE(bob.core->start(net.now));
    const std::string sdp =
        "v=0\r\no=- 7 7 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n"
        "m=audio 4000 RTP/AVP 0\r\n";
    net.deliver(bob, 5070, request("INVITE", "application/sdp", sdp, ""));
    EXPECT_TRUE(bob.core->answer(std::nullopt, net.now));
    net.settle();
    const auto sent = net.take_captured(5070);
    bob_tag = std::string(sent.back().to()->tag);
    net.deliver(bob, 5070, request("ACK", "", "", bob_tag, cseq));
    EXPECT_EQ(bob.events<event::CallConfirmed>().size(), 1U);
  }
  std::string request(std::string_view method, std::string_view type, const std::string& body,
                      const std::string& tag, std::uint32_t seq = 0) {
    return test::carol_request(method, seq == 0 ? ++cseq : seq, tag, type, body);
  }
  static PhoneConfig by_info() {
    PhoneConfig config = test::phone("bob");
    config.dtmf_method = DtmfMethod::kSipInfo;
    return config;
  }
  test::Network net;
  test::Endpoint& bob = net.add(by_info(), 5062);
  std::string bob_tag;
  std::uint32_t cseq = 0;
};

TEST_F(InfoWithFarEnd, HerKeysInEitherBodyAreHeardOnceEach) {
  net.deliver(bob, 5070,
              request("INFO", "application/dtmf-relay", "Signal=7\r\nDuration=250\r\n", bob_tag));
  net.deliver(bob, 5070, request("INFO", "application/dtmf-relay", "signal= 11\n", bob_tag));
  net.deliver(bob, 5070, request("INFO", "application/dtmf", "b", bob_tag));
  net.deliver(bob, 5070, request("INFO", "application/dtmf-relay", "Signal=x\r\n", bob_tag));
  net.deliver(bob, 5070, request("INFO", "application/media_control+xml", "<x/>", bob_tag));
  const auto answers = net.take_captured(5070);
  ASSERT_EQ(answers.size(), 5U);
  for (std::size_t i = 0; i < 4; ++i) {
    EXPECT_EQ(answers[i].status_code(), 200);
  }
  EXPECT_EQ(answers[4].status_code(), 415);  // a body it does not read (RFC 3261 §21.4.13)
  ASSERT_EQ(keys_heard(bob), "7#B");
  EXPECT_EQ(bob.events<event::CallDtmf>().at(0).via, DtmfVia::kSipInfo);
}

TEST_F(InfoWithFarEnd, HerRefusalIsToldAndTheRestDropped) {
  ASSERT_TRUE(bob.core->send_dtmf(std::nullopt, "12", net.now));
  net.settle();
  auto sent = net.take_captured(5070);
  ASSERT_EQ(sent.size(), 1U);
  EXPECT_EQ(sent[0].method(), sip::Method::kInfo);
  net.deliver(bob, 5070, test::response_to(sent[0], 415));
  const auto refused = bob.events<event::DtmfNotSent>();
  ASSERT_EQ(refused.size(), 1U);
  EXPECT_EQ(refused[0].key, '1');
  EXPECT_EQ(refused[0].reason, "the peer answered its INFO 415");
  net.advance(2s);
  EXPECT_TRUE(net.take_captured(5070).empty());         // '2' never went
  EXPECT_TRUE(bob.events<event::CallEnded>().empty());  // the call goes on
}

TEST_F(InfoWithFarEnd, NoAnswerToOurInfoEndsTheCall) {
  ASSERT_TRUE(bob.core->send_dtmf(std::nullopt, "1", net.now));
  net.settle();
  ASSERT_EQ(net.take_captured(5070).size(), 1U);
  net.advance(40s);  // Timer F: 64·T1 (RFC 3261 §17.1.2.2), then BYE (§12.2.1.2)
  const auto sent = net.take_captured(5070);
  EXPECT_TRUE(std::ranges::any_of(sent, [](const sip::Message& m) {
    return m.is_request() && m.method() == sip::Method::kBye;
  }));
  ASSERT_EQ(bob.events<event::DtmfNotSent>().size(), 1U);
}

struct PostDial : Talking {
  PostDial() : Talking(DtmfMethod::kAuto, true, "sip:bob@127.0.0.1:5062,12,3") {}
};
TEST_F(PostDial, DigitsGoASecondAfterTheAnswer) {
  const TimePoint answered = net.now;
  EXPECT_EQ(alice.events<event::CallOutgoing>().at(0).call.remote_uri, "sip:bob@127.0.0.1:5062");
  net.advance(999ms);
  EXPECT_TRUE(alice.pressed.empty());
  net.advance(5s);
  ASSERT_EQ(keys_of(alice), "123");
  EXPECT_EQ(alice.pressed[0].at - answered, 1000ms);
  EXPECT_EQ(alice.pressed[1].at - answered, 1200ms);
  EXPECT_EQ(alice.pressed[2].at - answered, 2400ms);
}

}  // namespace
}  // namespace sipline::app
