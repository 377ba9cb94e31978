// The user agent core (RFC 3261 §8, §12–§15): INVITE sessions both ways on top of the transaction
// layer, plus the requests every UA must answer. Sans-I/O: datagrams, timer firings and the
// application's commands go in with `now`; bytes to send, timers to set and call events come out
// of poll(). SDP is opaque here: bodies go up and come down as text with a content type.
//
//   incoming: INVITE → IncomingCall (beyond max_calls: 486, statelessly); ring() 180; answer()
//             200 (retransmitted until the ACK, §13.3.1.4); reject(); CANCEL → 200 and, before
//             the answer, 487 (after it the call goes on, §9.2); BYE → 200 and CallEnded
//   outgoing: dial() INVITE; 1xx → CallProgress; 2xx → ACK and CallConfirmed (a forked extra 2xx
//             is ACKed and sent BYE, §13.2.2.4); 3xx–6xx → CallEnded; hangup() → CANCEL or BYE
//   in a call: reoffer() re-INVITE (or UPDATE) → SessionAnswer; the peer's re-INVITE or UPDATE →
//             SessionOffer, answered by accept_offer() or refuse_offer()
//   registrations: add_registration() keeps a Contact bound at a registrar (RegistrationClient):
//             its REGISTERs run as client transactions, its refreshes and retries on this
//             UA's timers; each change comes out as RegistrationChanged
//   pages:    send_page() a MESSAGE (RFC 3428) → PageAnswered; the peer's MESSAGE → 200 and
//             PageReceived (a body that is not text: 415)
//   always:   OPTIONS → 200 with Allow, Accept, Supported; requests for unknown dialogs → 481;
//             malformed requests → the §8.2 / parse-error answer; malformed responses dropped
#pragma once

#include <compare>
#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <variant>

#include "base/random.hpp"
#include "base/result.hpp"
#include "sip/dialog/dialog.hpp"
#include "sip/message/message_builder.hpp"
#include "sip/transaction/transaction_layer.hpp"
#include "sip/ua/session_timer.hpp"
#include "sip/ua/ua_types.hpp"
#include "transport/flow.hpp"

namespace sipline::sip {

struct UserAgentConfig {
  std::string local_uri = "sip:sipline@127.0.0.1";     // From of our requests
  std::string contact = "sip:sipline@127.0.0.1:5060";  // our Contact URI
  // host:port in our Via, whatever the transport: we listen on UDP and TCP on the same port.
  std::string via_sent_by = "127.0.0.1:5060";
  // Our TLS listener's port (0: none): in Via and Contact over TLS instead (local_contact.hpp).
  std::uint16_t tls_port = 0;
  // A request for UDP above so many bytes goes over TCP instead (RFC 3261 §18.1.1; see
  // sip/transaction/oversize_request.hpp): by default only what no datagram can carry.
  std::size_t udp_request_limit = kMaxUdpRequestBytes;
  std::string user_agent = "sipline";
  TimerConfig timers{};
  SessionTimerConfig session_timers{};  // RFC 4028, for every call
  std::size_t max_calls = 1024;         // beyond, new INVITEs get 486 (busy) statelessly: no memory
  // Open transactions, those waiting out Timers J and L (64·T1 = 32 s on UDP) included: at
  // N calls per second about 64·N are open, so this bounds the sustained call rate (beyond it
  // requests are shed with 503, RFC 3261 §21.5.4).
  std::size_t max_transactions = 1 << 19;
};

class UserAgent {
 public:
  UserAgent(UserAgentConfig config, Random& random);
  ~UserAgent();
  UserAgent(const UserAgent&) = delete;
  UserAgent& operator=(const UserAgent&) = delete;

  void on_message(const transport::Flow& from, std::string_view bytes, TimePoint now);
  void on_timer(const UaTimerKey& key, TimePoint now);
  // The transport could not deliver to `flow` (RFC 3261 §17.1.4): a REGISTER or an unanswered
  // INVITE sent there fails now, as a 503, instead of after Timer B or F (32 s).
  void on_flow_failed(const transport::Flow& flow, TimePoint now);
  // The answer to a keep-alive came on `from` (RFC 5626 §4.4.1's CRLF pong).
  void on_pong(const transport::Flow& from);

  // A request outside any call (REGISTER …) as a client transaction; its final response comes
  // back as ua::Response, a timeout as ua::RequestFailed.
  [[nodiscard]] Result<TransactionId> send_request(Message request, const transport::Flow& to,
                                                   TimePoint now);
  [[nodiscard]] Result<CallId> dial(std::string_view target, const transport::Flow& to,
                                    std::string_view sdp, TimePoint now,
                                    const CallerIdentity& caller = {});
  [[nodiscard]] Result<void> ring(CallId call, TimePoint now);
  // A 183 with our SDP answer before answer() (early media; see InviteSession::progress).
  [[nodiscard]] Result<void> progress(CallId call, std::string_view sdp, TimePoint now);
  [[nodiscard]] Result<void> answer(CallId call, std::string_view sdp, TimePoint now);
  [[nodiscard]] Result<void> reject(CallId call, int status, TimePoint now);
  // Transfer (RFC 3515): a REFER in the confirmed call asking the peer to call `refer_to`
  // ("<sip:…>", with ?Replaces=… for an attended transfer); ReferAnswered and ReferNotified
  // tell how it goes. As the one referred (ReferReceived): how our call to the target goes,
  // in a NOTIFY (`final` ends the subscription).
  [[nodiscard]] Result<void> send_refer(CallId call, std::string_view refer_to,
                                        std::string_view referred_by, TimePoint now);
  [[nodiscard]] Result<void> notify_refer(CallId call, int status, bool final, TimePoint now);
  // The call's dialog (Call-ID and tags), for a Replaces naming it; nullopt before one exists.
  [[nodiscard]] std::optional<DialogId> dialog_id(CallId call) const;
  // A 3xx sending the caller to `contact` ("<sip:…>"), with `extra` headers (Diversion).
  [[nodiscard]] Result<void> redirect(CallId call, int status, std::string_view contact,
                                      std::span<const ExtraHeader> extra, TimePoint now);
  [[nodiscard]] Result<void> hangup(CallId call, TimePoint now);
  // Offers inside a confirmed call (invite_session.hpp draws them): ours in a re-INVITE, whose
  // outcome comes back as SessionAnswer; the answer to the peer's SessionOffer, or a refusal.
  [[nodiscard]] Result<void> reoffer(CallId call, std::string_view sdp, TimePoint now,
                                     OfferMethod method = OfferMethod::kInvite);
  [[nodiscard]] Result<void> accept_offer(CallId call, std::string_view sdp, TimePoint now);
  [[nodiscard]] Result<void> refuse_offer(CallId call, int status, TimePoint now);

  // An INFO with `body` inside the confirmed call (DTMF as application/dtmf-relay); its outcome
  // comes back as InfoAnswered.
  [[nodiscard]] Result<void> send_info(CallId call, std::string_view content_type,
                                       std::string_view body, TimePoint now);

  // A SIP MESSAGE with `page.text` (user_agent_pages.cpp); its final answer comes back as
  // PageAnswered with the id returned. A bounded number wait for answers at a time.
  [[nodiscard]] Result<std::uint32_t> send_page(OutgoingPage page, TimePoint now);

  void set_credentials(Credentials credentials);
  // Our Contact from now on, for calls that name none of their own (the registrar saw us at
  // another address: allow_rewrite).
  void set_contact(std::string contact);
  // The Contact a registration registers from its next REGISTER on.
  [[nodiscard]] Result<void> set_registration_contact(RegistrationId registration,
                                                      std::string contact);
  // The password a registration answers challenges with from now on.
  [[nodiscard]] Result<void> set_registration_password(RegistrationId registration,
                                                       std::string password);

  // A registration to keep through `registrar` (the flow to the registrar's address); it stays
  // idle until started. The client returned by registration() lives as long as the UA.
  [[nodiscard]] RegistrationId add_registration(RegistrationConfig config,
                                                const transport::Flow& registrar);
  [[nodiscard]] Result<void> start_registration(RegistrationId registration, TimePoint now);
  // Registers through another flow from now on (RFC 3263 §4.3: the next server of the
  // registrar's), at once: a retry waiting is dropped.
  [[nodiscard]] Result<void> move_registration(RegistrationId registration,
                                               const transport::Flow& registrar, TimePoint now);
  // The flow the next REGISTER goes through (a retry waiting keeps its time).
  [[nodiscard]] Result<void> retarget_registration(RegistrationId registration,
                                                   const transport::Flow& registrar);
  // Unregisters (Expires: 0) when bound; a retry waiting is dropped.
  [[nodiscard]] Result<void> stop_registration(RegistrationId registration, TimePoint now);
  [[nodiscard]] const RegistrationClient* registration(RegistrationId registration) const;

  [[nodiscard]] std::optional<UaOutput> poll();
  [[nodiscard]] std::optional<CallState> call_state(CallId call) const;
  [[nodiscard]] std::size_t call_count() const noexcept;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace sipline::sip
