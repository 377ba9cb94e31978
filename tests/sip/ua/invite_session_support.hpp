// What the INVITE session tests share: a recording SessionContext standing in for the user
// agent, an incoming INVITE from Bob, and Bob's requests inside that call's dialog.
#pragma once

#include <string>
#include <vector>

#include "base/random.hpp"
#include "sip/message/parser.hpp"
#include "sip/ua/invite_session.hpp"
#include "tests/sip/ua/user_agent_support.hpp"

namespace sipline::sip::test {

// The user agent's part, recorded.
class Recorder final : public SessionContext {
 public:
  struct Sent {
    CallId call;
    Message request;
  };
  struct Answered {
    TransactionId transaction;
    Message response;
  };

  Result<TransactionId> send_request(CallId call, Message request, const transport::Flow&,
                                     TimePoint) override {
    requests.push_back({call, std::move(request)});
    return next_transaction++;
  }
  Result<Message> send_response(TransactionId transaction, const Message& request,
                                const ResponseParts& parts, TimePoint) override {
    auto response = build_response(request, parts);
    if (response) {
      responses.push_back({transaction, *response});
    }
    return response;
  }
  void respond(TransactionId transaction, const Message& request, int status,
               TimePoint now) override {
    (void)send_response(transaction, request, {.status = status, .to_tag = "fresh"}, now);
  }
  void emit(UaOutput output) override { outputs.push_back(std::move(output)); }
  std::string via(transport::TransportKind kind) override {
    return via_value(transport::via_name(kind), "127.0.0.1:5061", "b" + std::to_string(++branches));
  }
  std::string token(std::size_t size) override { return random.token(size); }
  std::uint32_t random_below(std::uint32_t bound) override { return random.uniform(bound); }
  const TimerConfig& timers() const override { return timer_config; }
  const SessionTimerConfig& session_timers() const override { return session_timer_config; }
  std::string_view local_uri() const override { return "sip:alice@127.0.0.1:5061"; }
  std::string_view contact_uri() const override { return "sip:alice@127.0.0.1:5061"; }
  std::string_view user_agent() const override { return "sipline-test"; }
  const std::optional<Credentials>& credentials() const override { return user_credentials; }

  template <class T>
  [[nodiscard]] std::vector<T> all() const {
    std::vector<T> found;
    for (const UaOutput& output : outputs) {
      if (const auto* value = std::get_if<T>(&output)) {
        found.push_back(*value);
      }
    }
    return found;
  }

  // The timers of one kind that were set, in order.
  [[nodiscard]] std::vector<ua::SetTimer> timers(UaTimerKey::Kind kind) const {
    std::vector<ua::SetTimer> found;
    for (const ua::SetTimer& set : all<ua::SetTimer>()) {
      if (set.key.kind == kind) {
        found.push_back(set);
      }
    }
    return found;
  }

  SeededRandom random{7};
  TimerConfig timer_config{};
  SessionTimerConfig session_timer_config{};
  std::optional<Credentials> user_credentials;
  std::vector<Sent> requests;
  std::vector<Answered> responses;
  std::vector<UaOutput> outputs;
  TransactionId next_transaction = 100;
  int branches = 0;
};

inline constexpr std::string_view kIncomingInvite =
    "INVITE sip:alice@127.0.0.1:5061 SIP/2.0\r\n"
    "Via: SIP/2.0/UDP 127.0.0.1:5062;branch=z9hG4bKin1\r\n"
    "Max-Forwards: 70\r\n"
    "From: <sip:bob@127.0.0.1:5062>;tag=bob1\r\n"
    "To: <sip:alice@127.0.0.1:5061>\r\n"
    "Call-ID: in1@127.0.0.1\r\n"
    "CSeq: 1 INVITE\r\n"
    "Contact: <sip:bob@127.0.0.1:5062>\r\n"
    "Content-Type: application/sdp\r\n"
    "Content-Length: 4\r\n\r\n"
    "v=0\n";

// A request from Bob inside the incoming call's dialog (our tag `tag` in To), with an SDP
// `body` if one is given and `extra` header lines ("Name: value\r\n" each).
inline Message from_bob(std::string_view method, std::uint32_t cseq, std::string_view tag,
                        std::string_view body = {}, std::string_view extra = {}) {
  const std::string m(method);
  std::string text = m + " sip:alice@127.0.0.1:5061 SIP/2.0\r\n" +
                     "Via: SIP/2.0/UDP 127.0.0.1:5062;branch=z9hG4bK" + m + std::to_string(cseq) +
                     "\r\nMax-Forwards: 70\r\n" + "From: <sip:bob@127.0.0.1:5062>;tag=bob1\r\n" +
                     "To: <sip:alice@127.0.0.1:5061>;tag=" + std::string(tag) + "\r\n" +
                     "Call-ID: in1@127.0.0.1\r\nCSeq: " + std::to_string(cseq) + " " + m +
                     "\r\nContact: <sip:bob@127.0.0.1:5062>\r\n" + std::string(extra);
  if (!body.empty()) {
    text += "Content-Type: application/sdp\r\n";
  }
  text += "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + std::string(body);
  return parse_message(text).value();
}

}  // namespace sipline::sip::test
