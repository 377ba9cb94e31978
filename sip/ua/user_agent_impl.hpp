// Inside UserAgent: the call table and the handlers shared by user_agent.cpp (plumbing, requests
// outside calls) and user_agent_calls.cpp (INVITE sessions). Not for use elsewhere.
#pragma once

#include <deque>
#include <map>
#include <optional>
#include <span>
#include <string>

#include "sip/dialog/dialog.hpp"
#include "sip/ua/response.hpp"
#include "sip/ua/user_agent.hpp"

namespace sipline::sip {

// What we accept (RFC 3261 §20.5): in our INVITEs and in the answer to OPTIONS.
inline constexpr std::string_view kAllowValue = "INVITE, ACK, CANCEL, BYE, OPTIONS, INFO";

// Our answer to a digest challenge: Authorization or Proxy-Authorization (RFC 3261 §22.2).
struct Authorization {
  HeaderId header = HeaderId::kAuthorization;
  std::string value;
};

struct UserAgent::Call {
  CallId id = 0;
  bool outgoing = false;
  CallState state = CallState::kCalling;
  Message invite;           // ours (outgoing) or theirs (incoming)
  std::string invite_text;  // ours, for CANCEL
  TransactionId invite_transaction = 0;
  transport::Flow flow;  // where the peer is
  std::string local_tag;
  std::optional<Dialog> dialog;
  bool cancel_when_provisional = false;  // hangup() before any 1xx (§9.1: wait for one)
  bool bye_when_acked = false;           // hangup() while our 2xx awaits its ACK (§15)
  // Our 200 to an incoming INVITE, resent until the ACK (§13.3.1.4).
  std::string answer_text;
  Duration answer_interval{0};
  TimePoint answer_deadline{};
  std::string local_sdp;
  // Outgoing: what dial() was given, to send the INVITE again with credentials.
  std::string target;
  std::string call_id;
  std::uint32_t cseq = 1;
  int challenges = 0;     // answered for this call (one per request, a stale one more)
  CallerIdentity caller;  // outgoing: whose call it is (empty fields: the UA's defaults)
};

struct UserAgent::Impl {
  Impl(UserAgentConfig c, Random& r)
      : config(std::move(c)), random(r), layer(config.timers, config.max_transactions) {}

  UserAgentConfig config;
  Random& random;
  TransactionLayer layer;
  std::map<CallId, Call> calls;
  std::map<TransactionId, CallId> call_of_transaction;      // INVITE, CANCEL and BYE transactions
  std::map<TransactionId, transport::Flow> plain_requests;  // send_request()'s, and where to
  CallId next_call = 1;
  std::deque<UaOutput> out;
  std::optional<Credentials> credentials;

  // user_agent.cpp
  void drain(TimePoint now);
  void on_request(TransactionId transaction, const Message& request, const transport::Flow& from,
                  TimePoint now);
  // Builds the response to `request`, sends it on its server transaction, returns it.
  Result<Message> send_response(TransactionId transaction, const Message& request,
                                const ResponseParts& parts, TimePoint now);
  // A plain answer (our To tag, `extra_headers`) to a request outside any call.
  void respond(TransactionId transaction, const Message& request, int status, TimePoint now,
               std::span<const ExtraHeader> extra_headers = {});
  [[nodiscard]] std::string via();
  [[nodiscard]] std::string contact() const { return "<" + config.contact + ">"; }
  [[nodiscard]] std::string contact(const Call& call) const {
    return call.caller.contact.empty() ? contact() : "<" + call.caller.contact + ">";
  }
  [[nodiscard]] Call* find_dialog(const Message& message);
  void end(Call& call, int status, bool by_peer);
  template <class T>
  void emit(T event) {
    out.emplace_back(std::in_place_type<T>, std::move(event));
  }

  // user_agent_calls.cpp
  // Answers a new INVITE beyond max_calls statelessly (486); true when it did.
  bool shed_invite(const Message& invite, const transport::Flow& from);
  void on_invite(TransactionId transaction, const Message& invite, const transport::Flow& from,
                 TimePoint now);
  void on_ack(const Message& ack, TimePoint now);
  void on_bye(TransactionId transaction, const Message& bye, TimePoint now);
  void on_cancel(TransactionId transaction, const Message& cancel, TimePoint now);
  void on_invite_response(Call& call, const Message& response, TimePoint now);
  void on_stray_response(const Message& response, TimePoint now);
  // A 2xx to the call's INVITE after the first: ACKed, and sent BYE when it is another fork.
  void answer_extra_2xx(Call& call, const Dialog& dialog, TimePoint now);
  void on_answer_timer(CallId id, TimePoint now);
  void send_bye(Call& call, TimePoint now, const std::optional<Authorization>& authorization = {});
  void on_bye_response(Call& call, const Message& response, TimePoint now);
  void send_cancel(Call& call, TimePoint now);
  void send_ack(Call& call, const Dialog& dialog, std::uint32_t cseq);
  void on_transaction_failed(TransactionId transaction, int status);
  [[nodiscard]] Result<void> send_invite(Call& call,
                                         const std::optional<Authorization>& authorization,
                                         TimePoint now);
  // The credentials for a 401/407 to `request`, when we may answer it.
  [[nodiscard]] std::optional<Authorization> answer_challenge(Call& call, Method method,
                                                              std::string_view uri,
                                                              const Message& response);
};

}  // namespace sipline::sip
