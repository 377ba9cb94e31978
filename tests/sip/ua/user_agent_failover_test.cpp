// RFC 3263 §4.3 for calls: an INVITE that times out at a server, cannot be sent there or gets a
// 503 goes again — the same request with a new branch — to the next server DNS gave, on a
// virtual clock; the servers are written out by hand.
#include <algorithm>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <gtest/gtest.h>

#include "sip/message/parser.hpp"
#include "sip/ua/user_agent.hpp"
#include "tests/sip/ua/user_agent_support.hpp"

namespace sipline::sip {
namespace {

using namespace std::chrono_literals;

using test::flow;
using test::kOffer;

// Alice (5061) calling bob through servers on ports 6000, 6001 and 6002, in that order.
class Failover : public ::testing::Test {
 protected:
  Failover() : alice_(test::config("alice", 5061), random_) {
    CallerIdentity caller;
    caller.other_servers = {flow(6001), flow(6002)};
    const auto id = alice_.dial("sip:bob@pbx.test", flow(6000), kOffer, now_, caller);
    EXPECT_TRUE(id);
    call_ = id.value_or(0);
    drain();
  }

  // What alice sent to `port`, parsed, in order.
  std::vector<Message> sent_to(std::uint16_t port) const {
    std::vector<Message> out;
    for (const auto& [to, text] : sent_) {
      if (to == port) {
        out.push_back(*parse_message(text));
      }
    }
    return out;
  }
  // The server on `port` answers its last INVITE with `status`.
  void answer(std::uint16_t port, int status, const std::string& extra = "") {
    const Message invite = sent_to(port).front();
    now_ += 10ms;
    alice_.on_message(flow(port), test::response_text(invite, status, extra, "srv"), now_);
    drain();
  }
  // The clock moves on to `until`, firing alice's timers on the way.
  void advance(TimePoint until) {
    while (!timers_.empty()) {
      const auto next = std::ranges::min_element(
          timers_, [](const auto& a, const auto& b) { return a.second < b.second; });
      if (next->second > until) {
        break;
      }
      now_ = std::max(now_, next->second);
      const UaTimerKey key = next->first;
      timers_.erase(next);
      alice_.on_timer(key, now_);
      drain();
    }
    now_ = std::max(now_, until);
  }
  std::vector<ua::CallRetried> retries() const {
    std::vector<ua::CallRetried> out;
    for (const auto& event : events_) {
      if (const auto* retried = std::get_if<ua::CallRetried>(&event)) {
        out.push_back(*retried);
      }
    }
    return out;
  }
  std::optional<int> ended() const {
    for (const auto& event : events_) {
      if (const auto* end = std::get_if<ua::CallEnded>(&event)) {
        return end->status;
      }
    }
    return std::nullopt;
  }
  bool confirmed() const {
    return std::ranges::any_of(events_, [](const auto& event) {
      return std::holds_alternative<ua::CallConfirmed>(event);
    });
  }

  // Alice's outputs, into what she sent, her timers and her events.
  void drain() {
    while (auto output = alice_.poll()) {
      if (const auto* send = std::get_if<ua::Send>(&*output)) {
        sent_.emplace_back(send->to.remote_port, send->bytes);
      } else if (const auto* set = std::get_if<ua::SetTimer>(&*output)) {
        timers_[set->key] = set->at;
      } else if (const auto* cancel = std::get_if<ua::CancelTimer>(&*output)) {
        timers_.erase(cancel->key);
      } else {
        events_.push_back(*output);
      }
    }
  }

  SeededRandom random_{5};
  UserAgent alice_;
  CallId call_ = 0;
  TimePoint now_{};

 private:
  std::vector<std::pair<std::uint16_t, std::string>> sent_;
  std::map<UaTimerKey, TimePoint> timers_;
  std::vector<UaOutput> events_;
};

std::string_view header(const Message& message, HeaderId id) { return *message.header(id); }

TEST_F(Failover, A503SendsTheSameInviteWithANewBranchToTheNextServer) {
  answer(6000, 503);
  ASSERT_EQ(sent_to(6001).size(), 1U);
  const Message first = sent_to(6000).front();
  const Message second = sent_to(6001).front();
  EXPECT_EQ(second.method(), Method::kInvite);
  EXPECT_EQ(second.request_uri().text, first.request_uri().text);
  EXPECT_EQ(second.call_id(), first.call_id());
  EXPECT_EQ(header(second, HeaderId::kFrom), header(first, HeaderId::kFrom));
  EXPECT_EQ(header(second, HeaderId::kCSeq), header(first, HeaderId::kCSeq));
  EXPECT_NE(second.vias()[0].branch, first.vias()[0].branch);
  EXPECT_EQ(second.body(), first.body());
  ASSERT_EQ(retries().size(), 1U);
  EXPECT_EQ(retries()[0].status, 503);
  EXPECT_EQ(retries()[0].to.remote_port, 6001);
  EXPECT_FALSE(ended());

  // The second server puts the call through; the ACK goes there.
  answer(6001, 200, "Contact: <sip:bob@127.0.0.1:6001>\r\n");
  EXPECT_TRUE(confirmed());
  EXPECT_EQ(sent_to(6001).back().method(), Method::kAck);
  EXPECT_TRUE(sent_to(6002).empty());
}

TEST_F(Failover, AnInviteThatTimesOutGoesToTheNextServerAfterTimerB) {
  advance(TimePoint{} + 31s);
  EXPECT_TRUE(sent_to(6001).empty());  // still retransmitting to the first
  advance(TimePoint{} + 32s);          // Timer B: 64·T1
  ASSERT_EQ(retries().size(), 1U);
  EXPECT_EQ(retries()[0].status, 408);
  EXPECT_EQ(sent_to(6001).size(), 1U);
  EXPECT_FALSE(ended());
}

TEST_F(Failover, AServerTheTransportCannotReachIsLeftAtOnce) {
  alice_.on_flow_failed(flow(6000), now_);
  drain();
  ASSERT_EQ(retries().size(), 1U);
  EXPECT_EQ(retries()[0].status, 503);
  EXPECT_EQ(sent_to(6001).size(), 1U);
}

TEST_F(Failover, WhenEveryServerFailsTheCallEndsWithTheLastStatus) {
  answer(6000, 503);
  answer(6001, 503);
  answer(6002, 503);
  EXPECT_EQ(retries().size(), 2U);
  EXPECT_EQ(ended(), 503);
}

TEST_F(Failover, OtherFailuresAreTheCallees) {
  answer(6000, 486);  // busy: the callee's answer, whichever server carried it
  EXPECT_TRUE(retries().empty());
  EXPECT_TRUE(sent_to(6001).empty());
  EXPECT_EQ(ended(), 486);
}

TEST_F(Failover, ACallHungUpWhileTryingIsNotTakenFurther) {
  ASSERT_TRUE(alice_.hangup(call_, now_));
  alice_.on_flow_failed(flow(6000), now_);
  drain();
  EXPECT_TRUE(retries().empty());
  EXPECT_TRUE(sent_to(6001).empty());
  EXPECT_EQ(ended(), 503);
}

}  // namespace
}  // namespace sipline::sip
