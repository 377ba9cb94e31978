// Incoming calls against a caller written out by hand, as SIPp sends them, on a virtual clock: a
// CANCEL that crosses the answer (RFC 3261 §9.2) and INVITEs beyond max_calls.
#include <optional>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "sip/message/parser.hpp"
#include "sip/ua/user_agent.hpp"
#include "tests/sip/ua/user_agent_support.hpp"

namespace sipline::sip {
namespace {

using namespace std::chrono_literals;

using test::kAnswer;
using test::kOffer;
const transport::Flow kCaller{transport::TransportKind::kUdp, "127.0.0.1", 5061, 0};

// A request of call `call_id` from the caller; `to` is the To header value (ACK and BYE copy the
// To of a response, tag included).
std::string request(const std::string& method, const std::string& branch, int cseq,
                    const std::string& call_id = "race", const std::string& to = "<sip:bob@b>") {
  const bool invite = method == "INVITE";
  return fmt::format(
      "{0} sip:bob@127.0.0.1:5062 SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.1:5061;branch={1}\r\n"
      "Max-Forwards: 70\r\nFrom: <sip:sipp@a>;tag=caller\r\nTo: {2}\r\nCall-ID: {3}\r\n"
      "CSeq: {4} {0}\r\nContact: <sip:sipp@127.0.0.1:5061>\r\n{5}Content-Length: {6}\r\n\r\n{7}",
      method, branch, to, call_id, cseq, invite ? "Content-Type: application/sdp\r\n" : "",
      invite ? std::string_view(kOffer).size() : 0, invite ? kOffer : "");
}

// Bob alone, auto-answering or not, and what he sends back.
class Callee {
 public:
  explicit Callee(std::size_t max_calls = 1024) : random_(11), bob_(config(max_calls), random_) {}

  // Delivers `text` from the caller 10 ms after the last input; returns Bob's replies.
  std::vector<Message> receive(const std::string& text) {
    now_ += 10ms;
    bob_.on_message(kCaller, text, now_);
    return collect();
  }
  std::vector<Message> collect() {
    std::vector<Message> sent;
    while (auto output = bob_.poll()) {
      if (const auto* send = std::get_if<ua::Send>(&*output)) {
        auto message = parse_message(send->bytes);
        EXPECT_TRUE(message) << send->bytes;
        if (message) {
          sent.push_back(std::move(*message));
        }
      } else if (std::holds_alternative<ua::SetTimer>(*output)) {
        ++timers_set;
      } else if (const auto* incoming = std::get_if<ua::IncomingCall>(&*output)) {
        incoming_calls.push_back(incoming->call);
      } else if (std::holds_alternative<ua::CallConfirmed>(*output)) {
        ++confirmed;
      } else if (const auto* ended = std::get_if<ua::CallEnded>(&*output)) {
        ended_status = ended->status;
      }
    }
    return sent;
  }
  UserAgent& bob() { return bob_; }
  TimePoint now() const { return now_; }

  std::vector<CallId> incoming_calls;
  int timers_set = 0;
  int confirmed = 0;
  std::optional<int> ended_status;

 private:
  static UserAgentConfig config(std::size_t max_calls) {
    UserAgentConfig c;
    c.local_uri = c.contact = "sip:bob@127.0.0.1:5062";
    c.via_sent_by = "127.0.0.1:5062";
    c.max_calls = max_calls;
    return c;
  }
  SeededRandom random_;
  UserAgent bob_;
  TimePoint now_{};
};

// The one response in `sent` with this status and CSeq method.
const Message* find(const std::vector<Message>& sent, int status, Method method) {
  const Message* found = nullptr;
  for (const Message& message : sent) {
    if (message.status_code() == status && message.method() == method) {
      EXPECT_EQ(found, nullptr) << "two " << status << " responses";
      found = &message;
    }
  }
  return found;
}

std::string to_of(const Message& response) { return std::string(*response.header(HeaderId::kTo)); }

// The issue: auto-answer rings and answers in the same turn, so the CANCEL sent right behind the
// INVITE finds the call answered. The CANCEL gets 200 and changes nothing (§9.2); the caller
// builds ACK and BYE from the last response it got, the CANCEL's 200 (as SIPp's [last_To:]),
// and the call must still be there for both.
TEST(UserAgentCalls, ACancelThatCrossesTheAnswerLeavesTheCallUp) {
  Callee net;
  net.receive(request("INVITE", "z9hG4bKrace", 1));
  ASSERT_EQ(net.incoming_calls.size(), 1U);
  const CallId call = net.incoming_calls[0];
  ASSERT_TRUE(net.bob().ring(call, net.now()));
  ASSERT_TRUE(net.bob().answer(call, kAnswer, net.now()));
  const auto answered = net.collect();
  const Message* ok = find(answered, 200, Method::kInvite);
  ASSERT_NE(ok, nullptr);

  const auto cancelled = net.receive(request("CANCEL", "z9hG4bKrace", 1));
  const Message* cancel_ok = find(cancelled, 200, Method::kCancel);
  ASSERT_NE(cancel_ok, nullptr);
  EXPECT_EQ(cancel_ok->to()->tag, ok->to()->tag);  // §9.2: the same To tag
  EXPECT_EQ(find(cancelled, 487, Method::kInvite), nullptr);
  EXPECT_EQ(net.bob().call_state(call), CallState::kAnswering);

  net.receive(request("ACK", "z9hG4bKack", 1, "race", to_of(*cancel_ok)));
  EXPECT_EQ(net.confirmed, 1);
  EXPECT_EQ(net.bob().call_state(call), CallState::kConfirmed);
  const auto bye = net.receive(request("BYE", "z9hG4bKbye", 2, "race", to_of(*cancel_ok)));
  EXPECT_NE(find(bye, 200, Method::kBye), nullptr);
  EXPECT_EQ(net.ended_status, 200);
  EXPECT_EQ(net.bob().call_count(), 0U);
}

// The other order: the CANCEL comes while the call still rings. 200 for the CANCEL and 487 for
// the INVITE, both with the tag of the 180, and the call is over.
TEST(UserAgentCalls, ACancelBeforeTheAnswerEndsTheCallWith487) {
  Callee net;
  net.receive(request("INVITE", "z9hG4bKrace", 1));
  ASSERT_EQ(net.incoming_calls.size(), 1U);
  const CallId call = net.incoming_calls[0];
  ASSERT_TRUE(net.bob().ring(call, net.now()));
  const auto rang = net.collect();
  const Message* ringing = find(rang, 180, Method::kInvite);
  ASSERT_NE(ringing, nullptr);

  const auto cancelled = net.receive(request("CANCEL", "z9hG4bKrace", 1));
  const Message* cancel_ok = find(cancelled, 200, Method::kCancel);
  const Message* terminated = find(cancelled, 487, Method::kInvite);
  ASSERT_NE(cancel_ok, nullptr);
  ASSERT_NE(terminated, nullptr);
  EXPECT_EQ(cancel_ok->to()->tag, ringing->to()->tag);
  EXPECT_EQ(terminated->to()->tag, ringing->to()->tag);
  EXPECT_EQ(net.ended_status, 487);
  EXPECT_FALSE(net.bob().answer(call, kAnswer, net.now()));
  // The ACK for the 487 is the INVITE transaction's (its branch); nothing answers it.
  EXPECT_TRUE(net.receive(request("ACK", "z9hG4bKrace", 1, "race", to_of(*terminated))).empty());
}

// §9.2: "as long as the CANCEL matched an existing transaction" it gets 200, even once the call
// is gone: here the INVITE was refused and its transaction waits for the ACK.
TEST(UserAgentCalls, ACancelOfARefusedInviteGets200WithTheRefusalsTag) {
  Callee net;
  net.receive(request("INVITE", "z9hG4bKrace", 1));
  ASSERT_EQ(net.incoming_calls.size(), 1U);
  ASSERT_TRUE(net.bob().reject(net.incoming_calls[0], 603, net.now()));
  const auto refused = net.collect();
  const Message* declined = find(refused, 603, Method::kInvite);
  ASSERT_NE(declined, nullptr);
  const auto cancelled = net.receive(request("CANCEL", "z9hG4bKrace", 1));
  const Message* cancel_ok = find(cancelled, 200, Method::kCancel);
  ASSERT_NE(cancel_ok, nullptr);
  EXPECT_EQ(cancel_ok->to()->tag, declined->to()->tag);
  // A CANCEL matching nothing still gets 481.
  const auto stray = net.receive(request("CANCEL", "z9hG4bKnone", 1, "other"));
  EXPECT_NE(find(stray, 481, Method::kCancel), nullptr);
}

// Beyond max_calls a new INVITE gets 486 and leaves nothing behind: no transaction (no timer
// armed for its retransmission), so a flood costs no memory. Retransmissions of calls already
// taken still reach their transactions, and a slot freed is taken again.
TEST(UserAgentCalls, InvitesBeyondMaxCallsGet486WithoutState) {
  Callee net(2);
  net.receive(request("INVITE", "z9hG4bK1", 1, "call-1"));
  net.receive(request("INVITE", "z9hG4bK2", 1, "call-2"));
  ASSERT_EQ(net.incoming_calls.size(), 2U);
  const int timers_before = net.timers_set;
  for (int i = 0; i < 3; ++i) {  // the same excess INVITE, retransmitted: 486 each time
    const auto refused = net.receive(request("INVITE", "z9hG4bK3", 1, "call-3"));
    ASSERT_EQ(refused.size(), 1U);
    EXPECT_EQ(refused[0].status_code(), 486);
    EXPECT_FALSE(refused[0].to()->tag.empty());
  }
  EXPECT_EQ(net.timers_set, timers_before);
  EXPECT_EQ(net.incoming_calls.size(), 2U);
  EXPECT_TRUE(net.receive(request("ACK", "z9hG4bK3", 1, "call-3", "<sip:bob@b>;tag=x")).empty());
  // Call 1's INVITE again: absorbed by its transaction, not refused.
  EXPECT_TRUE(net.receive(request("INVITE", "z9hG4bK1", 1, "call-1")).empty());
  // Call 1 cancelled: its slot goes to the next caller.
  net.receive(request("CANCEL", "z9hG4bK1", 1, "call-1"));
  EXPECT_EQ(net.ended_status, 487);
  net.receive(request("INVITE", "z9hG4bK4", 1, "call-4"));
  EXPECT_EQ(net.incoming_calls.size(), 3U);
}

}  // namespace
}  // namespace sipline::sip
