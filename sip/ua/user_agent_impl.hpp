// Inside UserAgent: the session table, the routing of messages to sessions, the context the
// sessions send through, and the registrations. Shared by user_agent.cpp (plumbing, requests
// outside calls), user_agent_calls.cpp (routing to INVITE sessions) and
// user_agent_registrations.cpp. Not for use elsewhere.
#pragma once

#include <deque>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <unordered_map>
#include <utility>
#include <variant>
#include <vector>

#include "sip/ua/invite_session.hpp"
#include "sip/ua/response.hpp"
#include "sip/ua/user_agent.hpp"

namespace sipline::sip {

struct UserAgent::Impl final : SessionContext {
  Impl(UserAgentConfig c, Random& r)
      : config(std::move(c)),
        random(r),
        layer(config.timers, config.max_transactions, config.udp_request_limit) {}

  // A registration kept by the UA: its client, where its registrar is, the REGISTER in flight.
  struct Binding {
    RegistrationClient client;
    transport::Flow registrar;
    TransactionId transaction = 0;
    bool keeping_alive = false;  // its keep-alive timer is set
    bool awaiting_pong = false;  // a keep-alive went on its connection; the pong is due
  };

  UserAgentConfig config;
  Random& random;
  TransactionLayer layer;
  std::map<CallId, InviteSession> sessions;
  // Routing: a call's INVITE, CANCEL and BYE transactions; a call by our tag (in the To of the
  // peer's requests, the From of responses to ours), unique per call.
  std::unordered_map<TransactionId, CallId> call_of_transaction;
  std::unordered_map<std::string, CallId> call_of_local_tag;
  std::map<TransactionId, transport::Flow> plain_requests;  // send_request()'s, and where to
  CallId next_call = 1;
  std::map<RegistrationId, Binding> registrations;  // never erased: clients stay addressable
  std::unordered_map<TransactionId, RegistrationId> registration_of_transaction;
  RegistrationId next_registration = 1;
  std::deque<UaOutput> out;
  std::vector<CallId> ended_calls;  // since the last reap(): the only sessions it looks at
  std::optional<Credentials> user_credentials;
  // SIP MESSAGEs of ours waiting for a final answer, by their transaction (user_agent_pages.cpp).
  struct Page {
    std::uint32_t id = 0;
    OutgoingPage page;
    std::string call_id;
    std::string from_tag;
    std::uint32_t cseq = 0;
    bool challenged = false;  // answered a challenge once: a second is final
  };
  static constexpr std::size_t kMaxOpenPages = 64;
  std::unordered_map<TransactionId, Page> pages;
  std::uint32_t next_page = 1;

  // SessionContext
  Result<TransactionId> send_request(CallId call, Message request, const transport::Flow& to,
                                     TimePoint now) override;
  Result<Message> send_response(TransactionId transaction, const Message& request,
                                const ResponseParts& parts, TimePoint now) override;
  void respond(TransactionId transaction, const Message& request, int status,
               TimePoint now) override {
    respond(transaction, request, status, now, {});
  }
  void emit(UaOutput output) override {
    if (const auto* ended = std::get_if<ua::CallEnded>(&output)) {
      ended_calls.push_back(ended->call);  // a session says so once, as it ends: reap() takes it
    }
    out.push_back(std::move(output));
  }
  std::string via(transport::TransportKind kind) override;
  std::string token(std::size_t size) override { return random.token(size); }
  std::uint32_t random_below(std::uint32_t bound) override { return random.uniform(bound); }
  const TimerConfig& timers() const override { return config.timers; }
  const SessionTimerConfig& session_timers() const override { return config.session_timers; }
  std::string_view local_uri() const override { return config.local_uri; }
  std::string_view contact_uri() const override { return config.contact; }
  std::string contact_for(std::string_view contact, transport::TransportKind kind) const override {
    return contact_over(contact, kind, config.tls_port);
  }
  std::string_view user_agent() const override { return config.user_agent; }
  const std::optional<Credentials>& credentials() const override { return user_credentials; }

  // user_agent.cpp
  void drain(TimePoint now);
  void on_request(TransactionId transaction, const Message& request, const transport::Flow& from,
                  TimePoint now);
  // A plain answer (a fresh To tag, `extra_headers`) to a request outside any call.
  void respond(TransactionId transaction, const Message& request, int status, TimePoint now,
               std::span<const ExtraHeader> extra_headers);
  void on_transaction_failed(TransactionId transaction, int status, TimePoint now);

  // user_agent_calls.cpp
  // Answers a new INVITE beyond max_calls statelessly (486); true when it did.
  bool shed_invite(const Message& invite, const transport::Flow& from);
  void on_invite(TransactionId transaction, const Message& invite, const transport::Flow& from,
                 TimePoint now);
  void on_cancel(TransactionId transaction, const Message& cancel, TimePoint now);
  void on_response(TransactionId transaction, const Message& response, TimePoint now);
  void on_stray_response(const Message& response, TimePoint now);
  // The live session a request from the peer belongs to (our tag in its To), or none.
  [[nodiscard]] InviteSession* session_in_dialog(const Message& request);
  // The live call whose confirmed dialog a Replaces value names (RFC 3891); 0: none.
  [[nodiscard]] CallId replaced_call(std::string_view replaces);
  [[nodiscard]] InviteSession* live_session(CallId call);
  // Forgets the sessions that ended, with their routes: those that said so since the last time,
  // not a walk over every call at every message.
  void reap();
  // Runs `verb` (InviteSession& → Result<void>) on a live call, then what it sent.
  template <typename Verb>
  Result<void> call_command(CallId id, Verb&& verb, TimePoint now) {
    InviteSession* session = live_session(id);
    if (session == nullptr) {
      return fail(Errc::kNotFound, "no such call", id);
    }
    Result<void> done = std::forward<Verb>(verb)(*session);
    drain(now);
    return done;
  }

  // user_agent_pages.cpp
  // Sends `page` (a new CSeq; `authorization` answering a challenge); its transaction.
  Result<TransactionId> send_page_request(Page& page,
                                          const std::optional<Authorization>& authorization,
                                          TimePoint now);
  // The peer's MESSAGE: 200 (415 for a body that is not text) and PageReceived.
  void on_page(TransactionId transaction, const Message& request, TimePoint now);
  // A final answer or failure of one of our MESSAGEs; false when `transaction` is not one.
  bool on_page_response(TransactionId transaction, const Message& response, TimePoint now);
  bool on_page_failed(TransactionId transaction, int status);

  // user_agent_registrations.cpp
  // Starts or stops a registration (`verb`) and runs what its client asks for.
  Result<void> command(RegistrationId id, void (RegistrationClient::*verb)(TimePoint),
                       TimePoint now);
  // Runs what the client asked for: REGISTERs out as transactions, its timer, its state.
  void pump(RegistrationId id, Binding& binding, TimePoint now);
  // A final response or failure of a REGISTER; false when `transaction` is not one.
  bool on_register_response(TransactionId transaction, const Message& response, TimePoint now);
  bool on_register_failed(TransactionId transaction, int status, TimePoint now);
  void on_registration_timer(RegistrationId id, TimePoint now);
  // Keep-alives (RFC 5626 §4.4.1) on a registered binding's flow: armed, sent, stopped.
  void keep_alive(RegistrationId id, Binding& binding, RegistrationState state, TimePoint now);
  void on_keep_alive_timer(RegistrationId id, TimePoint now);
  // No pong within kPongWaitS of a keep-alive: the connection is dead (§4.4.1).
  void on_pong_timer(RegistrationId id);
  // The pong awaited on `binding`'s connection came, or will not (`on` is the flow it came on
  // or that ended): its deadline goes.
  void stop_awaiting_pong(RegistrationId id, Binding& binding, const transport::Flow& on);
  // The binding whose REGISTER in flight `transaction` is (its route forgotten), or none.
  Binding* binding_waiting_on(TransactionId transaction, RegistrationId& id);
};

}  // namespace sipline::sip
