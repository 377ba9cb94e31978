// One INVITE dialog usage (RFC 3261 §13–§15): a call, from its INVITE to its BYE, incoming or
// outgoing. Sans-I/O: the user agent routes the messages of this call here (by transaction, or
// by our tag), with `now`; the session answers through its SessionContext — requests and
// responses it sends, events it reports — and never reads a clock or owns a socket.
//
//   outgoing:
//     dial() ─INVITE─▶ kCalling ─1xx─▶ kEarly ─2xx, ACK─▶ kConfirmed ─BYE (either side)─▶ ended
//                         └──────────2xx, ACK──────────────┘
//     3xx–6xx in kCalling or kEarly ─▶ ended; but a 503, a timeout or a transport error there:
//     the same INVITE (a new branch) to the next of CallerIdentity::other_servers, in kCalling
//     (RFC 3263 §4.3), while one is left
//   incoming:
//     INVITE ─▶ kIncoming ─answer(), 200─▶ kAnswering ─ACK─▶ kConfirmed ─BYE─▶ ended
//                 │ ring(): 180, stays        └─ no ACK in 64·T1: BYE ─▶ kTerminating
//                 │ progress(): 183 with our answer (early media), stays; reliable when the
//                 │   caller supports 100rel, and then the 200 waits for its PRACK (RFC 3262 §3)
//                 └─ reject(), CANCEL or BYE: 3xx–6xx or 487 ─▶ ended
//   hangup(): kIncoming → 486; kCalling → CANCEL after the first 1xx (§9.1); kEarly → CANCEL;
//   kAnswering → BYE after the ACK (§15); kConfirmed → BYE. kTerminating: CANCEL or BYE sent,
//   until its answer. A 401/407 in our registrar's realm: the INVITE again with credentials
//   (a second time only for a stale nonce).
//   A peer's BYE ends the call in any state; a 2xx crossing our CANCEL is ACKed and sent BYE.
//   An INVITE without an offer gets ours in the 200; its answer comes in the ACK (CallConfirmed).
//
//   offers inside a confirmed call (invite_session_offers.cpp), one exchange at a time:
//     ours:   reoffer() ─re-INVITE─▶ 2xx: ACK, SessionAnswer(200, answer)
//                       (or UPDATE,  3xx–6xx: SessionAnswer(status), the call as it was;
//                       RFC 3311)    491: then OfferRetry after 2.1–4 s (our call) or 0–2 s
//                                   408, 481 or no answer: SessionAnswer, then BYE (§14.1)
//             by UPDATE when asked and the peer allows it: its 2xx carries the answer, no ACK;
//             a 405 or 501 to it: SessionAnswer(status), and later offers go by re-INVITE
//     theirs: re-INVITE or UPDATE ─▶ SessionOffer ─accept_offer()─▶ 200 (a re-INVITE's resent
//             until its ACK; an offer of ours in it is answered in the ACK: SessionAnswer)
//                                                 └refuse_offer()─▶ 3xx–6xx
//             while ours is in flight: 491 (glare); while theirs is open, or before the call
//             is confirmed: 500 with Retry-After 0–10 s (§14.2, RFC 3311 §5.2)
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "base/result.hpp"
#include "sip/dialog/dialog.hpp"
#include "sip/message/message.hpp"
#include "sip/message/message_builder.hpp"
#include "sip/ua/local_contact.hpp"
#include "sip/ua/response.hpp"
#include "sip/ua/session_timer.hpp"
#include "sip/ua/ua_types.hpp"

namespace sipline::sip {

// What we accept (RFC 3261 §20.5): in our INVITEs and in the answer to OPTIONS.
inline constexpr std::string_view kAllowValue =
    "INVITE, ACK, CANCEL, BYE, OPTIONS, INFO, UPDATE, PRACK, MESSAGE, REFER, NOTIFY";

// The Content-Type of a message with a body; empty without one.
[[nodiscard]] std::string content_type_of(const Message& message);

// Whether a Require field of `message` holds the option tag `tag` ("100rel").
[[nodiscard]] bool requires_option(const Message& message, std::string_view tag);
// Whether a field `header` (Require, Supported …) of `message` holds the option tag `tag`.
[[nodiscard]] bool lists_option(const Message& message, HeaderId header, std::string_view tag);

// Our answer to a digest challenge: Authorization or Proxy-Authorization (RFC 3261 §22.2).
struct Authorization {
  HeaderId header = HeaderId::kAuthorization;
  std::string value;
};

// Our answer to the digest challenge in `response` (a 401, or a 407 from a proxy) to a `method`
// request for `uri`: only in the realm of `ours`, our registrar's (a digest in anyone else's could
// be replayed there, see Credentials), and after a first answer only to a stale nonce. `cnonce`
// is drawn only when there is an answer to give. nullopt: none.
[[nodiscard]] std::optional<Authorization> answer_digest_challenge(
    const Message& response, Method method, std::string_view uri, const Credentials& ours,
    bool answered_before, const std::function<std::string()>& cnonce);

// `authorization` as the header fields of a request: one, or none.
[[nodiscard]] inline std::span<const ExtraHeader> authorization_fields(
    const std::optional<Authorization>& authorization, ExtraHeader& storage) {
  if (!authorization) {
    return {};
  }
  storage = {canonical_name(authorization->header), authorization->value};
  return {&storage, 1};
}

// What a session asks of the user agent that holds it.
class SessionContext {
 public:
  virtual ~SessionContext() = default;
  // A request as a client transaction whose responses come back to `call`.
  [[nodiscard]] virtual Result<TransactionId> send_request(CallId call, Message request,
                                                           const transport::Flow& to,
                                                           TimePoint now) = 0;
  // A response on a server transaction; the message sent.
  virtual Result<Message> send_response(TransactionId transaction, const Message& request,
                                        const ResponseParts& parts, TimePoint now) = 0;
  // A plain answer with a fresh To tag (a request refused inside the dialog).
  virtual void respond(TransactionId transaction, const Message& request, int status,
                       TimePoint now) = 0;
  virtual void emit(UaOutput output) = 0;
  // A new Via value with a fresh branch, for a request over `kind`.
  [[nodiscard]] virtual std::string via(transport::TransportKind kind) = 0;
  [[nodiscard]] virtual std::string token(std::size_t size) = 0;
  [[nodiscard]] virtual std::uint32_t random_below(std::uint32_t bound) = 0;
  [[nodiscard]] virtual const TimerConfig& timers() const = 0;
  [[nodiscard]] virtual const SessionTimerConfig& session_timers() const = 0;
  [[nodiscard]] virtual std::string_view local_uri() const = 0;
  [[nodiscard]] virtual std::string_view contact_uri() const = 0;
  // Our `contact` as it goes over `kind` (sip::contact_over, at our TLS port if we have one).
  [[nodiscard]] virtual std::string contact_for(std::string_view contact,
                                                transport::TransportKind kind) const {
    return contact_over(contact, kind);
  }
  [[nodiscard]] virtual std::string_view user_agent() const = 0;
  // Those of set_credentials(), if any.
  [[nodiscard]] virtual const std::optional<Credentials>& credentials() const = 0;
};

class InviteSession {
 public:
  // Incoming: `invite` arrived on its server transaction; reports IncomingCall. Fails (the
  // caller answers 400) when the INVITE makes no dialog.
  [[nodiscard]] static Result<InviteSession> incoming(CallId id, SessionContext& context,
                                                      TransactionId transaction,
                                                      const Message& invite,
                                                      const transport::Flow& from,
                                                      CallId replaces = 0);
  // Outgoing: sends the INVITE.
  [[nodiscard]] static Result<InviteSession> outgoing(CallId id, SessionContext& context,
                                                      std::string_view target,
                                                      const transport::Flow& to,
                                                      std::string_view sdp,
                                                      const CallerIdentity& caller, TimePoint now);

  // Commands (incoming calls): 180; 183 with our SDP answer (early media; the 200 carries the
  // same); 200 with our SDP; a 3xx–6xx.
  [[nodiscard]] Result<void> ring(TimePoint now);
  [[nodiscard]] Result<void> progress(std::string_view sdp, TimePoint now);
  [[nodiscard]] Result<void> answer(std::string_view sdp, TimePoint now);
  // A 3xx names where the caller should go in `contact` ("<sip:…>", RFC 3261 §21.3).
  [[nodiscard]] Result<void> reject(int status, TimePoint now, std::string_view contact = {},
                                    std::span<const ExtraHeader> extra = {});
  // CANCEL, BYE or a refusal, whichever the state calls for (see the diagram).
  void hangup(TimePoint now);

  // Offers inside the confirmed call (see the diagram): ours in a re-INVITE (or an UPDATE); the
  // answer to the peer's SessionOffer (or our offer, when theirs was empty); or its refusal.
  [[nodiscard]] Result<void> reoffer(std::string_view sdp, TimePoint now,
                                     OfferMethod method = OfferMethod::kInvite);
  [[nodiscard]] Result<void> accept_offer(std::string_view sdp, TimePoint now);
  [[nodiscard]] Result<void> refuse_offer(int status, TimePoint now);

  // An INFO with `body` (invite_session_info.cpp): confirmed calls only, a bounded number open.
  [[nodiscard]] Result<void> send_info(std::string_view content_type, std::string_view body,
                                       TimePoint now);

  // Transfer (invite_session_refer.cpp, RFC 3515): our REFER asking the peer to call
  // `refer_to` ("<sip:…>", maybe with ?Replaces=), one open at a time; and, as the one referred,
  // a NOTIFY telling the referrer how our call to the target goes (`status` as a sipfrag status
  // line; `final` ends the implicit subscription).
  [[nodiscard]] Result<void> send_refer(std::string_view refer_to, std::string_view referred_by,
                                        TimePoint now);
  [[nodiscard]] Result<void> notify_refer(int status, bool final, TimePoint now);
  void on_refer(TransactionId transaction, const Message& refer, TimePoint now);
  void on_notify(TransactionId transaction, const Message& notify, TimePoint now);
  void on_refer_response(TransactionId transaction, const Message& response, TimePoint now);
  // Whether this call's confirmed dialog is the one a Replaces names (RFC 3891 §3).
  [[nodiscard]] bool replaced_by(std::string_view call_id, std::string_view to_tag,
                                 std::string_view from_tag) const;
  // Our dialog's identifiers, for a Replaces naming it (attended transfer); null before one.
  [[nodiscard]] const DialogId* dialog_id() const noexcept {
    return dialog_ ? &dialog_->id() : nullptr;
  }
  [[nodiscard]] std::string remote_target() const {
    return dialog_ ? dialog_->remote_target() : std::string();
  }

  // Messages of this call.
  void on_invite_response(TransactionId transaction, const Message& response, TimePoint now);
  void on_bye_response(const Message& response, TimePoint now);
  // A 2xx to our INVITE after its transaction ended: a retransmission or another fork.
  void on_late_2xx(const Message& response, TimePoint now);
  void on_ack(const Message& ack, TimePoint now);
  void on_bye(TransactionId transaction, const Message& bye, TimePoint now);
  // The peer's CANCEL matched one of its INVITEs to us (the UA answered the CANCEL 200).
  void on_cancel(TransactionId invite_transaction, TimePoint now);
  // A re-INVITE (§14.2) or an UPDATE (RFC 3311) inside the dialog.
  void on_offer_request(TransactionId transaction, const Message& request, TimePoint now);
  // INFO and the like inside the dialog.
  void on_other_request(TransactionId transaction, const Message& request, TimePoint now);
  void on_info_response(TransactionId transaction, const Message& response, TimePoint now);
  // Timer G of our 2xx (§13.3.1.4).
  void on_answer_timer(TimePoint now);
  // The wait after a 491 to our re-INVITE is over (§14.1): OfferRetry.
  void on_offer_retry_timer(TimePoint now);
  // The session timer (RFC 4028, invite_session_refresh.cpp): our refresh is due, or the
  // peer's did not come in time (BYE, the call ends 408); and the answer to our UPDATE.
  void on_session_timer(TimePoint now);
  void on_update_response(const Message& response, TimePoint now);
  // RFC 3262 (invite_session_prack.cpp): our reliable 180 is due again; the peer's PRACK.
  void on_reliable_1xx_timer(TimePoint now);
  void on_prack(TransactionId transaction, const Message& prack, TimePoint now);
  // A request of this call timed out (408) or its transport failed (503).
  void on_transaction_failed(TransactionId transaction, int status, TimePoint now);
  // One of this call's timers fired (the UA then calls its handler above): no longer armed.
  void timer_fired(UaTimerKey::Kind kind) noexcept { armed_timers_ &= ~timer_bit(kind); }

  [[nodiscard]] CallId id() const noexcept { return id_; }
  [[nodiscard]] CallState state() const noexcept { return state_; }
  [[nodiscard]] bool outgoing() const noexcept { return outgoing_; }
  [[nodiscard]] bool ended() const noexcept { return ended_; }
  [[nodiscard]] const transport::Flow& flow() const noexcept { return flow_; }
  [[nodiscard]] const std::string& local_tag() const noexcept { return local_tag_; }
  [[nodiscard]] TransactionId invite_transaction() const noexcept { return invite_transaction_; }
  [[nodiscard]] const Message& invite() const noexcept { return invite_; }
  // Whether `message` belongs to this call's dialog (Call-ID and both tags, §12.2).
  [[nodiscard]] bool in_dialog(const Message& message) const noexcept {
    return dialog_ && dialog_->matches(message);
  }

 private:
  InviteSession(CallId id, SessionContext& context)
      : id_(id), context_(&context), session_timer_(context.session_timers()) {}

  [[nodiscard]] Result<void> send_invite(const std::optional<Authorization>& authorization,
                                         TimePoint now);
  // The call's own timers, one of each kind: only an armed one is cancelled, so that an ending
  // call asks the driver for nothing it never set (each is a lookup among every armed timer).
  static constexpr unsigned timer_bit(UaTimerKey::Kind kind) noexcept {
    return 1U << static_cast<unsigned>(kind);
  }
  [[nodiscard]] UaTimerKey timer_key(UaTimerKey::Kind kind) const noexcept;
  void set_timer(UaTimerKey::Kind kind, TimePoint at);
  void cancel_timer(UaTimerKey::Kind kind);
  // Sends the ACK to a 2xx; its text, to send again for a retransmitted 2xx ("" if none).
  std::string send_ack(const Dialog& dialog, std::uint32_t cseq);
  void send_cancel(TimePoint now);
  void send_bye(TimePoint now, const std::optional<Authorization>& authorization = {});
  void answer_extra_2xx(const Dialog& dialog, const Message& response, TimePoint now);
  // The CSeq of our INVITE sent again (after a 401/407 or 422), its early dialogs forgotten.
  void next_invite_cseq();
  // RFC 3263 §4.3: our INVITE failed at this server with `status` (408 timeout, 503 transport
  // error or response) before any dialog: the same INVITE to the next server. False when there
  // is none left, or we were hanging up.
  [[nodiscard]] bool try_next_server(int status, TimePoint now);
  [[nodiscard]] std::optional<Authorization> answer_challenge(Method method, std::string_view uri,
                                                              const Message& response);
  [[nodiscard]] std::string contact() const;
  void end(int status, bool by_peer, std::vector<std::string> redirect_to = {});
  // Sends a 2xx to an INVITE and resends it until its ACK (§13.3.1.4); the first INVITE's
  // creates the dialog (Record-Route copied, §12.1.1).
  [[nodiscard]] Result<void> send_2xx(TransactionId transaction, const Message& invite,
                                      std::string_view sdp, TimePoint now, bool creates_dialog);
  // A 1xx to the INVITE in our early dialog, with `extra` and, if `with_answer`, local_sdp_.
  [[nodiscard]] Result<Message> send_provisional(int status, std::span<const ExtraHeader> extra,
                                                 bool with_answer, TimePoint now);
  // invite_session_prack.cpp
  // A reliable 180, or 183 with our answer (local_sdp_): RSeq, resent until its PRACK.
  [[nodiscard]] Result<void> send_reliable_1xx(int status, TimePoint now);
  // A 1xx with RSeq: PRACKed; false when it is one seen already (to be dropped).
  [[nodiscard]] bool acknowledge_reliable_1xx(const Message& response, TimePoint now);
  // invite_session_refresh.cpp
  // What our requests and 2xx responses carry for the session timer, and its (re)start.
  [[nodiscard]] std::vector<ExtraHeader> timer_request_headers();
  // For our 2xx to the peer's INVITE, re-INVITE or UPDATE `request` (the timer restarts).
  [[nodiscard]] std::vector<ExtraHeader> timer_answer(const Message& request, TimePoint now);
  void restart_session_timer(TimePoint now);
  void send_refresh(TimePoint now);
  // invite_session_offers.cpp
  void on_reinvite_response(const Message& response, TimePoint now);
  void on_update_offer_response(const Message& response, TimePoint now);
  // Our offer refused with `status` (3xx–6xx, or 408 for no answer): told; after a 491 the
  // wait of §14.1; a dialog gone (408, 481) ended with BYE.
  void offer_refused(int status, TimePoint now);
  [[nodiscard]] Result<void> send_update_offer(const std::optional<Authorization>& authorization,
                                               TimePoint now);
  // Our offer (reoffer_sdp_) as a re-INVITE or UPDATE in the dialog, with the session timer's
  // headers and, if given, our answer to a challenge.
  [[nodiscard]] Result<Message> make_offer_request(
      Method method, const std::optional<Authorization>& authorization);
  void on_reinvite_ack(const Message& ack);
  [[nodiscard]] Result<void> send_reinvite(const std::optional<Authorization>& authorization,
                                           TimePoint now);
  void refuse_with_retry_after(TransactionId transaction, const Message& request, TimePoint now);
  // invite_session_info.cpp
  struct InfoSent {
    std::string content_type;
    std::string body;
  };
  static constexpr std::size_t kMaxOpenInfos = 32;  // a DTMF key each, 200 ms apart
  [[nodiscard]] Result<TransactionId> send_info_request(
      const InfoSent& info, const std::optional<Authorization>& authorization, TimePoint now);
  // Our INFO `transaction` ended with `status`: told; a dialog gone ended with BYE (§12.2.1.2).
  // False when it was not one of ours.
  bool info_finished(TransactionId transaction, int status, TimePoint now);

  // invite_session_refer.cpp
  [[nodiscard]] Result<TransactionId> send_refer_request(
      const std::optional<Authorization>& authorization, TimePoint now);
  struct ReferSent {
    TransactionId transaction = 0;
    std::string refer_to;
    std::string referred_by;
  };
  std::optional<ReferSent> our_refer_;  // until its final answer
  bool refer_subscribed_ = false;       // the peer took a REFER of ours: its NOTIFYs count
  bool referred_ = false;               // we took the peer's REFER: our NOTIFYs may go

  CallId id_;
  SessionContext* context_;
  bool outgoing_ = false;
  bool ended_ = false;
  CallState state_ = CallState::kCalling;
  Message invite_;  // ours (outgoing) or theirs (incoming)
  TransactionId invite_transaction_ = 0;
  transport::Flow flow_;         // where the peer is
  std::size_t next_server_ = 0;  // caller_.other_servers already tried (outgoing)
  std::string local_tag_;
  std::optional<Dialog> dialog_;
  std::map<TransactionId, InfoSent> our_infos_;  // INFOs waiting for their final answers
  bool cancel_when_provisional_ = false;         // hangup() before any 1xx (§9.1: wait for one)
  bool bye_when_acked_ = false;                  // hangup() while our 2xx awaits its ACK (§15)
  // Our 2xx to an INVITE (the first or a re-INVITE), resent until the ACK (§13.3.1.4).
  std::string answer_text_;
  Duration answer_interval_{0};
  TimePoint answer_deadline_{};
  bool awaiting_ack_ = false;
  std::uint32_t awaited_ack_cseq_ = 0;
  // Offers inside the call: our re-INVITE in flight (its transaction until a final response)
  // and the ACK we sent to its 2xx (resent for a retransmitted 2xx); the peer's re-INVITE or
  // UPDATE waiting for accept_offer(); an offer of ours in a 2xx, answered in the ACK.
  std::optional<TransactionId> our_reinvite_;
  Message our_reinvite_request_;
  std::string reoffer_sdp_;
  std::uint32_t our_reinvite_cseq_ = 0;
  std::string our_reinvite_ack_;
  std::optional<std::pair<TransactionId, Message>> peer_offer_;
  bool offer_in_our_2xx_ = false;
  // RFC 3262 as the callee: the INVITE requires 100rel; our last RSeq; our reliable 180,
  // resent until its PRACK. As the caller: the last RSeq PRACKed, in its early dialog.
  bool peer_requires_100rel_ = false;
  bool peer_supports_100rel_ = false;
  std::uint32_t rseq_ = 0;
  bool prack_pending_ = false;
  // Our early answer went in a reliable 183 not PRACKed yet: the 200 waits for the PRACK (§3),
  // with the SDP answer() was given.
  bool answer_in_reliable_1xx_ = false;
  std::optional<std::string> answer_after_prack_;
  std::string reliable_1xx_text_;
  Duration reliable_interval_{0};
  TimePoint reliable_deadline_{};
  // As the caller: each callee's early dialog (by its To tag) with the last RSeq PRACKed in it,
  // so that a fork's requests go on with their own CSeq (§12.2.1.1); and the forks whose 2xx
  // we answered with BYE (their 2xx again is only ACKed). Both at most kMaxForks: a peer
  // inventing tags gets no more state (no PRACK, no BYE) from us.
  struct EarlyDialog {
    Dialog dialog;
    std::uint32_t last_rseq = 0;
  };
  static constexpr std::size_t kMaxForks = 8;
  std::map<std::string, EarlyDialog, std::less<>> early_dialogs_;
  std::set<std::string, std::less<>> forks_ended_;
  // RFC 4028: the timer; the peer takes UPDATE (refreshes go without SDP); our re-INVITE in
  // flight is only a refresh (its answer is not the application's); our UPDATE in flight; the
  // session expired (the BYE's end says 408).
  SessionTimer session_timer_;
  unsigned armed_timers_ = 0;  // timer_bit() of each kind set and not yet fired or cancelled
  bool peer_allows_update_ = false;
  bool refresh_only_ = false;
  std::optional<TransactionId> our_update_;
  bool expired_ = false;
  // Our UPDATE in flight carries an offer (reoffer() by UPDATE), not only a refresh.
  bool update_offer_ = false;
  Message our_update_request_;
  // Storage for the header values timer_request_headers() and timer_answer() return.
  std::string timer_value_;
  std::string min_se_text_;
  std::string local_sdp_;
  // Outgoing: what dial() was given, to send the INVITE again with credentials.
  std::string target_;
  std::string call_id_;
  std::uint32_t cseq_ = 1;
  int challenges_ = 0;     // answered for this call (one per request, a stale one more)
  CallerIdentity caller_;  // outgoing: whose call it is (empty fields: the UA's defaults)
};

}  // namespace sipline::sip
