// Two user agents in one test, wired back to back on a virtual clock: whole call flows in the
// RFC 3665 shapes (answered, rejected, cancelled, hung up from either side), the 2xx resent
// until its ACK and the BYE after 64·T1 without one, OPTIONS, 481 for unknown dialogs and the
// answer to a malformed request. (One user agent against responses written by hand:
// user_agent_auth_test.cpp.)
#include "sip/ua/user_agent.hpp"

#include <algorithm>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "sip/message/parser.hpp"
#include "tests/sip/ua/user_agent_support.hpp"

namespace sipline::sip {
namespace {

using test::config;
using test::flow;
using test::kAnswer;
using test::kOffer;

// Alice on port 5061 and Bob on 5062, their outputs delivered to each other.
class Network {
 public:
  Network()
      : random_(7), alice_(config("alice", 5061), random_), bob_(config("bob", 5062), random_) {}

  // Runs until both are quiet, then advances the clock to `until`, firing timers on the way.
  void run(TimePoint until) {
    pump();
    while (!timers_.empty()) {
      auto next =
          std::min_element(timers_.begin(), timers_.end(),
                           [](const auto& a, const auto& b) { return a.second < b.second; });
      if (next->second > until) {
        break;
      }
      now_ = std::max(now_, next->second);
      const auto [who, key] = next->first;
      timers_.erase(next);
      (who == 0 ? alice_ : bob_).on_timer(key, now_);
      pump();
    }
    now_ = std::max(now_, until);
  }
  void settle() { run(now_); }

  UserAgent& alice() { return alice_; }
  UserAgent& bob() { return bob_; }
  TimePoint now() const { return now_; }

  std::vector<UaOutput> alice_events, bob_events;
  std::vector<std::string> to_alice, to_bob;  // every message delivered
  std::function<bool(const std::string&)> drop_to_bob = [](const std::string&) { return false; };
  std::function<bool(const std::string&)> drop_to_alice = [](const std::string&) { return false; };

  // What each side heard of the call (CallEnded status, or 0).
  static int ended(const std::vector<UaOutput>& events) {
    for (const auto& e : events) {
      if (const auto* end = std::get_if<ua::CallEnded>(&e)) {
        return end->status;
      }
    }
    return 0;
  }
  // A copy: the event vectors grow (and move) as the flow goes on.
  template <class T>
  static std::optional<T> find(const std::vector<UaOutput>& events) {
    for (const auto& e : events) {
      if (const auto* found = std::get_if<T>(&e)) {
        return *found;
      }
    }
    return std::nullopt;
  }
  static int count_starting(const std::vector<std::string>& messages, const std::string& prefix) {
    return static_cast<int>(std::count_if(messages.begin(), messages.end(),
                                          [&](const auto& m) { return m.starts_with(prefix); }));
  }

 private:
  void pump() {
    for (bool busy = true; busy;) {
      const bool alice_spoke = drain(0);  // both drained every round
      const bool bob_spoke = drain(1);
      busy = alice_spoke || bob_spoke;
    }
  }
  bool drain(int who) {
    UserAgent& ua = who == 0 ? alice_ : bob_;
    bool any = false;
    while (auto output = ua.poll()) {
      any = true;
      if (auto* send = std::get_if<ua::Send>(&*output)) {
        const bool for_bob = send->to.remote_port == 5062;
        (for_bob ? to_bob : to_alice).push_back(send->bytes);
        if ((for_bob ? drop_to_bob : drop_to_alice)(send->bytes)) {
          continue;
        }
        (for_bob ? bob_ : alice_).on_message(flow(for_bob ? 5061 : 5062), send->bytes, now_);
      } else if (auto* set = std::get_if<ua::SetTimer>(&*output)) {
        timers_[{who, set->key}] = set->at;
      } else if (auto* cancel = std::get_if<ua::CancelTimer>(&*output)) {
        timers_.erase({who, cancel->key});
      } else {
        (who == 0 ? alice_events : bob_events).push_back(*output);
      }
    }
    return any;
  }

  SeededRandom random_;
  UserAgent alice_;
  UserAgent bob_;
  TimePoint now_{};
  std::map<std::pair<int, UaTimerKey>, TimePoint> timers_;
};

constexpr Duration kSecond{1'000'000};

// Alice dials Bob and the INVITE arrives: Alice's call id and Bob's IncomingCall.
struct Placed {
  CallId alice_call = 0;
  std::optional<ua::IncomingCall> incoming;
};

Placed alice_calls_bob(Network& net) {
  Placed placed;
  auto call = net.alice().dial("sip:bob@127.0.0.1:5062", flow(5062), kOffer, net.now());
  EXPECT_TRUE(call);
  placed.alice_call = call.value_or(0);
  net.settle();
  placed.incoming = Network::find<ua::IncomingCall>(net.bob_events);
  EXPECT_TRUE(placed.incoming);
  return placed;
}

TEST(UserAgent, AnsweredCallThenHangupByTheCaller) {
  Network net;
  const auto [call, incoming] = alice_calls_bob(net);
  ASSERT_TRUE(incoming);
  EXPECT_EQ(incoming->offer, kOffer);
  EXPECT_EQ(incoming->content_type, "application/sdp");
  ASSERT_TRUE(net.bob().ring(incoming->call, net.now()));
  net.settle();
  const auto progress = Network::find<ua::CallProgress>(net.alice_events);
  ASSERT_TRUE(progress);
  EXPECT_EQ(progress->status, 180);
  ASSERT_TRUE(net.bob().answer(incoming->call, kAnswer, net.now()));
  net.settle();
  const auto confirmed = Network::find<ua::CallConfirmed>(net.alice_events);
  ASSERT_TRUE(confirmed);
  EXPECT_EQ(confirmed->body, kAnswer);
  EXPECT_TRUE(Network::find<ua::CallConfirmed>(net.bob_events));  // the ACK came
  EXPECT_EQ(net.alice().call_state(call), CallState::kConfirmed);
  EXPECT_EQ(net.bob().call_state(incoming->call), CallState::kConfirmed);

  ASSERT_TRUE(net.alice().hangup(call, net.now()));
  net.run(net.now() + 40 * kSecond);
  EXPECT_EQ(Network::ended(net.bob_events), 200);
  EXPECT_EQ(Network::ended(net.alice_events), 200);
  EXPECT_EQ(net.alice().call_count(), 0U);
  EXPECT_EQ(net.bob().call_count(), 0U);
  EXPECT_EQ(Network::count_starting(net.to_bob, "BYE "), 1);
  EXPECT_EQ(Network::count_starting(net.to_bob, "ACK "), 1);
}

TEST(UserAgent, RejectedCallEndsWithItsStatusAndTheTransactionAcksIt) {
  Network net;
  const auto [call, incoming] = alice_calls_bob(net);
  ASSERT_TRUE(incoming);
  ASSERT_TRUE(net.bob().reject(incoming->call, 486, net.now()));
  net.run(net.now() + 40 * kSecond);
  EXPECT_EQ(Network::ended(net.alice_events), 486);
  EXPECT_EQ(Network::count_starting(net.to_bob, "ACK "), 1);  // the non-2xx ACK (§17.1.1.3)
  EXPECT_EQ(net.alice().call_count(), 0U);
}

TEST(UserAgent, CancelWhileRinging) {
  Network net;
  auto call = net.alice().dial("sip:bob@127.0.0.1:5062", flow(5062), kOffer, net.now());
  ASSERT_TRUE(call);
  // Hung up before any provisional response: the CANCEL waits for one (§9.1).
  ASSERT_TRUE(net.alice().hangup(*call, net.now()));
  EXPECT_EQ(Network::count_starting(net.to_bob, "CANCEL "), 0);
  net.settle();
  const auto incoming = Network::find<ua::IncomingCall>(net.bob_events);
  ASSERT_TRUE(incoming);
  ASSERT_TRUE(net.bob().ring(incoming->call, net.now()));
  net.run(net.now() + 40 * kSecond);
  EXPECT_EQ(Network::count_starting(net.to_bob, "CANCEL "), 1);
  EXPECT_EQ(Network::ended(net.bob_events), 487);
  EXPECT_EQ(Network::ended(net.alice_events), 487);
  EXPECT_EQ(net.bob().call_count(), 0U);
}

TEST(UserAgent, TheAnswerIsResentUntilTheAckAndAByeFollowsWithoutOne) {
  Network net;
  net.drop_to_bob = [](const std::string& m) { return m.starts_with("ACK "); };
  const auto [call, incoming] = alice_calls_bob(net);
  ASSERT_TRUE(incoming);
  const auto answered_at = net.now();
  ASSERT_TRUE(net.bob().answer(incoming->call, kAnswer, net.now()));
  net.run(answered_at + 40 * kSecond);
  // T1 = 500 ms doubling to T2 = 4 s within 64·T1 = 32 s: 0.5, 1.5, 3.5, 7.5, 11.5 … 31.5 s.
  const int oks = Network::count_starting(net.to_alice, "SIP/2.0 200 OK");
  EXPECT_GE(oks, 10);
  EXPECT_LE(oks, 13);
  // Alice ACKed every copy; Bob never saw one, so he ended the call with a BYE.
  EXPECT_GE(Network::count_starting(net.to_bob, "ACK "), oks);
  EXPECT_EQ(Network::count_starting(net.to_alice, "BYE "), 1);
  EXPECT_EQ(Network::ended(net.alice_events), 200);  // Alice heard the BYE
  EXPECT_EQ(net.bob().call_count(), 0U);
}

int count_confirmed(const std::vector<UaOutput>& events) {
  return static_cast<int>(std::count_if(events.begin(), events.end(), [](const UaOutput& e) {
    return std::holds_alternative<ua::CallConfirmed>(e);
  }));
}

TEST(UserAgent, AResentAnswerIsAckedAgainButConfirmsTheCallOnce) {
  Network net;
  net.drop_to_bob = [](const std::string& m) { return m.starts_with("ACK "); };
  const auto [call, incoming] = alice_calls_bob(net);
  ASSERT_TRUE(incoming);
  ASSERT_TRUE(net.bob().answer(incoming->call, kAnswer, net.now()));
  net.run(net.now() + 10 * kSecond);
  // RFC 3261 §13.2.2.4 / RFC 6026 §8.4: each copy of the 200 is ACKed; the call is up once.
  EXPECT_GE(Network::count_starting(net.to_alice, "SIP/2.0 200 OK"), 4);
  EXPECT_EQ(Network::count_starting(net.to_bob, "ACK "),
            Network::count_starting(net.to_alice, "SIP/2.0 200 OK"));
  EXPECT_EQ(count_confirmed(net.alice_events), 1);
  EXPECT_EQ(Network::count_starting(net.to_bob, "BYE "), 0);
  EXPECT_EQ(net.alice().call_state(call), CallState::kConfirmed);
}

TEST(UserAgent, ASecondForkAnsweringIsAckedAndSentByeWhileTheCallStays) {
  Network net;
  const auto [call, incoming] = alice_calls_bob(net);
  ASSERT_TRUE(incoming);
  ASSERT_TRUE(net.bob().answer(incoming->call, kAnswer, net.now()));
  net.settle();
  ASSERT_EQ(count_confirmed(net.alice_events), 1);
  // The same 200 from another fork: another To tag, while the INVITE is in Accepted.
  std::string fork;
  for (const std::string& m : net.to_alice) {
    if (m.starts_with("SIP/2.0 200 OK")) {
      fork = m;
    }
  }
  const std::size_t to = fork.find("\r\nTo: ");
  const std::size_t tag = fork.find(";tag=", to);
  ASSERT_NE(tag, std::string::npos);
  fork.replace(tag, fork.find("\r\n", tag) - tag, ";tag=otherfork");
  const int acks = Network::count_starting(net.to_bob, "ACK ");
  net.alice().on_message(flow(5062), fork, net.now());
  net.settle();
  EXPECT_EQ(Network::count_starting(net.to_bob, "ACK "), acks + 1);
  ASSERT_EQ(Network::count_starting(net.to_bob, "BYE "), 1);
  for (const std::string& m : net.to_bob) {
    if (m.starts_with("BYE ")) {
      EXPECT_NE(m.find(";tag=otherfork"), std::string::npos);  // the fork's dialog, not ours
    }
  }
  EXPECT_EQ(count_confirmed(net.alice_events), 1);
  EXPECT_EQ(net.alice().call_state(call), CallState::kConfirmed);
}

// After Timer M (64·T1) the INVITE's transaction is gone: a late 2xx reaches the user agent as
// a stray and is routed by our From tag — ACKed, and a fork's sent BYE — while a late 1xx,
// which has no ACK, is dropped (the transaction layer passes up stray 2xx only, and the user
// agent would drop a 1xx too).
TEST(UserAgent, LateResponsesAfterTheInviteTransactionEnded) {
  Network net;
  const auto [call, incoming] = alice_calls_bob(net);
  ASSERT_TRUE(incoming);
  ASSERT_TRUE(net.bob().answer(incoming->call, kAnswer, net.now()));
  net.run(net.now() + 40 * kSecond);
  ASSERT_EQ(net.alice().call_state(call), CallState::kConfirmed);
  std::string ok;
  for (const std::string& m : net.to_alice) {
    if (m.starts_with("SIP/2.0 200 OK") && m.find(" INVITE\r\n") != std::string::npos) {
      ok = m;
    }
  }
  ASSERT_FALSE(ok.empty());
  const std::size_t tag = ok.find(";tag=", ok.find("\r\nTo: "));
  ASSERT_NE(tag, std::string::npos);
  std::string fork = ok;
  fork.replace(tag, fork.find("\r\n", tag) - tag, ";tag=late");
  std::string progress = fork;
  progress.replace(0, progress.find("\r\n"), "SIP/2.0 183 Session Progress");
  const auto sent = net.to_bob.size();
  net.alice().on_message(flow(5062), progress, net.now());
  net.settle();
  EXPECT_EQ(net.to_bob.size(), sent);  // a provisional response gets no ACK
  net.alice().on_message(flow(5062), fork, net.now());
  net.settle();
  ASSERT_EQ(net.to_bob.size(), sent + 2);
  EXPECT_TRUE(net.to_bob[sent].starts_with("ACK "));
  EXPECT_TRUE(net.to_bob[sent + 1].starts_with("BYE "));
  EXPECT_NE(net.to_bob[sent + 1].find(";tag=late"), std::string::npos);
  EXPECT_EQ(net.alice().call_state(call), CallState::kConfirmed);
}

TEST(UserAgent, CalleeHangsUpAfterTheAck) {
  Network net;
  const auto [call, incoming] = alice_calls_bob(net);
  ASSERT_TRUE(incoming);
  ASSERT_TRUE(net.bob().answer(incoming->call, kAnswer, net.now()));
  // Hung up at once: the BYE waits for the ACK (§15).
  ASSERT_TRUE(net.bob().hangup(incoming->call, net.now()));
  net.run(net.now() + 40 * kSecond);
  EXPECT_EQ(Network::ended(net.alice_events), 200);
  EXPECT_EQ(Network::ended(net.bob_events), 200);
  // The BYE came after the ACK.
  EXPECT_EQ(Network::count_starting(net.to_alice, "BYE "), 1);
}

TEST(UserAgent, OptionsUnknownDialogsAndMalformedRequests) {
  Network net;
  SeededRandom random(3);
  const auto send_to_bob = [&](const std::string& text) {
    net.bob().on_message(flow(5061), text, net.now());
    net.settle();
  };
  send_to_bob(
      "OPTIONS sip:bob@127.0.0.1:5062 SIP/2.0\r\nVia: SIP/2.0/UDP "
      "127.0.0.1:5061;branch=z9hG4bKo1\r\n"
      "Max-Forwards: 70\r\nFrom: <sip:alice@127.0.0.1>;tag=a\r\nTo: <sip:bob@127.0.0.1>\r\n"
      "Call-ID: o1\r\nCSeq: 1 OPTIONS\r\nContent-Length: 0\r\n\r\n");
  ASSERT_FALSE(net.to_alice.empty());
  auto options = parse_message(net.to_alice.back());
  ASSERT_TRUE(options);
  EXPECT_EQ(options->status_code(), 200);
  EXPECT_NE(options->header("Allow")->find("INVITE"), std::string_view::npos);
  EXPECT_EQ(options->header("Accept"), "application/sdp");
  EXPECT_FALSE(options->to()->tag.empty());

  send_to_bob(
      "BYE sip:bob@127.0.0.1:5062 SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.1:5061;branch=z9hG4bKb1\r\n"
      "Max-Forwards: 70\r\nFrom: <sip:alice@127.0.0.1>;tag=a\r\nTo: <sip:bob@127.0.0.1>;tag=b\r\n"
      "Call-ID: nosuchcall\r\nCSeq: 2 BYE\r\nContent-Length: 0\r\n\r\n");
  EXPECT_TRUE(net.to_alice.back().starts_with("SIP/2.0 481"));

  send_to_bob(
      "INVITE sip:bob@127.0.0.1:5062 SIP/2.0\r\nVia: SIP/2.0/UDP "
      "127.0.0.1:5061;branch=z9hG4bKi9\r\n"
      "Max-Forwards: 70\r\nFrom: <sip:alice@127.0.0.1>;tag=a\r\nTo: <sip:bob@127.0.0.1>\r\n"
      "Call-ID: bad\r\nCSeq: notanumber INVITE\r\nContent-Length: 0\r\n\r\n");
  EXPECT_TRUE(net.to_alice.back().starts_with("SIP/2.0 400")) << net.to_alice.back();
  EXPECT_EQ(net.bob().call_count(), 0U);

  // A method we know but do not handle: 405 with Allow (§8.2.1).
  send_to_bob(
      "SUBSCRIBE sip:bob@127.0.0.1:5062 SIP/2.0\r\nVia: SIP/2.0/UDP "
      "127.0.0.1:5061;branch=z9hG4bKs\r\n"
      "Max-Forwards: 70\r\nFrom: <sip:alice@127.0.0.1>;tag=a\r\nTo: <sip:bob@127.0.0.1>\r\n"
      "Call-ID: s1\r\nCSeq: 1 SUBSCRIBE\r\nEvent: presence\r\nContent-Length: 0\r\n\r\n");
  EXPECT_TRUE(net.to_alice.back().starts_with("SIP/2.0 405")) << net.to_alice.back();
  EXPECT_NE(net.to_alice.back().find("Allow: INVITE"), std::string::npos);
}

}  // namespace
}  // namespace sipline::sip
